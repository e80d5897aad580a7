package io.dpsynth.privacy;

import java.util.List;

/**
 * Base for accountants that price leaf mechanisms tightly and compose opaque (epsilon, delta) parts
 * by basic composition. Subclasses see only the flattened mechanisms.
 */
public abstract class CompositionAccountant implements PrivacyAccountant {

    @Override
    public final boolean supports(DpEvent event) {
        return FlattenedEvent.of(event).mechanisms().stream()
                .allMatch(m -> supportsMechanism(m.mechanism()));
    }

    @Override
    public final double epsilon(DpEvent event, double delta) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), got " + delta);
        }
        FlattenedEvent flat = supported(event);
        double mechanismDelta = delta - flat.opaqueDelta();
        if (mechanismDelta <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        double mechanismEpsilon = flat.mechanisms().isEmpty() ? 0 : mechanismEpsilon(flat.mechanisms(), mechanismDelta);
        return flat.opaqueEpsilon() + mechanismEpsilon;
    }

    @Override
    public final double delta(DpEvent event, double epsilon) {
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and >= 0, got " + epsilon);
        }
        FlattenedEvent flat = supported(event);
        double mechanismEpsilon = epsilon - flat.opaqueEpsilon();
        if (mechanismEpsilon < 0) {
            return 1;
        }
        double mechanismDelta = flat.mechanisms().isEmpty() ? 0 : mechanismDelta(flat.mechanisms(), mechanismEpsilon);
        return Math.min(1, flat.opaqueDelta() + mechanismDelta);
    }

    private FlattenedEvent supported(DpEvent event) {
        FlattenedEvent flat = FlattenedEvent.of(event);
        for (MechanismCount m : flat.mechanisms()) {
            if (!supportsMechanism(m.mechanism())) {
                throw new IllegalArgumentException(getClass().getSimpleName() + " does not support " + m.mechanism());
            }
        }
        return flat;
    }

    /** Whether a leaf mechanism (Gaussian, Laplace or Poisson-sampled) can be priced. */
    protected abstract boolean supportsMechanism(DpEvent mechanism);

    /** Epsilon of the composition of the (non-empty) mechanisms at {@code delta} in (0, 1). */
    protected abstract double mechanismEpsilon(List<MechanismCount> mechanisms, double delta);

    /** Delta of the composition of the (non-empty) mechanisms at {@code epsilon} >= 0. */
    protected abstract double mechanismDelta(List<MechanismCount> mechanisms, double epsilon);
}
