package io.dpsynth.privacy.rdp;

/**
 * Converts an RDP curve to (epsilon, delta)-DP, per order, with the bound current libraries use
 * (Balle, Barthe, Gaboardi, Hsu and Sato 2020, "Hypothesis testing interpretations and Rényi
 * differential privacy", Thm 21; Canonne, Kamath and Steinke 2020, Prop. 12): at order a,
 * <pre>  epsilon = rdp + log1p(-1/a) - log(delta * a) / (a - 1)</pre>
 * which is tighter than Mironov's original rdp + log(1/delta)/(a - 1). The curve's epsilon is the
 * minimum over orders.
 *
 * <p>The bound is only used for a > 1.01: close to 1 the division by a - 1 amplifies rounding. For
 * delta, every order also offers delta <= sqrt(1 - e^{-rdp}) (Pinsker via KL <= D_a), which wins
 * when the RDP is tiny; the same fact gives epsilon = 0 when delta^2 >= 1 - e^{-rdp}.
 */
final class RdpConversion {

    /** Below this order the conversion bound is numerically unreliable and is skipped. */
    private static final double SMALLEST_CONVERSION_ORDER = 1.01;

    private RdpConversion() {
    }

    /** Epsilon at one order for delta in (0, 1); +Infinity when the order gives no bound. */
    static double epsilonAtOrder(double order, double rdp, double delta) {
        if (delta * delta + Math.expm1(-rdp) > 0) {
            return 0;
        }
        if (!(order > SMALLEST_CONVERSION_ORDER)) {
            return Double.POSITIVE_INFINITY;
        }
        double epsilon = rdp + Math.log1p(-1 / order) - Math.log(delta * order) / (order - 1);
        return Math.max(0, epsilon);
    }

    /** log(delta) at one order for epsilon >= 0 (may exceed 0: the caller caps delta at 1). */
    static double logDeltaAtOrder(double order, double rdp, double epsilon) {
        // rdp == 0 gives log1p(-1) = -Infinity: no privacy loss, delta 0.
        double logDelta = 0.5 * Math.log1p(-Math.exp(-rdp));
        if (order > SMALLEST_CONVERSION_ORDER) {
            double rdpBound = (order - 1) * (rdp - epsilon + Math.log1p(-1 / order)) - Math.log(order);
            logDelta = Math.min(logDelta, rdpBound);
        }
        return logDelta;
    }
}
