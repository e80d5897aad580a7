package io.dpsynth.evaluation.downstream;

import io.dpsynth.evaluation.LabeledText;
import io.dpsynth.evaluation.PlantedTopics;
import io.dpsynth.model.TrainingGate;
import io.dpsynth.model.TrainingLease;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WordCnnClassifierTest {

    private static final List<String> LABELS = List.of("a", "b", "c");
    private final List<LabeledText> train = PlantedTopics.texts(600, LABELS, 1);
    private final List<LabeledText> test = PlantedTopics.texts(600, LABELS, 2);

    /** Small enough for a unit test on a busy CPU. */
    static WordCnnClassifier.Settings small(long seed) {
        return new WordCnnClassifier.Settings(32, 16, new int[] {3, 4, 5}, 0.5, 3e-3, 6, 32, 64, 1, 5_000, seed,
                Duration.ofSeconds(30));
    }

    @Test
    void learnsPlantedTopics() {
        ClassificationScores scores = DownstreamEvaluation.trainAndTest(new WordCnnClassifier(small(1)), train, test);
        assertTrue(scores.accuracy() > 0.9, "accuracy " + scores.accuracy());
        assertTrue(scores.macroF1() > 0.9, "macro-F1 " + scores.macroF1());
    }

    @Test
    void shuffledLabelsLandNearChance() {
        List<String> labels = new ArrayList<>(train.stream().map(LabeledText::label).toList());
        Collections.shuffle(labels, new Random(7));
        List<LabeledText> shuffled = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            shuffled.add(new LabeledText(train.get(i).text(), labels.get(i)));
        }
        ClassificationScores scores = DownstreamEvaluation.trainAndTest(new WordCnnClassifier(small(1)), shuffled, test);
        // chance is 1/3; 600 test texts put 2.5 standard errors at about ±0.05
        assertEquals(1.0 / 3, scores.accuracy(), 0.07, "accuracy " + scores.accuracy());
    }

    @Test
    void aSeedReproducesTheClassifierAndBatchingChangesNoPrediction() {
        List<LabeledText> few = train.subList(0, 150);
        List<String> texts = test.subList(0, 100).stream().map(LabeledText::text).toList();
        TextClassifier.Trained first = new WordCnnClassifier(small(5)).train(few);
        List<String> predicted = first.predictAll(texts);
        assertEquals(predicted, new WordCnnClassifier(small(5)).train(few).predictAll(texts));
        for (int i = 0; i < 10; i++) {
            assertEquals(predicted.get(i), first.predict(texts.get(i)), "text " + i + " alone");
        }
    }

    @Test
    void waitsForTheTrainingLeaseAndGivesUpAfterTheConfiguredWait() throws Exception {
        TrainingGate gate = TrainingGate.jvmWide();
        WordCnnClassifier.Settings impatient = new WordCnnClassifier.Settings(8, 4, new int[] {3}, 0.5, 1e-3, 1, 32, 16,
                1, 100, 1, Duration.ofMillis(50));
        TrainingLease[] lease = new TrainingLease[1];
        Thread other = Thread.ofPlatform().start(() -> {
            try {
                lease[0] = gate.acquire(Duration.ofSeconds(5));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        other.join();
        try {
            assertThrows(TrainingUnavailableException.class, () -> new WordCnnClassifier(impatient).train(train));
        } finally {
            lease[0].close();
        }
        new WordCnnClassifier(impatient).train(train.subList(0, 10)); // free again
        assertTrue(!gate.busy());
    }
}
