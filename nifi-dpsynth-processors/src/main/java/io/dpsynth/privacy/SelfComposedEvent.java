package io.dpsynth.privacy;

import java.util.Objects;

/** The same event run {@code count} times (adaptively) on the same data. */
public record SelfComposedEvent(DpEvent event, long count) implements DpEvent {

    public SelfComposedEvent {
        Objects.requireNonNull(event, "event");
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
    }
}
