package io.dpsynth.evaluation;

import io.dpsynth.evaluation.downstream.ClassificationScores;
import io.dpsynth.evaluation.downstream.DownstreamEvaluation;
import io.dpsynth.evaluation.downstream.TfidfLogisticRegression;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DownstreamEvaluationTest {

    private static final List<String> LABELS = List.of("a", "b", "c");
    private final List<LabeledText> train = PlantedTopics.texts(600, LABELS, 1);
    private final List<LabeledText> test = PlantedTopics.texts(600, LABELS, 2);

    @Test
    void classifierLearnsPlantedTopics() {
        ClassificationScores scores = DownstreamEvaluation.trainAndTest(TfidfLogisticRegression.defaults(), train, test);
        assertTrue(scores.accuracy() > 0.95, "accuracy " + scores.accuracy());
        assertTrue(scores.macroF1() > 0.95, "macro-F1 " + scores.macroF1());
    }

    @Test
    void classifierTrainedOnShuffledLabelsLandsNearChance() {
        List<String> shuffledLabels = new ArrayList<>(train.stream().map(LabeledText::label).toList());
        Collections.shuffle(shuffledLabels, new Random(7));
        List<LabeledText> shuffled = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            shuffled.add(new LabeledText(train.get(i).text(), shuffledLabels.get(i)));
        }
        ClassificationScores scores = DownstreamEvaluation.trainAndTest(TfidfLogisticRegression.defaults(), shuffled, test);
        // Chance is 1/3 for three balanced classes; 600 test texts put 2.5 standard errors at about ±0.05.
        assertEquals(1.0 / 3, scores.accuracy(), 0.07, "accuracy " + scores.accuracy());
        assertTrue(scores.macroF1() < 0.42, "macro-F1 " + scores.macroF1());
    }

    @Test
    void evaluationReportsSyntheticReferenceAndMajorityScores() {
        List<LabeledText> weakSynthetic = PlantedTopics.texts(30, LABELS, 3);
        DownstreamEvaluation.Result result = DownstreamEvaluation.evaluate(TfidfLogisticRegression.defaults(),
                weakSynthetic, train, test);
        assertEquals(TfidfLogisticRegression.NAME, result.classifier());
        assertEquals(1.0 / 3, result.majorityClassAccuracy(), 1e-12);
        assertTrue(result.realToReal().accuracy() >= result.syntheticToReal().accuracy());
        assertEquals(600, result.syntheticToReal().examples());
    }

    @Test
    void macroF1CountsANeverPredictedClassAsZero() {
        ClassificationScores scores = ClassificationScores.of(List.of("x", "x", "x", "y"), List.of("x", "x", "x", "x"));
        assertEquals(0.75, scores.accuracy(), 1e-12);
        assertEquals((6.0 / 7 + 0) / 2, scores.macroF1(), 1e-12); // F1(x) = 2·3 / (2·3 + 1)
    }
}
