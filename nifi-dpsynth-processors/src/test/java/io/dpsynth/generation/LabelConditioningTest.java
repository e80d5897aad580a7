package io.dpsynth.generation;

import io.dpsynth.dpsgd.LoraTuner;
import io.dpsynth.evaluation.LabeledText;
import io.dpsynth.evaluation.downstream.TextClassifier;
import io.dpsynth.evaluation.downstream.TfidfLogisticRegression;
import io.dpsynth.model.GenerationConditioning;
import io.dpsynth.model.GenerationSettings;
import io.dpsynth.model.LanguageModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** An adapter tuned in the test on label-dependent texts makes records that a classifier puts in their label. */
class LabelConditioningTest {

    private static final int PER_LABEL = 40;

    private static LanguageModel language;
    private static List<LabeledText> training;
    private static LoraTuner tuner;
    private static TextClassifier.Trained classifier;

    @BeforeAll
    static void tune(@TempDir Path directory) throws IOException {
        language = PlantedLabels.model(directory, 17, 25, 1);
        training = PlantedLabels.texts(200, 1);
        tuner = PlantedLabels.tune(language, training, 300);
        classifier = TfidfLogisticRegression.defaults().train(training);
    }

    @AfterAll
    static void close() {
        tuner.close();
        language.close();
    }

    @Test
    void recordsOfEachLabelAreClassifiedIntoItMoreOftenThanChance() throws IOException {
        Map<String, Double> tuned = agreement(tuner);
        Map<String, Double> base = agreement(GenerationConditioning.none());
        System.out.println("label agreement tuned " + tuned + ", base model " + base);
        for (String label : List.of("a", "b")) {
            assertTrue(tuned.get(label) >= 0.75, "label " + label + ": " + tuned);
        }
        assertTrue(tuned.get("a") + tuned.get("b") > base.get("a") + base.get("b") + 0.3,
                "tuning must be what conditions the records: tuned " + tuned + ", base " + base);
    }

    /** Share of each label's records that the classifier assigns to that label. */
    private static Map<String, Double> agreement(GenerationConditioning conditioning) throws IOException {
        SyntheticGenerator generator = new SyntheticGenerator(language.model(), language.tokenizer(), conditioning,
                PlantedLabels.TEMPLATE, language.maxSequenceLength());
        Map<String, Integer> counts = new LinkedHashMap<>(Map.of("a", PER_LABEL));
        counts.put("b", PER_LABEL);
        List<SyntheticRecord> records = new ArrayList<>();
        generator.generate(counts, new GenerationSettings(16, 0.7, 0, 1, 11, true), 16, records::addAll, () -> false);
        Map<String, Double> agreement = new LinkedHashMap<>();
        for (String label : counts.keySet()) {
            List<String> texts = records.stream().filter(r -> r.label().equals(label)).map(SyntheticRecord::text).toList();
            long agreeing = classifier.predictAll(texts).stream().filter(label::equals).count();
            agreement.put(label, (double) agreeing / PER_LABEL); // dropped records count as disagreeing
        }
        return agreement;
    }
}
