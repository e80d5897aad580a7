package io.dpsynth.privacy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An event tree flattened into leaf mechanisms with run counts, plus the basic-composition total of
 * its opaque (epsilon, delta) parts. Identical mechanisms are merged, so a history of many equal
 * runs stays small.
 */
public record FlattenedEvent(List<MechanismCount> mechanisms, double opaqueEpsilon, double opaqueDelta) {

    public FlattenedEvent {
        mechanisms = List.copyOf(mechanisms);
    }

    public static FlattenedEvent of(DpEvent event) {
        Builder builder = new Builder();
        builder.add(event, 1);
        return builder.build();
    }

    private static final class Builder {
        private final Map<DpEvent, Long> counts = new LinkedHashMap<>();
        private double opaqueEpsilon;
        private double opaqueDelta;

        void add(DpEvent event, long times) {
            switch (event) {
                case ComposedEvent composed -> composed.events().forEach(e -> add(e, times));
                case SelfComposedEvent self -> add(self.event(), Math.multiplyExact(times, self.count()));
                case EpsilonDeltaEvent opaque -> {
                    opaqueEpsilon += times * opaque.epsilon();
                    opaqueDelta += times * opaque.delta();
                }
                case GaussianEvent g -> counts.merge(g, times, Math::addExact);
                case LaplaceEvent l -> counts.merge(l, times, Math::addExact);
                case PoissonSampledEvent p -> counts.merge(p, times, Math::addExact);
            }
        }

        FlattenedEvent build() {
            List<MechanismCount> mechanisms = new ArrayList<>();
            counts.forEach((mechanism, count) -> mechanisms.add(new MechanismCount(mechanism, count)));
            return new FlattenedEvent(mechanisms, opaqueEpsilon, opaqueDelta);
        }
    }
}
