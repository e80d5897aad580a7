package io.dpsynth.privacy.pld;

/**
 * Privacy loss of the Poisson-subsampled Gaussian mechanism (noise multiplier sigma, sampling rate q,
 * sensitivity normalised to 1) when a record is removed: P = (1-q) N(0, sigma^2) + q N(1, sigma^2),
 * Q = N(0, sigma^2). q = 1 is the plain Gaussian mechanism.
 *
 * <p>L(x) = log((1-q) + q exp((2x-1) / (2 sigma^2))) increases in x and never goes below log(1-q).
 * For e^epsilon > 1-q, L > epsilon exactly when x > x*(epsilon) = sigma^2 log((e^epsilon - (1-q)) / q) + 1/2,
 * so every tail is a pair of normal tails at x*.
 */
final class SubsampledGaussianRemoveLoss implements PrivacyLoss {

    private final double sigma;
    private final double q;

    SubsampledGaussianRemoveLoss(double sigma, double q) {
        this.sigma = checkSigma(sigma);
        this.q = checkSamplingRate(q);
    }

    /** x*(epsilon), or -infinity when every x has loss above epsilon. */
    private double threshold(double epsilon) {
        double excess = Math.expm1(epsilon) + q; // e^epsilon - (1-q), without cancellation near log(1-q)
        if (!(excess > 0)) {
            return Double.NEGATIVE_INFINITY;
        }
        return sigma * sigma * Math.log1p(Math.expm1(epsilon) / q) + 0.5;
    }

    @Override
    public double pAbove(double epsilon) {
        double x = threshold(epsilon);
        return (1 - q) * NormalTails.survival(x / sigma) + q * NormalTails.survival((x - 1) / sigma);
    }

    @Override
    public double pAtMost(double epsilon) {
        double x = threshold(epsilon);
        return (1 - q) * NormalTails.cdf(x / sigma) + q * NormalTails.cdf((x - 1) / sigma);
    }

    @Override
    public double qAbove(double epsilon) {
        return NormalTails.survival(threshold(epsilon) / sigma);
    }

    @Override
    public double qAtMost(double epsilon) {
        return NormalTails.cdf(threshold(epsilon) / sigma);
    }

    /** Both mixture components lie within z sigma of their means, z the tailMass/2 normal quantile. */
    @Override
    public LossRange lossRange(double tailMass) {
        double z = NormalTails.inverseSurvival(tailMass / 2);
        return new LossRange(loss(-z * sigma), loss(1 + z * sigma));
    }

    private double loss(double x) {
        return logMixture(q, (2 * x - 1) / (2 * sigma * sigma));
    }

    /** log((1-q) + q e^a), stable for a of either sign and for q near 0 or 1. */
    static double logMixture(double q, double a) {
        return a > 0 ? a + Math.log(q + (1 - q) * Math.exp(-a)) : Math.log1p(q * Math.expm1(a));
    }

    static double checkSigma(double sigma) {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("noise multiplier must be finite and > 0, got " + sigma);
        }
        return sigma;
    }

    static double checkSamplingRate(double q) {
        if (!(q > 0 && q <= 1)) {
            throw new IllegalArgumentException("sampling rate must be in (0, 1], got " + q);
        }
        return q;
    }
}
