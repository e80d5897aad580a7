package io.dpsynth.evaluation.downstream;

import io.dpsynth.evaluation.text.NgramHashes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * TF-IDF over word unigrams and bigrams (by hash), with scikit-learn's defaults: raw term counts,
 * smoothed idf {@code ln((1 + n) / (1 + df)) + 1}, rows scaled to unit L2 norm. The vocabulary is
 * the n-grams in at least {@code minDocumentFrequency} training texts, capped at the most frequent
 * {@code maxFeatures}.
 */
public final class TfidfVectorizer {

    /** A row of the TF-IDF matrix: ascending feature indices (from 0) and their weights. */
    public record SparseVector(int[] indices, double[] values) {
    }

    private final Map<Long, Integer> featureIndex;
    private final double[] idf;

    private TfidfVectorizer(Map<Long, Integer> featureIndex, double[] idf) {
        this.featureIndex = featureIndex;
        this.idf = idf;
    }

    public static TfidfVectorizer fit(Collection<String> texts, int minDocumentFrequency, int maxFeatures) {
        Map<Long, Integer> documentFrequency = new HashMap<>();
        for (String text : texts) {
            for (long term : distinctTerms(text)) {
                documentFrequency.merge(term, 1, Integer::sum);
            }
        }
        List<Map.Entry<Long, Integer>> kept = new ArrayList<>(documentFrequency.entrySet().stream()
                .filter(e -> e.getValue() >= minDocumentFrequency).toList());
        // Most frequent first; ties by hash so that the vocabulary does not depend on map iteration order.
        kept.sort(Comparator.comparing((Map.Entry<Long, Integer> e) -> -e.getValue()).thenComparing(Map.Entry::getKey));
        int size = Math.min(maxFeatures, kept.size());
        Map<Long, Integer> index = new HashMap<>(size * 2);
        double[] idf = new double[size];
        for (int i = 0; i < size; i++) {
            index.put(kept.get(i).getKey(), i);
            idf[i] = Math.log((1.0 + texts.size()) / (1.0 + kept.get(i).getValue())) + 1;
        }
        return new TfidfVectorizer(index, idf);
    }

    public int features() {
        return idf.length;
    }

    public SparseVector transform(String text) {
        Map<Integer, Integer> termCounts = new HashMap<>();
        for (long term : terms(text)) {
            Integer feature = featureIndex.get(term);
            if (feature != null) {
                termCounts.merge(feature, 1, Integer::sum);
            }
        }
        int[] indices = termCounts.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        double[] values = new double[indices.length];
        double norm = 0;
        for (int i = 0; i < indices.length; i++) {
            values[i] = termCounts.get(indices[i]) * idf[indices[i]];
            norm += values[i] * values[i];
        }
        if (norm > 0) {
            double scale = 1 / Math.sqrt(norm);
            for (int i = 0; i < values.length; i++) {
                values[i] *= scale;
            }
        }
        return new SparseVector(indices, values);
    }

    private static long[] terms(String text) {
        long[] tokens = NgramHashes.tokens(text);
        long[] bigrams = NgramHashes.ngrams(tokens, 2);
        long[] all = Arrays.copyOf(tokens, tokens.length + bigrams.length);
        System.arraycopy(bigrams, 0, all, tokens.length, bigrams.length);
        return all;
    }

    private static long[] distinctTerms(String text) {
        return Arrays.stream(terms(text)).distinct().toArray();
    }
}
