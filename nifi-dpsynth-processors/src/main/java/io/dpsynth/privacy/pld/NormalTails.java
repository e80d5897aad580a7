package io.dpsynth.privacy.pld;

import org.apache.commons.numbers.gamma.Erfc;
import org.apache.commons.numbers.gamma.InverseErfc;

/**
 * Standard normal tail probabilities through erfc, which keeps full relative precision far into
 * both tails (1 - Phi(t) would round to 0 beyond t of about 8).
 */
final class NormalTails {

    private static final double SQRT2 = Math.sqrt(2);

    private NormalTails() {
    }

    /** Phi(t) = P(Z <= t). */
    static double cdf(double t) {
        return 0.5 * Erfc.value(-t / SQRT2);
    }

    /** 1 - Phi(t) = P(Z > t). */
    static double survival(double t) {
        return 0.5 * Erfc.value(t / SQRT2);
    }

    /**
     * P(Z <= t) and P(Z > t) from a single erfc: the smaller one directly, the larger as 1 minus it
     * (which costs nothing in precision since it is at least 1/2).
     */
    static Split split(double t) {
        double smaller = survival(Math.abs(t));
        return t >= 0 ? new Split(1 - smaller, smaller) : new Split(smaller, 1 - smaller);
    }

    /** P(Z <= t) and P(Z > t). */
    record Split(double below, double above) {
    }

    /** The t with P(Z > t) = p, for p in (0, 1). */
    static double inverseSurvival(double p) {
        return SQRT2 * InverseErfc.value(2 * p);
    }
}
