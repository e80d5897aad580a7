package io.dpsynth.privacy.rdp;

import io.dpsynth.privacy.reference.ReferenceRow;
import io.dpsynth.privacy.reference.ReferenceCsv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpsynth.privacy.DpEvent;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DP-SGD epsilons against {@code refdata/dpsgd_eps.csv}. This accountant follows the exact signed
 * series, so the target is {@code eps_rdp_exact}; rows above epsilon 20 are informational (README).
 */
class RdpDpSgdReferenceTest {

    private static final double LARGEST_CHECKED_EPSILON = 20;
    private static final double RELATIVE_TOLERANCE = 0.005;

    private final RdpAccountant accountant = new RdpAccountant();

    static Stream<ReferenceRow> rowsUpToEpsilon20() {
        return ReferenceCsv.read("/refdata/dpsgd_eps.csv").stream()
                .filter(row -> row.number("eps_rdp_exact") <= LARGEST_CHECKED_EPSILON);
    }

    @ParameterizedTest
    @MethodSource("rowsUpToEpsilon20")
    void epsilonMatchesExactReference(ReferenceRow row) {
        DpEvent event = DpEvent.dpSgd(row.number("sampling_rate"), row.number("noise_multiplier"), row.count("steps"));
        double expected = row.number("eps_rdp_exact");

        double epsilon = accountant.epsilon(event, row.number("delta"));

        assertEquals(expected, epsilon, RELATIVE_TOLERANCE * expected, row::toString);
    }

    @ParameterizedTest
    @MethodSource("rowsUpToEpsilon20")
    void epsilonNeverAboveLibraryUpperBound(ReferenceRow row) {
        // dp_accounting's fractional-order RDP is an upper bound on the exact one.
        DpEvent event = DpEvent.dpSgd(row.number("sampling_rate"), row.number("noise_multiplier"), row.count("steps"));

        double epsilon = accountant.epsilon(event, row.number("delta"));

        assertTrue(epsilon <= row.number("eps_rdp") * (1 + 1e-9), () -> epsilon + " above library " + row);
    }

    @ParameterizedTest
    @MethodSource("rowsUpToEpsilon20")
    void optimalOrderMatchesReference(ReferenceRow row) {
        RdpCurve curve = accountant.curve(
                DpEvent.dpSgd(row.number("sampling_rate"), row.number("noise_multiplier"), row.count("steps")));

        assertEquals(row.number("rdp_exact_optimal_order"), curve.bestEpsilon(row.number("delta")).order(), row::toString);
    }
}
