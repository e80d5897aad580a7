package io.dpsynth.privacy.rdp;

/**
 * RDP of the Laplace mechanism with pure epsilon e = sensitivity / scale (Mironov 2017, Prop. 6):
 * <pre>  rdp(a) = 1/(a-1) * log( a/(2a-1) * e^{(a-1)e} + (a-1)/(2a-1) * e^{-a e} )</pre>
 * It rises from about a e^2 / 2 for small e towards e as a grows, and never exceeds e.
 *
 * <p>Evaluated in two ways so neither overflow nor cancellation hurts: for (a-1)e <= 1 the
 * argument of the log is written as 1 + (a u + (a-1) v)/(2a-1) with u = expm1((a-1)e) and
 * v = expm1(-a e), keeping full relative precision for tiny e; otherwise the dominant exponential
 * is factored out (log-sum-exp), which is stable for any large e and order.
 */
final class LaplaceRdp {

    private LaplaceRdp() {
    }

    static double rdp(double pureEpsilon, double order) {
        double e = pureEpsilon;
        double a = order;
        double rdp;
        if ((a - 1) * e <= 1) {
            double u = Math.expm1((a - 1) * e);
            double v = Math.expm1(-a * e);
            rdp = Math.log1p((a * u + (a - 1) * v) / (2 * a - 1)) / (a - 1);
        } else {
            // log(a/(2a-1) e^{(a-1)e} (1 + (a-1)/a e^{-(2a-1)e})) / (a-1)
            double logOfRest = Math.log(a / (2 * a - 1)) + Math.log1p((a - 1) / a * Math.exp(-(2 * a - 1) * e));
            rdp = e + logOfRest / (a - 1);
        }
        return Math.min(e, Math.max(0, rdp));
    }
}
