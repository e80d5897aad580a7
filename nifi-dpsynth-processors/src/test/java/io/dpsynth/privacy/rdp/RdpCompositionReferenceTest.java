package io.dpsynth.privacy.rdp;

import io.dpsynth.privacy.reference.ReferenceEvents;

import io.dpsynth.privacy.reference.ReferenceRow;
import io.dpsynth.privacy.reference.ReferenceCsv;

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

    static Stream<ReferenceRow> rows() {
        return ReferenceCsv.read("/refdata/composition.csv").stream();
    }

    @ParameterizedTest
    @MethodSource("rows")
    void epsilonMatchesExactReference(ReferenceRow row) {
        DpEvent event = ReferenceEvents.parse(row.text("events"));
        double expected = row.number("eps_rdp_exact");

        double epsilon = accountant.epsilon(event, row.number("delta"));

        assertEquals(expected, epsilon, RELATIVE_TOLERANCE * expected, row::toString);
    }

    @ParameterizedTest
    @MethodSource("rows")
    void optimalOrderMatchesReference(ReferenceRow row) {
        RdpCurve curve = accountant.curve(ReferenceEvents.parse(row.text("events")));

        assertEquals(row.number("rdp_exact_optimal_order"), curve.bestEpsilon(row.number("delta")).order(), row::toString);
    }
}
