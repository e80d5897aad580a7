package io.dpsynth.evaluation.downstream;

import io.dpsynth.evaluation.text.NgramHashes;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Word ids for the CNN, over the evaluation's word tokens ({@link NgramHashes}: lower-cased runs of letters and
 * digits, kept as hashes, never as strings). Id 0 is padding, 1 any word outside the vocabulary; the most frequent
 * training words get 2, 3, ... in order of decreasing count (ties by hash, so the ids are deterministic).
 */
final class WordVocabulary {

    static final int PADDING = 0;
    static final int UNKNOWN = 1;

    private final Map<Long, Integer> ids;

    private WordVocabulary(Map<Long, Integer> ids) {
        this.ids = ids;
    }

    /** Words in at least {@code minCount} occurrences of {@code texts}, at most {@code maxWords} of them. */
    static WordVocabulary fit(Collection<String> texts, int minCount, int maxWords) {
        Map<Long, Integer> counts = new HashMap<>();
        for (String text : texts) {
            for (long token : NgramHashes.tokens(text)) {
                counts.merge(token, 1, Integer::sum);
            }
        }
        List<Map.Entry<Long, Integer>> kept = counts.entrySet().stream()
                .filter(entry -> entry.getValue() >= minCount)
                .sorted(Comparator.<Map.Entry<Long, Integer>>comparingInt(Map.Entry::getValue).reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(maxWords)
                .toList();
        Map<Long, Integer> ids = new HashMap<>();
        for (int i = 0; i < kept.size(); i++) {
            ids.put(kept.get(i).getKey(), i + 2);
        }
        return new WordVocabulary(ids);
    }

    /** Ids including padding and unknown. */
    int size() {
        return ids.size() + 2;
    }

    /** The ids of the first {@code maxWords} words of {@code text} (explicitly cut; the CNN reads no further). */
    long[] encode(String text, int maxWords) {
        long[] tokens = NgramHashes.tokens(text);
        long[] encoded = new long[Math.min(tokens.length, maxWords)];
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = ids.getOrDefault(tokens[i], UNKNOWN);
        }
        return encoded;
    }
}
