package io.dpsynth.privacy.pld;

import org.apache.commons.numbers.gamma.Erfc;
import org.apache.commons.numbers.gamma.Erfcx;

/** Closed forms for the Gaussian mechanism (sensitivity 1), used as ground truth in tests. */
final class GaussianFormulas {

    private GaussianFormulas() {
    }

    /**
     * Exact delta(epsilon) = Phi(-eps sigma + 1/(2 sigma)) - e^eps Phi(-eps sigma - 1/(2 sigma)).
     * With u1 = (eps sigma - 1/(2 sigma)) / sqrt 2 and u2 = (eps sigma + 1/(2 sigma)) / sqrt 2 one has
     * eps - u2^2 = -u1^2, so delta = (erfc(u1) - e^(-u1^2) erfcx(u2)) / 2, which neither overflows nor
     * underflows at large epsilon.
     */
    static double delta(double sigma, double epsilon) {
        double u1 = (epsilon * sigma - 1 / (2 * sigma)) / Math.sqrt(2);
        double u2 = (epsilon * sigma + 1 / (2 * sigma)) / Math.sqrt(2);
        if (u1 >= 0) {
            return 0.5 * Math.exp(-u1 * u1) * (Erfcx.value(u1) - Erfcx.value(u2));
        }
        return 0.5 * (Erfc.value(u1) - Math.exp(-u1 * u1) * Erfcx.value(u2));
    }

    /** Exact epsilon(delta) by bisection on the decreasing delta(epsilon). */
    static double epsilon(double sigma, double delta) {
        double low = 0;
        double high = 1;
        while (delta(sigma, high) > delta) {
            high *= 2;
        }
        for (int i = 0; i < 200 && high - low > 1e-15 * high; i++) {
            double mid = 0.5 * (low + high);
            if (delta(sigma, mid) > delta) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return high;
    }
}
