package io.dpsynth.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BpeTrainerTest {

    @Test
    void incrementalCountsLearnTheSameMergesAsRecountingEveryPair() {
        WordCounts counts = TinyCorpus.wordCounts(1);
        BpeVocabulary incremental = new BpeTrainer(600, 1).train(counts);
        BpeVocabulary recounted = RecountingTrainer.train(counts.counts(), 600, 1);
        assertEquals(recounted.merges(), incremental.merges());
        assertEquals(recounted.tokens(), incremental.tokens());
        assertTrue(incremental.merges().size() > 200, "merges: " + incremental.merges().size());
    }

    @Test
    void repeatedSymbolsAreCountedCorrectly() {
        // Overlapping pairs ("a a a") are where incremental updates usually go wrong.
        WordCounts counts = new WordCounts();
        List.of("aaaa", "aaa", "aaaaaaa", "abababab", "ba", "aab aab aab").forEach(counts::add);
        assertEquals(RecountingTrainer.train(counts.counts(), 300, 1), new BpeTrainer(300, 1).train(counts));
    }

    @Test
    void classicExampleMergesMostFrequentPairFirst() {
        WordCounts counts = new WordCounts();
        for (int i = 0; i < 5; i++) {
            counts.add("low ");
        }
        for (int i = 0; i < 2; i++) {
            counts.add("lower ");
        }
        for (int i = 0; i < 6; i++) {
            counts.add("newest ");
        }
        for (int i = 0; i < 3; i++) {
            counts.add("widest ");
        }
        List<BpeMerge> merges = new BpeTrainer(260, 2).train(counts).merges();
        // Words low ×5, lower ×2, newest ×6, widest ×3: "e s" and "s t" tie at 9; the smaller left id wins.
        assertEquals(new BpeMerge("e", "s"), merges.get(0));
        assertEquals(new BpeMerge("es", "t"), merges.get(1));
    }

    @Test
    void respectsVocabularySizeAndMinFrequency() {
        WordCounts counts = TinyCorpus.wordCounts(3);
        BpeVocabulary small = new BpeTrainer(300, 1).train(counts);
        assertEquals(300, small.size());
        assertEquals(299, small.endOfTextId());

        BpeVocabulary frequentOnly = new BpeTrainer(100_000, 6).train(counts);
        BpeVocabulary all = new BpeTrainer(100_000, 3).train(counts);
        assertTrue(frequentOnly.size() < all.size(), frequentOnly.size() + " vs " + all.size());
        assertEquals(all.merges().subList(0, frequentOnly.merges().size()), frequentOnly.merges());
    }

    @Test
    void isDeterministic() {
        assertEquals(new BpeTrainer(700, 1).train(TinyCorpus.wordCounts(2)), new BpeTrainer(700, 1).train(TinyCorpus.wordCounts(2)));
    }

    @Test
    void rejectsImpossibleSettings() {
        assertThrows(IllegalArgumentException.class, () -> new BpeTrainer(256, 1));
        assertThrows(IllegalArgumentException.class, () -> new BpeTrainer(8192, 0));
    }

    /** The textbook algorithm: recount every pair before each merge. Slow, obviously right. */
    private static final class RecountingTrainer {

        static BpeVocabulary train(Map<String, Long> wordCounts, int vocabularySize, int minFrequency) {
            List<String> tokens = new ArrayList<>();
            Map<String, Integer> ids = new HashMap<>();
            for (int i = 0; i < ByteLevelAlphabet.SIZE; i++) {
                String symbol = String.valueOf(ByteLevelAlphabet.symbolAt(i));
                ids.put(symbol, tokens.size());
                tokens.add(symbol);
            }
            List<List<String>> words = new ArrayList<>();
            List<Long> counts = new ArrayList<>();
            wordCounts.forEach((word, count) -> {
                words.add(new ArrayList<>(word.chars().mapToObj(c -> String.valueOf((char) c)).toList()));
                counts.add(count);
            });
            List<BpeMerge> merges = new ArrayList<>();
            while (tokens.size() < vocabularySize - 1) {
                Map<BpeMerge, Long> pairCounts = new HashMap<>();
                for (int w = 0; w < words.size(); w++) {
                    for (int i = 0; i + 1 < words.get(w).size(); i++) {
                        pairCounts.merge(new BpeMerge(words.get(w).get(i), words.get(w).get(i + 1)), counts.get(w), Long::sum);
                    }
                }
                BpeMerge best = null;
                long bestCount = 0;
                for (Map.Entry<BpeMerge, Long> entry : pairCounts.entrySet()) {
                    BpeMerge pair = entry.getKey();
                    long count = entry.getValue();
                    if (best == null || count > bestCount || (count == bestCount && isSmaller(pair, best, ids))) {
                        best = pair;
                        bestCount = count;
                    }
                }
                if (best == null || bestCount < minFrequency) {
                    break;
                }
                merges.add(best);
                if (!ids.containsKey(best.merged())) {
                    ids.put(best.merged(), tokens.size());
                    tokens.add(best.merged());
                }
                for (List<String> word : words) {
                    for (int i = 0; i + 1 < word.size(); i++) {
                        if (word.get(i).equals(best.left()) && word.get(i + 1).equals(best.right())) {
                            word.set(i, best.merged());
                            word.remove(i + 1);
                        }
                    }
                }
            }
            return new BpeVocabulary(tokens, merges, BpeVocabulary.END_OF_TEXT);
        }

        private static boolean isSmaller(BpeMerge a, BpeMerge b, Map<String, Integer> ids) {
            int left = Integer.compare(ids.get(a.left()), ids.get(b.left()));
            return left != 0 ? left < 0 : ids.get(a.right()) < ids.get(b.right());
        }
    }
}
