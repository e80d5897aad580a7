package io.dpsynth.dpsgd;

import io.dpsynth.privacy.DpEvent;
import io.dpsynth.privacy.NoiseCalibrator;

/**
 * The DP-SGD mechanism for a privacy target: sampling rate q = expected batch / N and the smallest noise
 * multiplier σ whose {@code DpEvent.dpSgd(q, σ, steps)} stays within (ε, δ) under the chosen accountant.
 *
 * @param datasetSize     N, the records sampled from
 * @param samplingRate    q
 * @param noiseMultiplier σ
 * @param steps           planned steps
 * @param epsilon         the target the noise was calibrated for
 * @param delta           its delta
 * @param accountant      the accountant that priced it
 */
public record DpSgdCalibration(int datasetSize, double samplingRate, double noiseMultiplier, int steps, double epsilon, double delta,
                               DpSgdAccountant accountant) {

    /** Noise multipliers above this leave nothing to learn; such a target is treated as unreachable. */
    public static final double MAX_NOISE_MULTIPLIER = 1000;

    /**
     * @throws IllegalArgumentException if the expected batch is not below the dataset size or no noise multiplier up
     *                                  to {@link #MAX_NOISE_MULTIPLIER} reaches the target (messages have numbers only)
     */
    public static DpSgdCalibration calibrate(int datasetSize, double expectedBatchSize, int steps, double epsilon,
                                             double delta, DpSgdAccountant accountant) {
        if (!(expectedBatchSize > 0) || expectedBatchSize >= datasetSize) {
            throw new IllegalArgumentException("dataset too small: " + datasetSize + " records for an expected batch of "
                    + expectedBatchSize + " (the sampling rate must be below 1)");
        }
        double q = expectedBatchSize / datasetSize;
        double sigma;
        try {
            sigma = new NoiseCalibrator(accountant.create()).calibrate(z -> DpEvent.dpSgd(q, z, steps), epsilon, delta);
        } catch (IllegalArgumentException e) {
            sigma = Double.POSITIVE_INFINITY;
        }
        if (sigma > MAX_NOISE_MULTIPLIER) {
            throw new IllegalArgumentException("dataset too small for epsilon " + epsilon + ": " + datasetSize
                    + " records, sampling rate " + q + " and " + steps + " steps need a noise multiplier above "
                    + MAX_NOISE_MULTIPLIER);
        }
        return new DpSgdCalibration(datasetSize, q, sigma, steps, epsilon, delta, accountant);
    }

    /** The event of a run that completed {@code stepsRun} steps. */
    public DpEvent event(int stepsRun) {
        return DpEvent.dpSgd(samplingRate, noiseMultiplier, stepsRun);
    }
}
