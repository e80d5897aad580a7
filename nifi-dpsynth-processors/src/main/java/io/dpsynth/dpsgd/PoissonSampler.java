package io.dpsynth.dpsgd;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Poisson sampling as the accountant assumes it: at every step each of the N records joins the batch
 * independently with probability q. Batch sizes vary (Binomial(N, q)) and a batch may be empty; it is still
 * a step. Shuffled fixed-size batches would be a different mechanism with weaker proven guarantees.
 */
public final class PoissonSampler {

    static final int STREAM = 1;

    private final int datasetSize;
    private final double samplingRate;
    private final RandomGenerator random;

    public PoissonSampler(int datasetSize, double samplingRate, NoiseMode mode, long seed) {
        this(datasetSize, samplingRate, mode.generator(seed, STREAM));
    }

    PoissonSampler(int datasetSize, double samplingRate, RandomGenerator random) {
        if (datasetSize < 1) {
            throw new IllegalArgumentException("dataset size must be >= 1, got " + datasetSize);
        }
        if (!(samplingRate > 0 && samplingRate <= 1)) {
            throw new IllegalArgumentException("sampling rate must be in (0, 1], got " + samplingRate);
        }
        this.datasetSize = datasetSize;
        this.samplingRate = samplingRate;
        this.random = random;
    }

    public double samplingRate() {
        return samplingRate;
    }

    /** Indices (ascending) of the records in the next step's batch; possibly none. */
    public int[] nextBatch() {
        int[] chosen = new int[16];
        int size = 0;
        for (int i = 0; i < datasetSize; i++) {
            if (random.nextDouble() < samplingRate) {
                if (size == chosen.length) {
                    chosen = Arrays.copyOf(chosen, size * 2);
                }
                chosen[size++] = i;
            }
        }
        return Arrays.copyOf(chosen, size);
    }
}
