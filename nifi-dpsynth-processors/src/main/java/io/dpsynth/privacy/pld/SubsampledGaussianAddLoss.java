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
        return SubsampledGaussianRemoveLoss.logExcess(q, -epsilon) * sigma * sigma + 0.5;
    }

    @Override
    public Tails tails(double epsilon) {
        double x = threshold(epsilon);
        NormalTails.Split fromZero = NormalTails.split(x / sigma);      // N(0, sigma^2) around x*
        NormalTails.Split fromOne = NormalTails.split((x - 1) / sigma); // N(1, sigma^2) around x*
        return new Tails(
                fromZero.below(),
                fromZero.above(),
                (1 - q) * fromZero.below() + q * fromOne.below(),
                (1 - q) * fromZero.above() + q * fromOne.above());
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
