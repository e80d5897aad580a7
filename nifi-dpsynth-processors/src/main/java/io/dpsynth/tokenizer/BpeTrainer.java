package io.dpsynth.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Learns byte-level BPE merges from word counts, greedily: always merge the most frequent adjacent pair.
 * Pair counts are kept up to date incrementally (only the words containing the merged pair are touched), and a
 * priority queue with lazily discarded stale entries finds the next best pair. Ties go to the pair with the
 * smaller left id, then the smaller right id (as in HF tokenizers), so training is deterministic.
 */
public final class BpeTrainer {

    public static final int DEFAULT_VOCABULARY_SIZE = 8192;
    public static final int DEFAULT_MIN_FREQUENCY = 2;

    private final int vocabularySize;
    private final int minFrequency;

    /**
     * @param vocabularySize total ids including the 256 byte symbols and the end-of-text token
     * @param minFrequency   stop when the best pair occurs fewer times than this
     */
    public BpeTrainer(int vocabularySize, int minFrequency) {
        if (vocabularySize < ByteLevelAlphabet.SIZE + 1) {
            throw new IllegalArgumentException("vocabulary size must be at least 257, got " + vocabularySize);
        }
        if (minFrequency < 1) {
            throw new IllegalArgumentException("min frequency must be at least 1, got " + minFrequency);
        }
        this.vocabularySize = vocabularySize;
        this.minFrequency = minFrequency;
    }

    public BpeVocabulary train(WordCounts wordCounts) {
        return new Run(wordCounts.counts()).train();
    }

    private record Candidate(long pair, long count) {
    }

    private static long pair(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    private static int left(long pair) {
        return (int) (pair >>> 32);
    }

    private static int right(long pair) {
        return (int) pair;
    }

    /** The mutable state of one training run. */
    private final class Run {
        private final int[][] words;
        private final long[] wordCounts;
        private final List<String> tokens = new ArrayList<>();
        private final Map<String, Integer> idsByToken = new HashMap<>();
        private final List<BpeMerge> merges = new ArrayList<>();
        private final Map<Long, Long> pairCounts = new HashMap<>();
        private final Map<Long, Set<Integer>> wordsWithPair = new HashMap<>();
        private final PriorityQueue<Candidate> queue = new PriorityQueue<>(
                Comparator.comparingLong(Candidate::count).reversed()
                        .thenComparingInt(candidate -> left(candidate.pair()))
                        .thenComparingInt(candidate -> right(candidate.pair())));

        Run(Map<String, Long> counts) {
            for (int i = 0; i < ByteLevelAlphabet.SIZE; i++) {
                addToken(String.valueOf(ByteLevelAlphabet.symbolAt(i)));
            }
            // Sorted so that word indices, and with them everything downstream, do not depend on hash order.
            List<String> distinct = counts.keySet().stream().sorted().toList();
            words = new int[distinct.size()][];
            wordCounts = new long[distinct.size()];
            for (int w = 0; w < words.length; w++) {
                String word = distinct.get(w);
                words[w] = new int[word.length()];
                for (int i = 0; i < word.length(); i++) {
                    words[w][i] = idsByToken.get(word.substring(i, i + 1));
                }
                wordCounts[w] = counts.get(word);
                for (int i = 0; i + 1 < words[w].length; i++) {
                    long p = pair(words[w][i], words[w][i + 1]);
                    pairCounts.merge(p, wordCounts[w], Long::sum);
                    wordsWithPair.computeIfAbsent(p, k -> new HashSet<>()).add(w);
                }
            }
            pairCounts.forEach((p, count) -> queue.add(new Candidate(p, count)));
        }

        private int addToken(String token) {
            return idsByToken.computeIfAbsent(token, t -> {
                tokens.add(t);
                return tokens.size() - 1;
            });
        }

        BpeVocabulary train() {
            // One id is reserved for the end-of-text token.
            while (tokens.size() < vocabularySize - 1) {
                Candidate best = nextBest();
                if (best == null || best.count() < minFrequency) {
                    break;
                }
                merge(best.pair());
            }
            return new BpeVocabulary(tokens, merges, BpeVocabulary.END_OF_TEXT);
        }

        /** The best pair whose queued count is still current; stale entries were superseded by newer ones. */
        private Candidate nextBest() {
            for (Candidate candidate; (candidate = queue.poll()) != null; ) {
                Long current = pairCounts.get(candidate.pair());
                if (current != null && current == candidate.count() && current > 0) {
                    return candidate;
                }
            }
            return null;
        }

        private void merge(long pair) {
            int a = left(pair);
            int b = right(pair);
            BpeMerge merge = new BpeMerge(tokens.get(a), tokens.get(b));
            merges.add(merge);
            // Two different merges can spell the same token ("ab"+"c", "a"+"bc"): they share its id.
            int merged = addToken(merge.merged());
            Set<Long> changed = new HashSet<>();
            Set<Integer> affected = wordsWithPair.remove(pair);
            // Order of words and pairs does not matter: counts are sums and the queue order is total.
            for (int w : affected) {
                mergeInWord(w, a, b, merged, changed);
            }
            pairCounts.remove(pair);
            changed.remove(pair);
            for (long p : changed) {
                long count = pairCounts.getOrDefault(p, 0L);
                if (count > 0) {
                    queue.add(new Candidate(p, count));
                } else {
                    pairCounts.remove(p);
                    wordsWithPair.remove(p);
                }
            }
        }

        /** Replaces every (a, b) in word w by {@code merged}, moving the word's count between pairs. */
        private void mergeInWord(int w, int a, int b, int merged, Set<Long> changed) {
            int[] symbols = words[w];
            long count = wordCounts[w];
            int[] out = new int[symbols.length];
            int n = 0;
            for (int i = 0; i < symbols.length; i++) {
                if (i + 1 < symbols.length && symbols[i] == a && symbols[i + 1] == b) {
                    if (n > 0) {
                        // The left neighbour may itself be a merge made a moment ago in this word.
                        adjust(pair(out[n - 1], a), -count, w, changed);
                        adjust(pair(out[n - 1], merged), count, w, changed);
                    }
                    if (i + 2 < symbols.length) {
                        adjust(pair(b, symbols[i + 2]), -count, w, changed);
                        adjust(pair(merged, symbols[i + 2]), count, w, changed);
                    }
                    out[n++] = merged;
                    i++;
                } else {
                    out[n++] = symbols[i];
                }
            }
            if (n < symbols.length) {
                words[w] = Arrays.copyOf(out, n);
            }
        }

        private void adjust(long p, long delta, int w, Set<Long> changed) {
            pairCounts.merge(p, delta, Long::sum);
            changed.add(p);
            if (delta > 0) {
                wordsWithPair.computeIfAbsent(p, k -> new HashSet<>()).add(w);
            }
        }
    }
}
