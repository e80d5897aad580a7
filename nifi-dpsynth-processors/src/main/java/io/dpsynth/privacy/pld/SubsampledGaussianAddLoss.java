package io.dpsynth.privacy.pld;

/**
 * Privacy loss of the Poisson-subsampled Gaussian mechanism when a record is added: the mirror of
 * {@link SubsampledGaussianRemoveLoss} with P = N(0, sigma^2) and Q = (1-q) N(0, sigma^2) + q N(1, sigma^2).
 *
 * <p>L(x) = -log((1-q) + q exp((2x-1) / (2 sigma^2))) decreases in x and never exceeds -log(1-q).
 * For e^-epsilon > 1-q, L > epsilon exactly when x < x*(epsilon) = sigma^2 log((e^-epsilon - (1-q)) / q) + 1/2;
 * otherwise no x has loss above epsilon.
 */
final class SubsampledGaussianAddLoss implements PrivacyLoss {

    private final double sigma;
    private final double q;

    SubsampledGaussianAddLoss(double sigma, double q) {
        this.sigma = SubsampledGaussianRemoveLoss.checkSigma(sigma);
        this.q = SubsampledGaussianRemoveLoss.checkSamplingRate(q);
    }

    /** x*(epsilon), or -infinity when no x has loss above epsilon. */
    private double threshold(double epsilon) {
        double excess = Math.expm1(-epsilon) + q; // e^-epsilon - (1-q), without cancellation near -log(1-q)
        if (!(excess > 0)) {
            return Double.NEGATIVE_INFINITY;
        }
        return sigma * sigma * Math.log1p(Math.expm1(-epsilon) / q) + 0.5;
    }

    @Override
    public double pAbove(double epsilon) {
        return NormalTails.cdf(threshold(epsilon) / sigma);
    }

    @Override
    public double pAtMost(double epsilon) {
        return NormalTails.survival(threshold(epsilon) / sigma);
    }

    @Override
    public double qAbove(double epsilon) {
        double x = threshold(epsilon);
        return (1 - q) * NormalTails.cdf(x / sigma) + q * NormalTails.cdf((x - 1) / sigma);
    }

    @Override
    public double qAtMost(double epsilon) {
        double x = threshold(epsilon);
        return (1 - q) * NormalTails.survival(x / sigma) + q * NormalTails.survival((x - 1) / sigma);
    }

    /** P = N(0, sigma^2) lies within z sigma of 0, z the tailMass/2 normal quantile. */
    @Override
    public LossRange lossRange(double tailMass) {
        double z = NormalTails.inverseSurvival(tailMass / 2);
        return new LossRange(loss(z * sigma), loss(-z * sigma));
    }

    private double loss(double x) {
        return -SubsampledGaussianRemoveLoss.logMixture(q, (2 * x - 1) / (2 * sigma * sigma));
    }
}
