package io.dpsynth.privacy;

import java.util.List;

/** Several events run (adaptively) on the same data. */
public record ComposedEvent(List<DpEvent> events) implements DpEvent {

    public ComposedEvent {
        events = List.copyOf(events);
    }

    public static ComposedEvent of(DpEvent... events) {
        return new ComposedEvent(List.of(events));
    }
}
