package io.dpsynth.dpsgd;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PoissonSamplerTest {

    private static final int N = 40;
    private static final double Q = 0.15;
    private static final int STEPS = 20_000;
    /** Significance of the goodness-of-fit test: a correct sampler fails it once in a thousand seeds. */
    private static final double ALPHA = 1e-3;

    @Test
    void batchSizesFollowBinomial() {
        PoissonSampler sampler = new PoissonSampler(N, Q, NoiseMode.SEEDED, 11);
        long[] sizes = new long[N + 1];
        long[] membership = new long[N];
        for (int step = 0; step < STEPS; step++) {
            int[] batch = sampler.nextBatch();
            sizes[batch.length]++;
            for (int i : batch) {
                membership[i]++;
            }
        }
        assertTrue(binomialFits(sizes), "batch sizes are not Binomial(" + N + ", " + Q + ")");
        assertTrue(sizes[0] > 0, "empty batches must occur (expected " + STEPS * Math.pow(1 - Q, N) + ")");
        for (int i = 0; i < N; i++) {
            assertEquals(Q, membership[i] / (double) STEPS, 5 * Math.sqrt(Q * (1 - Q) / STEPS), "record " + i);
        }
    }

    @Test
    void secureModeAlsoFollowsBinomial() {
        PoissonSampler sampler = new PoissonSampler(N, Q, NoiseMode.SECURE, 0);
        long[] sizes = new long[N + 1];
        for (int step = 0; step < STEPS; step++) {
            sizes[sampler.nextBatch().length]++;
        }
        assertTrue(binomialFits(sizes));
    }

    @Test
    void theTestRejectsShuffledFixedSizeBatches() {
        long[] fixed = new long[N + 1];
        fixed[(int) Math.round(N * Q)] = STEPS;
        assertTrue(!binomialFits(fixed), "a fixed batch size passed the Binomial test");
        // and a near miss: sizes from Binomial(N, 1.2 q)
        SplittableRandom random = new SplittableRandom(3);
        long[] shifted = new long[N + 1];
        BinomialDistribution wrong = new BinomialDistribution(null, N, 1.2 * Q);
        for (int step = 0; step < STEPS; step++) {
            shifted[wrong.inverseCumulativeProbability(random.nextDouble())]++;
        }
        assertTrue(!binomialFits(shifted), "Binomial(N, 1.2q) passed as Binomial(N, q)");
    }

    /** Pearson chi-square against Binomial(N, Q), bins with expected count < 5 pooled into their neighbours. */
    private static boolean binomialFits(long[] observed) {
        BinomialDistribution expected = new BinomialDistribution(null, N, Q);
        double statistic = 0;
        int bins = 0;
        double expectedPool = 0;
        long observedPool = 0;
        for (int k = 0; k <= N; k++) {
            expectedPool += expected.probability(k) * STEPS;
            observedPool += observed[k];
            boolean restIsSmall = (1 - expected.cumulativeProbability(k)) * STEPS < 5;
            if (expectedPool >= 5 && !restIsSmall || k == N) {
                statistic += (observedPool - expectedPool) * (observedPool - expectedPool) / expectedPool;
                bins++;
                expectedPool = 0;
                observedPool = 0;
            }
        }
        double critical = new ChiSquaredDistribution(bins - 1).inverseCumulativeProbability(1 - ALPHA);
        return statistic <= critical;
    }
}
