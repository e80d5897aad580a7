package io.dpsynth.model;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplerTest {

    private static final float[] LOGITS = {1f, 3f, 2f, 0f, 2.5f};

    @Test
    void temperatureZeroIsArgMax() {
        assertEquals(1, sampler(0, 0, 1).sample(LOGITS, 0, 5, new SplittableRandom(1)));
    }

    @Test
    void topKOneAndTinyTopPAreGreedy() {
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 50; i++) {
            assertEquals(1, sampler(1, 1, 1).sample(LOGITS, 0, 5, random));
            assertEquals(1, sampler(1, 0, 0.01).sample(LOGITS, 0, 5, random));
        }
    }

    @Test
    void topKTwoDrawsOnlyTheTwoBestInSoftmaxProportion() {
        SplittableRandom random = new SplittableRandom(3);
        int[] counts = new int[5];
        int draws = 20_000;
        for (int i = 0; i < draws; i++) {
            counts[sampler(1, 2, 1).sample(LOGITS, 0, 5, random)]++;
        }
        assertEquals(draws, counts[1] + counts[4]);
        double expected = 1 / (1 + Math.exp(-0.5));
        assertEquals(expected, counts[1] / (double) draws, 0.015);
    }

    @Test
    void topPKeepsTheSmallestNucleusReachingP() {
        // softmax of LOGITS: token 1 ≈ 0.43, token 4 ≈ 0.26, token 2 ≈ 0.16 → p = 0.6 keeps tokens 1 and 4
        SplittableRandom random = new SplittableRandom(4);
        boolean[] seen = new boolean[5];
        for (int i = 0; i < 2000; i++) {
            seen[sampler(1, 0, 0.6).sample(LOGITS, 0, 5, random)] = true;
        }
        assertTrue(seen[1] && seen[4]);
        assertTrue(!seen[0] && !seen[2] && !seen[3]);
    }

    @Test
    void readsTheRowAtTheOffset() {
        float[] twoRows = {0f, 0f, 9f, 9f, 0f, 0f};
        assertEquals(2, sampler(0, 0, 1).sample(twoRows, 0, 3, new SplittableRandom(5)));
        assertEquals(0, sampler(0, 0, 1).sample(twoRows, 3, 3, new SplittableRandom(5)));
    }

    private static Sampler sampler(double temperature, int topK, double topP) {
        return new Sampler(new GenerationSettings(1, temperature, topK, topP, 0, true));
    }
}
