package io.dpsynth.dedup;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DedupIndexStructuresTest {

    @Test
    void longHashSetKeepsEveryKeyIncludingZeroAcrossResizes() {
        LongHashSet set = new LongHashSet(4);
        Random random = new Random(1);
        List<Long> keys = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            keys.add(random.nextLong());
        }
        keys.add(0L);
        keys.forEach(set::add);
        assertFalse(set.add(0L));
        assertEquals(keys.size(), set.size());
        keys.forEach(key -> assertTrue(set.contains(key)));
        assertFalse(set.contains(12345L));
    }

    @Test
    void multimapReturnsAllValuesOfAKey() {
        LongIntMultimap map = new LongIntMultimap(2);
        for (int i = 0; i < 1000; i++) {
            map.put(i % 10, i);
        }
        List<Integer> values = new ArrayList<>();
        map.forEach(7, values::add);
        assertEquals(100, values.size());
        assertTrue(values.stream().allMatch(v -> v % 10 == 7));
    }

    @Test
    void rollingWindowHashEqualsHashOfTheWindowAlone() {
        long[] tokens = new Random(3).longs(80).toArray();
        long[] hashes = new long[80 - 50 + 1];
        WindowHashes.forEach(tokens, 50, (start, hash) -> hashes[start] = hash);
        for (int start : new int[] {0, 7, 30}) {
            long[] alone = java.util.Arrays.copyOfRange(tokens, start, start + 50);
            long[] single = new long[1];
            WindowHashes.forEach(alone, 50, (s, hash) -> single[0] = hash);
            assertEquals(single[0], hashes[start]);
        }
    }

    @Test
    void minHashEstimatesJaccardWithinFiveHundredths() {
        MinHasher hasher = new MinHasher(MinHashIndex.NUM_HASHES, 1, 99);
        Random random = new Random(5);
        for (double target : new double[] {0.3, 0.6, 0.9}) {
            double total = 0;
            int trials = 20;
            for (int t = 0; t < trials; t++) {
                // |A ∩ B| = shared, |A ∪ B| = 400: Jaccard = shared / 400
                int shared = (int) (400 * target);
                int own = (400 - shared) / 2;
                long[] a = random.longs(shared + own).toArray();
                long[] b = new long[shared + own];
                System.arraycopy(a, 0, b, 0, shared);
                for (int i = shared; i < b.length; i++) {
                    b[i] = random.nextLong();
                }
                total += MinHasher.estimateJaccard(hasher.signature(a), hasher.signature(b), 0);
            }
            double mean = total / trials;
            assertTrue(Math.abs(mean - target) < 0.05, "target " + target + " mean estimate " + mean);
        }
    }

    @Test
    void bandingFindsPairsAtTheThresholdWithHighProbability() {
        for (double threshold : new double[] {0.5, 0.6, 0.7, 0.8, 0.9}) {
            LshBanding banding = LshBanding.forThreshold(MinHashIndex.NUM_HASHES, threshold);
            assertTrue(banding.bands() * banding.rows() <= MinHashIndex.NUM_HASHES);
            assertTrue(banding.candidateProbability(threshold) >= 0.95, threshold + " -> " + banding);
            assertTrue(banding.rows() >= 3, "too many candidates at " + threshold + ": " + banding);
        }
    }
}
