package io.dpsynth.privacy.pld;

/**
 * Privacy loss of the Laplace mechanism with pure epsilon {@code epsilon0}: P = Lap(0, b),
 * Q = Lap(1, b), b = 1 / epsilon0 (sensitivity normalised to 1). The pair is its own mirror image,
 * so adding and removing a record give the same distribution.
 *
 * <p>The loss is epsilon0 for x <= 0, -epsilon0 for x >= 1 and linear in between, so it has atoms at
 * both ends. For epsilon in [-epsilon0, epsilon0), L > epsilon exactly when x < (1 - b epsilon) / 2,
 * which gives the closed forms below; delta(epsilon) = 1 - exp((epsilon - epsilon0) / 2) there.
 */
final class LaplacePrivacyLoss implements PrivacyLoss {

    private final double epsilon0;

    LaplacePrivacyLoss(double epsilon0) {
        if (!(epsilon0 > 0) || Double.isInfinite(epsilon0)) {
            throw new IllegalArgumentException("epsilon0 must be finite and > 0, got " + epsilon0);
        }
        this.epsilon0 = epsilon0;
    }

    @Override
    public Tails tails(double epsilon) {
        if (epsilon >= epsilon0) {
            return new Tails(0, 1, 0, 1);
        }
        if (epsilon < -epsilon0) {
            return new Tails(1, 0, 1, 0);
        }
        double pAtMost = 0.5 * Math.exp((epsilon - epsilon0) / 2);  // P(X >= (1 - b epsilon) / 2)
        double qAbove = 0.5 * Math.exp(-(epsilon0 + epsilon) / 2);  // Q(X < (1 - b epsilon) / 2)
        return new Tails(1 - pAtMost, pAtMost, qAbove, 1 - qAbove);
    }

    /** The loss never leaves [-epsilon0, epsilon0], so nothing needs truncating. */
    @Override
    public LossRange lossRange(double tailMass) {
        return new LossRange(-epsilon0, epsilon0);
    }
}
