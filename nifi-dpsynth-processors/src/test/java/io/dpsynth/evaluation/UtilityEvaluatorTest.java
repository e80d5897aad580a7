package io.dpsynth.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpsynth.evaluation.downstream.TfidfLogisticRegression;
import io.dpsynth.evaluation.mauve.EmbedderFactory;
import io.dpsynth.evaluation.mauve.MauveSettings;
import io.dpsynth.evaluation.mauve.TextEmbedder;
import io.dpsynth.evaluation.ngram.LengthHistogram;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
    void heldOutVectorsOfAReusableEmbeddingAreComputedOncePerReference() throws Exception {
        List<Integer> calls = new ArrayList<>();
        UtilityEvaluator withReusable = new UtilityEvaluator(TfidfLogisticRegression.defaults(),
                (s, r) -> new CountingEmbedder(calls, Optional.of("fixed")), MauveSettings.defaults(25));
        RealReference reference = reference();
        UtilityReport first = withReusable.evaluate(PlantedTopics.texts(150, LABELS, 3), reference);
        UtilityReport second = withReusable.evaluate(PlantedTopics.texts(150, LABELS, 3), reference);
        assertEquals(List.of(150, 100, 150), calls); // the held-out set (100) once, each synthetic set
        assertEquals(first.mauve().result(), second.mauve().result());
        assertEquals(2 * 5, second.mauve().truncatedTexts()); // 5 cut per call: the synthetic set's and the kept ones

        calls.clear();
        UtilityEvaluator withFitted = new UtilityEvaluator(TfidfLogisticRegression.defaults(),
                (s, r) -> new CountingEmbedder(calls, Optional.empty()), MauveSettings.defaults(25));
        withFitted.evaluate(PlantedTopics.texts(150, LABELS, 3), reference);
        withFitted.evaluate(PlantedTopics.texts(150, LABELS, 3), reference);
        assertEquals(List.of(150, 100, 150, 100), calls);
    }

    /** Vectors from text lengths; records the size of each call and claims 5 cut texts per call of this instance. */
    private static final class CountingEmbedder implements TextEmbedder {
        private final List<Integer> calls;
        private final Optional<String> key;
        private int ownCalls;

        CountingEmbedder(List<Integer> calls, Optional<String> key) {
            this.calls = calls;
            this.key = key;
        }

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public double[][] embed(List<String> texts) {
            calls.add(texts.size());
            ownCalls++;
            return texts.stream().map(text -> new double[] {text.length(), text.split(" ").length, 1}).toArray(double[][]::new);
        }

        @Override
        public int truncatedTexts() {
            return 5 * ownCalls;
        }

        @Override
        public Optional<String> reuseKey() {
            return key;
        }
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
