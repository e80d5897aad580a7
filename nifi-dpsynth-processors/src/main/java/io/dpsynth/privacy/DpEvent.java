package io.dpsynth.privacy;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A description of what a differentially private computation did, independent of how it is priced.
 *
 * <p>Events are immutable values (as in Google's dp_accounting): an accountant turns an event into
 * (epsilon, delta), and a different accountant can re-price the same history. The neighbouring
 * relation is always add-or-remove-one record.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = GaussianEvent.class, name = "gaussian"),
    @JsonSubTypes.Type(value = LaplaceEvent.class, name = "laplace"),
    @JsonSubTypes.Type(value = PoissonSampledEvent.class, name = "poisson_sampled"),
    @JsonSubTypes.Type(value = SelfComposedEvent.class, name = "self_composed"),
    @JsonSubTypes.Type(value = ComposedEvent.class, name = "composed"),
    @JsonSubTypes.Type(value = EpsilonDeltaEvent.class, name = "epsilon_delta")
})
public sealed interface DpEvent
        permits GaussianEvent, LaplaceEvent, PoissonSampledEvent, SelfComposedEvent, ComposedEvent, EpsilonDeltaEvent {

    /** DP-SGD: a Poisson-subsampled Gaussian mechanism run for {@code steps} steps. */
    static DpEvent dpSgd(double samplingRate, double noiseMultiplier, long steps) {
        return new SelfComposedEvent(
                new PoissonSampledEvent(samplingRate, GaussianEvent.ofNoiseMultiplier(noiseMultiplier)), steps);
    }
}
