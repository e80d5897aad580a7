package io.dpsynth.privacy.rdp;

/**
 * RDP of the Poisson-subsampled Gaussian mechanism (sampling rate q, noise multiplier sigma), as in
 * Mironov, Talwar and Zhang 2019, "Rényi Differential Privacy of the Sampled Gaussian Mechanism"
 * (section 3.3): rdp(a) = log(A_a) / (a - 1), where A_a is the a-th moment of the likelihood ratio
 * of the mixture (1-q) N(0, sigma^2) + q N(1, sigma^2) against N(0, sigma^2).
 *
 * <p><b>Integer orders</b> use the finite binomial expansion
 * <pre>  A_a = sum_{i=0..a} C(a,i) (1-q)^{a-i} q^i e^{(i^2-i)/(2 sigma^2)}</pre>
 * which is exact.
 *
 * <p><b>Fractional orders</b> use the paper's two-sided series: the integral is split at
 * z0 = sigma^2 log(1/q - 1) + 1/2, where (1-q) times the first density equals q times the second, and
 * on each side the power of the mixture is expanded in the binomial series that converges there:
 * <pre>
 *   A_a = sum_{i>=0} C(a,i) [ q^i (1-q)^{a-i} e^{(i^2-i)/(2 sigma^2)} erfc((i - z0)/(sqrt2 sigma)) / 2
 *                           + q^{a-i} (1-q)^i e^{(j^2-j)/(2 sigma^2)} erfc((z0 - j)/(sqrt2 sigma)) / 2 ],  j = a - i
 * </pre>
 * summed until both terms fall below e^{-30}. For fractional a the generalised binomial coefficient
 * C(a,i) changes sign for i > a + 1. <b>This class keeps the signs</b>, i.e. follows the exact series
 * (the reference's {@code rdp_exact_mpmath} and {@code eps_rdp_exact}), not dp_accounting 0.6.0,
 * which sums absolute values and so overstates RDP at low fractional orders (by up to ~50% at order
 * 1.1 for q = 0.1). Positive and negative terms are accumulated separately in log space and
 * subtracted once; should the negative part ever reach the positive part (cancellation lost), the
 * sum of absolute values, a valid upper bound, is used instead, so the result is never optimistic.
 *
 * <p>Terms of the fractional series decay only polynomially (about i^{-a-2}), so low orders with small
 * sigma can need thousands of terms; that is still well under a millisecond per order.
 *
 * <p>Accuracy: A_a >= 1 is summed as a whole, so the absolute error of rdp is about 1e-16 / (a - 1)
 * per run. Against high-precision values the relative error is ~1e-13 at integer and ~1e-8 at
 * fractional orders for practical (q, sigma); only for extreme cases (q ~ 1e-9) is the per-run RDP
 * itself near 1e-16, and then it is rounding noise of that size, irrelevant to any epsilon.
 */
final class SubsampledGaussianRdp {

    /** Terms below e^{-30} are dropped (an absolute error of ~1e-13 on A_a >= 1). */
    private static final double LOG_NEGLIGIBLE_TERM = -30;

    /** Safety stop for the fractional series; reaching it reports no bound (+Infinity). */
    private static final int MAX_SERIES_TERMS = 1_000_000;

    private static final double LOG_HALF = Math.log(0.5);

    private SubsampledGaussianRdp() {
    }

    static double rdp(double samplingRate, double noiseMultiplier, double order) {
        if (samplingRate == 1) {
            return GaussianRdp.rdp(noiseMultiplier, order);
        }
        double logMoment = RdpOrders.isInteger(order)
                ? logMomentIntegerOrder(samplingRate, noiseMultiplier, (long) order)
                : logMomentFractionalOrder(samplingRate, noiseMultiplier, order);
        double rdp = logMoment / (order - 1);
        if (Double.isNaN(rdp)) {
            return Double.POSITIVE_INFINITY; // no finite bound could be computed: claim nothing
        }
        return Math.max(0, rdp); // A_a >= 1; a tiny negative is rounding
    }

    /** log A_a for integer a >= 2 by the finite binomial sum. */
    static double logMomentIntegerOrder(double q, double sigma, long order) {
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        double twoVariance = 2 * sigma * sigma;
        double[] logTerms = new double[(int) order + 1];
        double logBinomial = 0; // log C(order, i)
        for (int i = 0; i <= order; i++) {
            if (i > 0) {
                logBinomial += Math.log((double) (order - i + 1) / i);
            }
            double k = i;
            logTerms[i] = logBinomial + k * logQ + (order - k) * log1mQ + (k * k - k) / twoVariance;
        }
        return LogMath.logSumExp(logTerms);
    }

    /** log A_a for fractional a > 1 by the signed two-sided series. */
    static double logMomentFractionalOrder(double q, double sigma, double order) {
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        double twoVariance = 2 * sigma * sigma;
        double sqrt2Sigma = Math.sqrt(2) * sigma;
        double z0 = sigma * sigma * (log1mQ - logQ) + 0.5;

        double logPositive = Double.NEGATIVE_INFINITY;
        double logNegative = Double.NEGATIVE_INFINITY;
        double logAbsBinomial = 0; // log |C(order, i)|
        boolean binomialNegative = false;
        for (int i = 0; i < MAX_SERIES_TERMS; i++) {
            if (i > 0) {
                double factor = order - (i - 1);
                logAbsBinomial += Math.log(Math.abs(factor) / i);
                binomialNegative ^= factor < 0;
            }
            double j = order - i;
            double logBelowSplit = logAbsBinomial + i * logQ + j * log1mQ + ((double) i * i - i) / twoVariance
                    + LOG_HALF + LogMath.logErfc((i - z0) / sqrt2Sigma);
            double logAboveSplit = logAbsBinomial + j * logQ + i * log1mQ + (j * j - j) / twoVariance
                    + LOG_HALF + LogMath.logErfc((z0 - j) / sqrt2Sigma);
            double logTerm = LogMath.logAdd(logBelowSplit, logAboveSplit);
            if (Double.isNaN(logTerm)) {
                return Double.POSITIVE_INFINITY; // over/underflow beyond log space: claim nothing
            }
            if (binomialNegative) {
                logNegative = LogMath.logAdd(logNegative, logTerm);
            } else {
                logPositive = LogMath.logAdd(logPositive, logTerm);
            }
            if (Math.max(logBelowSplit, logAboveSplit) < LOG_NEGLIGIBLE_TERM) {
                return logPositive > logNegative
                        ? LogMath.logSub(logPositive, logNegative)
                        : LogMath.logAdd(logPositive, logNegative);
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}
