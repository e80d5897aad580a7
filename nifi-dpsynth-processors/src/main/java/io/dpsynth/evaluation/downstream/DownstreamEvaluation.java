package io.dpsynth.evaluation.downstream;

import io.dpsynth.evaluation.LabeledText;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The paper's utility measure: a classifier trained on synthetic records and tested on real
 * held-out records, next to the same classifier trained on the real training records (what the
 * synthetic data would have to match) and the majority-class accuracy (what no learning achieves).
 */
public final class DownstreamEvaluation {

    public record Result(String classifier, Map<String, Object> settings, ClassificationScores syntheticToReal,
                         ClassificationScores realToReal, double majorityClassAccuracy) {
    }

    private DownstreamEvaluation() {
    }

    public static Result evaluate(TextClassifier classifier, List<LabeledText> synthetic, List<LabeledText> realTrain,
                                  List<LabeledText> realTest) {
        return evaluate(classifier, synthetic, realTest, trainAndTest(classifier, realTrain, realTest));
    }

    /** As above with the real→real reference already known (it does not depend on the synthetic records). */
    public static Result evaluate(TextClassifier classifier, List<LabeledText> synthetic, List<LabeledText> realTest,
                                  ClassificationScores realToReal) {
        return new Result(classifier.name(), classifier.settings(), trainAndTest(classifier, synthetic, realTest),
                realToReal, majorityClassAccuracy(realTest));
    }

    public static ClassificationScores trainAndTest(TextClassifier classifier, List<LabeledText> train,
                                                    List<LabeledText> test) {
        TextClassifier.Trained trained = classifier.train(train);
        List<String> predicted = trained.predictAll(test.stream().map(LabeledText::text).toList());
        return ClassificationScores.of(test.stream().map(LabeledText::label).toList(), predicted);
    }

    private static double majorityClassAccuracy(List<LabeledText> test) {
        Map<String, Integer> counts = new HashMap<>();
        test.forEach(example -> counts.merge(example.label(), 1, Integer::sum));
        return (double) counts.values().stream().mapToInt(Integer::intValue).max().orElse(0) / test.size();
    }
}
