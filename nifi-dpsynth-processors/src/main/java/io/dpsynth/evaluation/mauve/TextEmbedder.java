package io.dpsynth.evaluation.mauve;

import java.util.List;
import java.util.Optional;

/**
 * Turns texts into feature vectors for MAUVE. The reference implementation uses a language model's
 * hidden states; dpsynth's is {@link io.dpsynth.evaluation.lm.ModelEmbedder} (the base model's
 * mean-pooled hidden states), and without a model {@link TfidfEmbedder} stands in.
 */
public interface TextEmbedder {

    /** Identifier written to the report so that scores from different embeddings are never compared. */
    String name();

    /** One vector per text, all of the same length, in the order of {@code texts}. */
    double[][] embed(List<String> texts);

    /** Texts cut to a length limit by all {@link #embed} calls of this embedder (0 when it has none). */
    default int truncatedTexts() {
        return 0;
    }

    /**
     * A key that is the same exactly when a text gets the same vector, so that the vectors of a fixed set may be
     * reused across comparisons; empty (the default) for an embedding fitted to the sets compared, like TF-IDF.
     */
    default Optional<String> reuseKey() {
        return Optional.empty();
    }
}
