package io.dpsynth.evaluation.mauve;

import java.util.List;

/**
 * Chooses the embedder for one MAUVE comparison. A fitted embedding (TF-IDF) fits on both sets; a
 * model's embedding ignores them and returns itself.
 */
@FunctionalInterface
public interface EmbedderFactory {

    TextEmbedder embedderFor(List<String> synthetic, List<String> real);

    /** The stand-in without a language model: TF-IDF fitted on the union of both sets. */
    static EmbedderFactory tfidf(int dimensions) {
        return (synthetic, real) -> {
            List<String> union = new java.util.ArrayList<>(synthetic);
            union.addAll(real);
            return TfidfEmbedder.fit(union, dimensions);
        };
    }
}
