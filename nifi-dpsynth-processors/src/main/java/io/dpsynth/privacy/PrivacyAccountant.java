package io.dpsynth.privacy;

/**
 * Prices a {@link DpEvent}: the smallest epsilon for a delta, or the smallest delta for an epsilon,
 * that this accountant can prove for the event (add-or-remove-one neighbouring).
 *
 * <p>Opaque {@link EpsilonDeltaEvent}s are composed with the rest by basic composition: their epsilons
 * and deltas add, and the mechanism-described part is priced at the delta that remains.
 */
public interface PrivacyAccountant {

    /** Whether every mechanism in the event can be priced by this accountant. */
    boolean supports(DpEvent event);

    /**
     * Epsilon of the event at {@code delta}; {@code +Infinity} when no finite epsilon can be proven.
     *
     * @throws IllegalArgumentException if delta is not in (0, 1) or the event is not supported
     */
    double epsilon(DpEvent event, double delta);

    /**
     * Delta of the event at {@code epsilon}, in [0, 1].
     *
     * @throws IllegalArgumentException if epsilon is negative or not finite, or the event is not supported
     */
    double delta(DpEvent event, double epsilon);
}
