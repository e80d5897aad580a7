package io.dpsynth.privacy;

/**
 * A spend accounted elsewhere, known only by its (epsilon, delta) guarantee. Accountants compose
 * such events with basic composition (epsilons and deltas add), since nothing tighter is valid.
 */
public record EpsilonDeltaEvent(double epsilon, double delta) implements DpEvent {

    public EpsilonDeltaEvent {
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and >= 0, got " + epsilon);
        }
        if (!(delta >= 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in [0, 1), got " + delta);
        }
    }
}
