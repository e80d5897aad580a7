package io.dpsynth.evaluation.mauve;

import java.util.List;

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
}
