package io.dpsynth.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpsynth.evaluation.downstream.TfidfLogisticRegression;
import io.dpsynth.evaluation.mauve.EmbedderFactory;
import io.dpsynth.evaluation.mauve.MauveSettings;
import io.dpsynth.evaluation.ngram.LengthHistogram;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UtilityEvaluatorTest {

    private static final List<String> LABELS = List.of("alpha", "beta");
    private final UtilityEvaluator evaluator = new UtilityEvaluator(TfidfLogisticRegression.defaults(),
            EmbedderFactory.tfidf(64), MauveSettings.defaults(25));

    private RealReference reference() throws InvalidEvaluationInputException {
        return RealReference.prepare(evaluator.classifier(), PlantedTopics.texts(200, LABELS, 1),
                PlantedTopics.texts(100, LABELS, 2));
    }

    @Test
    void reportIsJsonWithEverySectionAndNoRecordContent() throws Exception {
        List<LabeledText> synthetic = PlantedTopics.texts(150, LABELS, 3);
        UtilityReport report = evaluator.evaluate(synthetic, reference());
        String json = new String(UtilityReportJson.write(report, List.of()), StandardCharsets.UTF_8);
        JsonNode root = new ObjectMapper().readTree(json);

        assertEquals(UtilityReportJson.SCHEMA_VERSION, root.get("schemaVersion").asInt());
        assertEquals(150, root.at("/counts/syntheticRecords").asInt());
        assertEquals(2, root.at("/counts/classes").asInt());
        assertTrue(root.at("/downstream/syntheticToReal/accuracy").asDouble() > 0.9);
        assertTrue(root.at("/downstream/realToReal/macroF1").asDouble() > 0.9);
        assertEquals("tfidf-64", root.at("/mauve/embedding").asText());
        assertTrue(root.at("/mauve/score").asDouble() > 0.5, json);
        assertEquals(10, root.at("/mauve/clusters").asInt()); // min(150, 100) / 10
        assertEquals(LengthHistogram.LOWER_EDGES.length, root.at("/lengths/synthetic/counts").size());
        assertTrue(root.at("/pending").size() > 0);
        // Nothing from the records: no token and no label value.
        assertFalse(json.contains("common"), json);
        assertFalse(json.contains("t0w"), json);
        LABELS.forEach(label -> assertFalse(json.contains(label), json));
    }

    @Test
    void thresholdsNameWhatWasMissed() throws Exception {
        UtilityReport report = evaluator.evaluate(PlantedTopics.texts(150, LABELS, 3), reference());
        UtilityThresholds strict = new UtilityThresholds(OptionalDouble.of(1.01), OptionalDouble.empty(),
                OptionalDouble.of(0.0));
        assertEquals(List.of("accuracy"), strict.missed(report));
        assertEquals(List.of(), UtilityThresholds.NONE.missed(report));
    }

    @Test
    void emptySyntheticSetIsRejected() throws Exception {
        RealReference reference = reference();
        InvalidEvaluationInputException e = assertThrows(InvalidEvaluationInputException.class,
                () -> evaluator.evaluate(List.of(), reference));
        assertEquals("there are no synthetic records", e.getMessage());
    }

    @Test
    void syntheticLabelAbsentFromTheRealRecordsIsRejectedWithoutNamingIt() throws Exception {
        RealReference reference = reference();
        List<LabeledText> synthetic = List.of(new LabeledText("x y", "alpha"), new LabeledText("x y", "gamma-secret"));
        InvalidEvaluationInputException e = assertThrows(InvalidEvaluationInputException.class,
                () -> evaluator.evaluate(synthetic, reference));
        assertFalse(e.getMessage().contains("gamma-secret"));
        assertTrue(e.getMessage().startsWith("1 label(s)"), e.getMessage());
    }

    @Test
    void realReferenceNeedsBothSplits() {
        assertThrows(InvalidEvaluationInputException.class, () -> RealReference.prepare(evaluator.classifier(),
                List.of(), PlantedTopics.texts(10, LABELS, 2)));
        assertThrows(InvalidEvaluationInputException.class, () -> RealReference.prepare(evaluator.classifier(),
                PlantedTopics.texts(10, LABELS, 2), List.of()));
    }
}
