package io.dpsynth.privacy;

/**
 * Gaussian mechanism: noise of standard deviation {@code noiseMultiplier * sensitivity} added to a
 * query of L2 sensitivity {@code sensitivity}. Its privacy depends on the noise multiplier alone;
 * the sensitivity is kept so the event says what was actually added.
 */
public record GaussianEvent(double noiseMultiplier, double sensitivity) implements DpEvent {

    public GaussianEvent {
        Checks.positiveFinite("noiseMultiplier", noiseMultiplier);
        Checks.positiveFinite("sensitivity", sensitivity);
    }

    public static GaussianEvent ofNoiseMultiplier(double noiseMultiplier) {
        return new GaussianEvent(noiseMultiplier, 1.0);
    }

    /** Standard deviation of the added noise. */
    public double standardDeviation() {
        return noiseMultiplier * sensitivity;
    }
}
