package io.dpsynth.dpsgd;

import java.util.random.RandomGenerator;

/** Gaussian noise for DP-SGD, drawn in Java (double precision) from a generator of a recorded {@link NoiseMode}. */
public final class NoiseSource {

    static final int STREAM = 2;

    private final NoiseMode mode;
    private final RandomGenerator random;

    public NoiseSource(NoiseMode mode, long seed) {
        this.mode = mode;
        this.random = mode.generator(seed, STREAM);
    }

    public NoiseMode mode() {
        return mode;
    }

    /** {@code count} independent draws from N(0, standardDeviation²). */
    public float[] gaussian(int count, double standardDeviation) {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = (float) (random.nextGaussian() * standardDeviation);
        }
        return out;
    }
}
