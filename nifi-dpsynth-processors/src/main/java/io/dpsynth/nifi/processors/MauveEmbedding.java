package io.dpsynth.nifi.processors;

import io.dpsynth.evaluation.lm.ModelEmbedder;
import io.dpsynth.evaluation.mauve.EmbedderFactory;
import io.dpsynth.evaluation.mauve.TfidfEmbedder;
import io.dpsynth.evaluation.sentence.MiniLmEmbedder;
import io.dpsynth.evaluation.sentence.MiniLmSentenceEncoder;
import io.dpsynth.model.LanguageModel;
import org.apache.nifi.components.DescribedValue;

/** The feature vectors EvaluateUtility's MAUVE compares. */
enum MauveEmbedding implements DescribedValue {
    AUTOMATIC("automatic", "Automatic", "The Language Model's embedding when one is set, else TF-IDF."),
    TFIDF("tfidf", "TF-IDF", "TF-IDF over the 256 word unigrams/bigrams most frequent in the two sets (tfidf-256): "
            + "word choice only, no model."),
    LANGUAGE_MODEL("language-model", "Language Model", "The Language Model's final hidden states, mean-pooled "
            + "(needs a Language Model)."),
    MINILM("minilm", "MiniLM", "The bundled sentence encoder all-MiniLM-L6-v2 (" + MiniLmSentenceEncoder.NAME
            + "), 384-d, run by ONNX Runtime on the CPU.");

    private final String value;
    private final String displayName;
    private final String description;

    MauveEmbedding(String value, String displayName, String description) {
        this.value = value;
        this.displayName = displayName;
        this.description = description;
    }

    /** @param model the Language Model, or null when none is set */
    EmbedderFactory create(LanguageModel model) {
        return switch (this) {
            case AUTOMATIC -> model == null ? TFIDF.create(null) : LANGUAGE_MODEL.create(model);
            case TFIDF -> EmbedderFactory.tfidf(TfidfEmbedder.DEFAULT_DIMENSIONS);
            case LANGUAGE_MODEL -> ModelEmbedder.factory(model);
            case MINILM -> MiniLmEmbedder.factory();
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
