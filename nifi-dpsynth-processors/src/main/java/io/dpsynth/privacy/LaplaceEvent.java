package io.dpsynth.privacy;

/**
 * Laplace mechanism: noise of scale {@code scale} added to a query of L1 sensitivity
 * {@code sensitivity}; pure epsilon-DP with epsilon = sensitivity / scale.
 */
public record LaplaceEvent(double scale, double sensitivity) implements DpEvent {

    public LaplaceEvent {
        Checks.positiveFinite("scale", scale);
        Checks.positiveFinite("sensitivity", sensitivity);
    }

    /** The pure-DP epsilon of one release. */
    public double pureEpsilon() {
        return sensitivity / scale;
    }
}
