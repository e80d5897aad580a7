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

    /** The t with P(Z > t) = p, for p in (0, 1). */
    static double inverseSurvival(double p) {
        return SQRT2 * InverseErfc.value(2 * p);
    }
}
