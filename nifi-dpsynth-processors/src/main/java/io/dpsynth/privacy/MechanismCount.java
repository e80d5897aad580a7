package io.dpsynth.privacy;

/** A leaf mechanism (Gaussian, Laplace or Poisson-sampled) and how many times it ran. */
public record MechanismCount(DpEvent mechanism, long count) {

    public MechanismCount {
        if (mechanism instanceof ComposedEvent || mechanism instanceof SelfComposedEvent
                || mechanism instanceof EpsilonDeltaEvent) {
            throw new IllegalArgumentException("not a leaf mechanism: " + mechanism.getClass().getSimpleName());
        }
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
    }
}
