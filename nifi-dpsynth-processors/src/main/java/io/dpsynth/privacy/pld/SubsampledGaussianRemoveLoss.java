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
        return logExcess(q, epsilon) * sigma * sigma + 0.5;
    }

    @Override
    public Tails tails(double epsilon) {
        double x = threshold(epsilon);
        NormalTails.Split fromZero = NormalTails.split(x / sigma);      // N(0, sigma^2) around x*
        NormalTails.Split fromOne = NormalTails.split((x - 1) / sigma); // N(1, sigma^2) around x*
        return new Tails(
                (1 - q) * fromZero.above() + q * fromOne.above(),
                (1 - q) * fromZero.below() + q * fromOne.below(),
                fromZero.above(),
                fromZero.below());
    }

    /**
     * Every mixture component of P lies within z sigma of its mean, z the tailMass/2 normal quantile
     * (at q = 1 only the component at 1 exists, which halves the range for small sigma).
     */
    @Override
    public LossRange lossRange(double tailMass) {
        double z = NormalTails.inverseSurvival(tailMass / 2);
        double lowestX = q < 1 ? -z * sigma : 1 - z * sigma;
        return new LossRange(loss(lowestX), loss(1 + z * sigma));
    }

    private double loss(double x) {
        return logMixture(q, (2 * x - 1) / (2 * sigma * sigma));
    }

    /**
     * log((e^t - (1-q)) / q), or -infinity when e^t <= 1-q. Uses expm1 near the pole at t = log(1-q)
     * and factors e^t out for t > 1, so it neither cancels nor overflows (losses can exceed 709).
     */
    static double logExcess(double q, double t) {
        if (t > 1) {
            return t + Math.log1p(-(1 - q) * Math.exp(-t)) - Math.log(q);
        }
        double growth = Math.expm1(t);
        return growth + q > 0 ? Math.log1p(growth / q) : Double.NEGATIVE_INFINITY;
    }

    /** log((1-q) + q e^a) as a log-sum-exp, stable for any a and any q in (0, 1]. */
    static double logMixture(double q, double a) {
        double fromZero = Math.log1p(-q); // -infinity at q = 1, which the sum handles
        double fromOne = Math.log(q) + a;
        double max = Math.max(fromZero, fromOne);
        return max + Math.log1p(Math.exp(Math.min(fromZero, fromOne) - max));
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
