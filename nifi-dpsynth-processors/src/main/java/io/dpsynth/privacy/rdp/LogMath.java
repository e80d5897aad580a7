package io.dpsynth.privacy.rdp;

import org.apache.commons.numbers.gamma.Erfc;
import org.apache.commons.numbers.gamma.Erfcx;

/**
 * Arithmetic on numbers kept as their natural logarithms. RDP moments of subsampled mechanisms are
 * sums of terms spanning hundreds of orders of magnitude (e^{i^2/(2 sigma^2)} against q^i), which
 * overflow or underflow as plain doubles long before the RDP value itself does.
 */
final class LogMath {

    private LogMath() {
    }

    /** log(e^a + e^b); -Infinity stands for zero. */
    static double logAdd(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        double max = Math.max(a, b);
        if (max == Double.POSITIVE_INFINITY) {
            return max;
        }
        return max + Math.log1p(Math.exp(-Math.abs(a - b)));
    }

    /** log(e^a - e^b) for a > b; -Infinity when a == b. */
    static double logSub(double a, double b) {
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        if (!(a >= b)) {
            throw new IllegalArgumentException("logSub needs a >= b, got " + a + " < " + b);
        }
        if (a == b) {
            return Double.NEGATIVE_INFINITY;
        }
        return a + Math.log(-Math.expm1(b - a));
    }

    /** log(sum of e^terms[i]), shifted by the largest term so nothing overflows. */
    static double logSumExp(double[] terms) {
        double max = Double.NEGATIVE_INFINITY;
        for (double t : terms) {
            max = Math.max(max, t);
        }
        if (Double.isInfinite(max)) {
            return max;
        }
        double sum = 0;
        for (double t : terms) {
            sum += Math.exp(t - max);
        }
        return max + Math.log(sum);
    }

    /**
     * log(erfc(x)) without underflow: erfc(x) is below Double.MIN_VALUE from x of about 27, so for
     * positive x the scaled function erfcx(x) = erfc(x) e^{x^2} is used instead.
     */
    static double logErfc(double x) {
        if (x <= 0) {
            return Math.log(Erfc.value(x));
        }
        return Math.log(Erfcx.value(x)) - x * x;
    }
}
