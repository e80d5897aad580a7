package io.dpsynth.dpsgd;

/**
 * What one DP-SGD run does.
 *
 * @param steps             optimiser steps; every one is a Poisson-sampled Gaussian mechanism, empty batches included
 * @param expectedBatchSize qN, the expected batch size; q = expectedBatchSize / dataset size
 * @param learningRate      Adam's learning rate (constant)
 * @param clipNorm          C, per-example L2 clipping norm
 * @param noiseMultiplier   σ; the noise per coordinate has standard deviation σ·C before the division by qN
 * @param microBatchSize    most examples per forward/backward pass (memory only; the step is the whole sample)
 * @param noiseMode         where sampling and noise randomness come from
 * @param seed              seed of {@link NoiseMode#SEEDED} (ignored when secure)
 */
public record DpSgdSettings(int steps, double expectedBatchSize, double learningRate, double clipNorm,
                            double noiseMultiplier, int microBatchSize, NoiseMode noiseMode, long seed) {

    public DpSgdSettings {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + learningRate);
        }
        if (microBatchSize < 1) {
            throw new IllegalArgumentException("micro-batch size must be >= 1, got " + microBatchSize);
        }
    }

    /** Poisson sampling rate q for a dataset of {@code datasetSize} records. */
    public double samplingRate(int datasetSize) {
        return expectedBatchSize / datasetSize;
    }
}
