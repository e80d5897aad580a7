package io.dpsynth.evaluation.downstream;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Accuracy and macro-averaged F1 of predictions. Macro-F1 averages the per-class F1 over every
 * label that occurs in the truth or the predictions (as scikit-learn does); a class never predicted
 * scores 0, so a classifier that ignores a minority class cannot hide behind accuracy.
 */
public record ClassificationScores(double accuracy, double macroF1, int examples) {

    public static ClassificationScores of(List<String> truth, List<String> predicted) {
        if (truth.size() != predicted.size() || truth.isEmpty()) {
            throw new IllegalArgumentException("need the same positive number of true and predicted labels");
        }
        Map<String, int[]> perClass = new HashMap<>(); // true positives, false positives, false negatives
        int correct = 0;
        for (int i = 0; i < truth.size(); i++) {
            String t = truth.get(i);
            String p = predicted.get(i);
            if (t.equals(p)) {
                correct++;
                perClass.computeIfAbsent(t, k -> new int[3])[0]++;
            } else {
                perClass.computeIfAbsent(p, k -> new int[3])[1]++;
                perClass.computeIfAbsent(t, k -> new int[3])[2]++;
            }
        }
        double f1Sum = 0;
        for (String label : new TreeSet<>(perClass.keySet())) { // fixed order: the same sum every time
            int[] c = perClass.get(label);
            int denominator = 2 * c[0] + c[1] + c[2];
            f1Sum += denominator == 0 ? 0 : 2.0 * c[0] / denominator;
        }
        return new ClassificationScores((double) correct / truth.size(), f1Sum / perClass.size(), truth.size());
    }
}
