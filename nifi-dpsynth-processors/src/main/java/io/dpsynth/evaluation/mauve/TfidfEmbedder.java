package io.dpsynth.evaluation.mauve;

import io.dpsynth.evaluation.downstream.TfidfVectorizer;

import java.util.Collection;
import java.util.List;

/**
 * A non-neural stand-in embedding for MAUVE: dense TF-IDF vectors over the word unigrams and
 * bigrams that occur in the most texts of the fitting set (fit it on the union of both sets, as
 * MAUVE fits its PCA). It sees word choice, not meaning, so its MAUVE is not comparable with
 * MAUVE on model embeddings; the report names the embedding for that reason.
 */
public final class TfidfEmbedder implements TextEmbedder {

    public static final int DEFAULT_DIMENSIONS = 256;

    private final TfidfVectorizer vectorizer;

    private TfidfEmbedder(TfidfVectorizer vectorizer) {
        this.vectorizer = vectorizer;
    }

    public static TfidfEmbedder fit(Collection<String> texts, int dimensions) {
        return new TfidfEmbedder(TfidfVectorizer.fit(texts, 1, dimensions));
    }

    @Override
    public String name() {
        return "tfidf-" + vectorizer.features();
    }

    @Override
    public double[][] embed(List<String> texts) {
        double[][] vectors = new double[texts.size()][];
        for (int i = 0; i < vectors.length; i++) {
            TfidfVectorizer.SparseVector sparse = vectorizer.transform(texts.get(i));
            double[] dense = new double[vectorizer.features()];
            for (int j = 0; j < sparse.indices().length; j++) {
                dense[sparse.indices()[j]] = sparse.values()[j];
            }
            vectors[i] = dense;
        }
        return vectors;
    }
}
