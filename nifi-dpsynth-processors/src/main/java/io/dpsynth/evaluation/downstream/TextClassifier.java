package io.dpsynth.evaluation.downstream;

import io.dpsynth.evaluation.LabeledText;

import java.util.List;
import java.util.Map;

/**
 * A kind of downstream classifier: how to learn labels from texts. The downstream evaluation only
 * sees this interface, so the TF-IDF baseline, a word-level CNN or a probe on a sentence encoder
 * plug in alike. Implementations must be deterministic for a fixed configuration (seed included).
 */
public interface TextClassifier {

    /** Short identifier written to the report, e.g. {@code tfidf-logistic-regression}. */
    String name();

    /** Settings worth reporting next to the scores (numbers and identifiers only). */
    Map<String, Object> settings();

    /** Learns from {@code examples}, which hold at least one example. */
    Trained train(List<LabeledText> examples);

    /** A classifier after training. */
    interface Trained {
        /** The predicted label of {@code text}; one of the labels seen in training. */
        String predict(String text);

        /** The predicted labels of {@code texts}, in order; classifiers that predict faster in batches override it. */
        default List<String> predictAll(List<String> texts) {
            return texts.stream().map(this::predict).toList();
        }
    }
}
