package io.dpsynth.privacy;

import java.util.function.DoubleFunction;

/**
 * Finds the smallest noise multiplier whose event stays within a target (epsilon, delta) under a
 * given accountant. The answer is always on the safe side: epsilon(result) <= target.
 *
 * <p>Epsilon falls monotonically and smoothly with the noise multiplier, so the search brackets the
 * root and then runs Illinois false position on log(epsilon), which needs far fewer accountant
 * evaluations than bisection (each PLD evaluation costs a full composition).
 */
public final class NoiseCalibrator {

    /** Relative width of the final bracket. */
    public static final double DEFAULT_RELATIVE_TOLERANCE = 1e-4;

    private static final double SMALLEST_NOISE = 1e-3;
    private static final double LARGEST_NOISE = 1e6;
    private static final int MAX_EVALUATIONS = 200;

    private final PrivacyAccountant accountant;
    private final double relativeTolerance;

    public NoiseCalibrator(PrivacyAccountant accountant) {
        this(accountant, DEFAULT_RELATIVE_TOLERANCE);
    }

    public NoiseCalibrator(PrivacyAccountant accountant, double relativeTolerance) {
        this.accountant = accountant;
        this.relativeTolerance = relativeTolerance;
    }

    /**
     * Smallest noise multiplier z (within the relative tolerance, rounded up) such that
     * {@code accountant.epsilon(eventForNoise.apply(z), delta) <= targetEpsilon}.
     */
    public double calibrate(DoubleFunction<DpEvent> eventForNoise, double targetEpsilon, double delta) {
        return calibrate(eventForNoise, targetEpsilon, delta, 1.0);
    }

    /** As {@link #calibrate(DoubleFunction, double, double)}, starting the bracket search at {@code guess}. */
    public double calibrate(DoubleFunction<DpEvent> eventForNoise, double targetEpsilon, double delta, double guess) {
        if (!(targetEpsilon > 0) || Double.isInfinite(targetEpsilon)) {
            throw new IllegalArgumentException("target epsilon must be finite and > 0, got " + targetEpsilon);
        }
        Gap gap = noise -> Math.log(accountant.epsilon(eventForNoise.apply(noise), delta)) - Math.log(targetEpsilon);

        // Bracket: gap(low) > 0 (too little noise), gap(high) <= 0 (enough noise).
        double low = guess;
        double high = guess;
        double gapLow = gap.at(low);
        double gapHigh = gapLow;
        while (gapHigh > 0) {
            low = high;
            gapLow = gapHigh;
            high *= 2;
            if (high > LARGEST_NOISE) {
                throw new IllegalArgumentException("no noise multiplier up to " + LARGEST_NOISE + " reaches epsilon " + targetEpsilon);
            }
            gapHigh = gap.at(high);
        }
        while (gapLow <= 0) {
            high = low;
            gapHigh = gapLow;
            low /= 2;
            if (low < SMALLEST_NOISE) {
                return high;
            }
            gapLow = gap.at(low);
        }

        int side = 0;
        for (int i = 0; i < MAX_EVALUATIONS && high - low > relativeTolerance * high; i++) {
            double candidate = Double.isInfinite(gapLow) || Double.isInfinite(gapHigh)
                    ? 0.5 * (low + high)
                    : high - gapHigh * (high - low) / (gapHigh - gapLow);
            candidate = Math.min(Math.max(candidate, low + 0.01 * (high - low)), high - 0.01 * (high - low));
            double gapCandidate = gap.at(candidate);
            if (gapCandidate > 0) {
                low = candidate;
                gapLow = gapCandidate;
                if (side == -1) {
                    gapHigh /= 2; // Illinois: stop the untouched end from stalling the bracket
                }
                side = -1;
            } else {
                high = candidate;
                gapHigh = gapCandidate;
                if (side == 1) {
                    gapLow /= 2;
                }
                side = 1;
            }
        }
        return high;
    }

    @FunctionalInterface
    private interface Gap {
        double at(double noise);
    }
}
