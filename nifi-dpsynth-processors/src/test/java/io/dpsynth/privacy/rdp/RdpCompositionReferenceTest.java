package io.dpsynth.privacy.rdp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dpsynth.privacy.ComposedEvent;
import io.dpsynth.privacy.DpEvent;
import io.dpsynth.privacy.GaussianEvent;
import io.dpsynth.privacy.LaplaceEvent;
import io.dpsynth.privacy.SelfComposedEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Heterogeneous compositions (C1-C5) against {@code refdata/composition.csv}'s exact-RDP epsilons. */
class RdpCompositionReferenceTest {

    private static final double RELATIVE_TOLERANCE = 0.005;

    private final RdpAccountant accountant = new RdpAccountant();

    static Stream<RefCsv.Row> rows() {
        return RefCsv.read("/refdata/composition.csv").stream();
    }

    @ParameterizedTest
    @MethodSource("rows")
    void epsilonMatchesExactReference(RefCsv.Row row) {
        DpEvent event = parseEvents(row.text("events"));
        double expected = row.number("eps_rdp_exact");

        double epsilon = accountant.epsilon(event, row.number("delta"));

        assertEquals(expected, epsilon, RELATIVE_TOLERANCE * expected, row::toString);
    }

    @ParameterizedTest
    @MethodSource("rows")
    void optimalOrderMatchesReference(RefCsv.Row row) {
        RdpCurve curve = accountant.curve(parseEvents(row.text("events")));

        assertEquals(row.number("rdp_exact_optimal_order"), curve.bestEpsilon(row.number("delta")).order(), row::toString);
    }

    /** Parses e.g. {@code gaussian(sigma=5.0,count=1) + poisson_gaussian(q=0.01,sigma=1.0,steps=1000)}. */
    static DpEvent parseEvents(String text) {
        List<DpEvent> events = new ArrayList<>();
        for (String part : text.split("\\s\\+\\s")) {
            String name = part.substring(0, part.indexOf('(')).strip();
            Map<String, Double> args = new HashMap<>();
            for (String arg : part.substring(part.indexOf('(') + 1, part.lastIndexOf(')')).split(",")) {
                String[] keyValue = arg.split("=");
                args.put(keyValue[0].strip(), Double.parseDouble(keyValue[1]));
            }
            events.add(switch (name) {
                case "gaussian" -> new SelfComposedEvent(
                        GaussianEvent.ofNoiseMultiplier(args.get("sigma")), args.get("count").longValue());
                case "laplace" -> new SelfComposedEvent(new LaplaceEvent(args.get("scale"), 1.0), args.get("count").longValue());
                case "poisson_gaussian" -> DpEvent.dpSgd(args.get("q"), args.get("sigma"), args.get("steps").longValue());
                default -> throw new IllegalArgumentException("unknown event " + part);
            });
        }
        return new ComposedEvent(events);
    }
}
