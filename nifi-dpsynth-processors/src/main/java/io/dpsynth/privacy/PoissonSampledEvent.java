package io.dpsynth.privacy;

import java.util.Objects;

/**
 * Runs {@code event} on a Poisson sample of the data: each record is included independently with
 * probability {@code samplingRate}. Privacy amplification by sampling is only valid when the code
 * really samples this way (not with shuffled fixed-size batches).
 */
public record PoissonSampledEvent(double samplingRate, DpEvent event) implements DpEvent {

    public PoissonSampledEvent {
        if (!(samplingRate > 0 && samplingRate <= 1)) {
            throw new IllegalArgumentException("samplingRate must be in (0, 1], got " + samplingRate);
        }
        Objects.requireNonNull(event, "event");
    }
}
