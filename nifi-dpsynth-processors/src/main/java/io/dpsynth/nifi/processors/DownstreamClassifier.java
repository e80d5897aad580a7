package io.dpsynth.nifi.processors;

import io.dpsynth.evaluation.downstream.MiniLmProbe;
import io.dpsynth.evaluation.downstream.TextClassifier;
import io.dpsynth.evaluation.downstream.TfidfLogisticRegression;
import io.dpsynth.evaluation.downstream.WordCnnClassifier;
import org.apache.nifi.components.DescribedValue;

/** The downstream classifiers EvaluateUtility offers. */
enum DownstreamClassifier implements DescribedValue {
    TFIDF(TfidfLogisticRegression.NAME, "TF-IDF Logistic Regression", "Word unigrams and bigrams, TF-IDF weighted, "
            + "L2-regularised logistic regression (liblinear). Fast; no model runtime."),
    WORD_CNN(WordCnnClassifier.NAME, "Word CNN", "The paper's word-level CNN (DJL, CPU): 128-d word embeddings, 100 "
            + "filters each of widths 3, 4 and 5, max over time, dropout 0.5, Adam, 5 epochs, seeded by Random Seed. "
            + "Slower; training waits for the JVM-wide training lease."),
    MINILM_PROBE(MiniLmProbe.NAME, "MiniLM Probe", "A linear probe on a pre-trained sentence encoder: L2-regularised "
            + "logistic regression (liblinear, C = 1) on the frozen 384-d vectors of all-MiniLM-L6-v2 (quantised ONNX, "
            + "bundled, run by ONNX Runtime on the CPU). Sees meaning rather than exact words.");

    private final String value;
    private final String displayName;
    private final String description;

    DownstreamClassifier(String value, String displayName, String description) {
        this.value = value;
        this.displayName = displayName;
        this.description = description;
    }

    TextClassifier create(long seed) {
        return switch (this) {
            case TFIDF -> TfidfLogisticRegression.defaults();
            case WORD_CNN -> new WordCnnClassifier(WordCnnClassifier.Settings.defaults(seed));
            case MINILM_PROBE -> MiniLmProbe.defaults();
        };
    }

    @Override
    public String getValue() {
        return value;
    }

    @Override
    public String getDisplayName() {
        return displayName;
    }

    @Override
    public String getDescription() {
        return description;
    }
}
