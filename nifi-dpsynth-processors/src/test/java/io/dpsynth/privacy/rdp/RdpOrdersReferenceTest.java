package io.dpsynth.privacy.rdp;

import io.dpsynth.privacy.reference.ReferenceRow;
import io.dpsynth.privacy.reference.ReferenceCsv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpsynth.privacy.DpEvent;
import io.dpsynth.privacy.GaussianEvent;
import io.dpsynth.privacy.LaplaceEvent;
import io.dpsynth.privacy.PoissonSampledEvent;
import io.dpsynth.privacy.SelfComposedEvent;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Single-order RDP against {@code refdata/rdp_orders.csv}'s high-precision values
 * ({@code rdp_exact_mpmath}: closed form, binomial sum or numerical integration).
 */
class RdpOrdersReferenceTest {

    /** Integer orders: exact finite sum, so agreement to ~1e-13 is expected; 1e-6 is required. */
    private static final double INTEGER_ORDER_TOLERANCE = 1e-6;
    /** Fractional orders: truncated series (terms below e^-30) against quadrature; measured ~1e-8. */
    private static final double FRACTIONAL_ORDER_TOLERANCE = 1e-6;

    private final RdpAccountant accountant = new RdpAccountant();

    static Stream<ReferenceRow> rows() {
        return ReferenceCsv.read("/refdata/rdp_orders.csv").stream();
    }

    @ParameterizedTest
    @MethodSource("rows")
    void rdpMatchesHighPrecisionValue(ReferenceRow row) {
        double order = row.number("order");
        double expected = row.number("rdp_exact_mpmath");
        double tolerance = RdpOrders.isInteger(order) ? INTEGER_ORDER_TOLERANCE : FRACTIONAL_ORDER_TOLERANCE;

        double rdp = rdpAt(row, order);

        assertEquals(expected, rdp, tolerance * expected, row::toString);
    }

    @ParameterizedTest
    @MethodSource("rows")
    void rdpNeverAboveLibraryValue(ReferenceRow row) {
        double order = row.number("order");

        double rdp = rdpAt(row, order);

        assertTrue(rdp <= row.number("rdp_library") * (1 + 1e-9), () -> rdp + " above library " + row);
    }

    /**
     * The mechanism's RDP at the row's order, times its step count. Grid orders are read from the
     * accountant's curve; off-grid orders (64 is in the file) from the single-order function.
     */
    private double rdpAt(ReferenceRow row, double order) {
        long steps = row.count("steps");
        RdpCurve curve = accountant.curve(new SelfComposedEvent(mechanism(row), steps));
        int index = Arrays.binarySearch(curve.orders(), order);
        if (index >= 0) {
            return curve.values()[index];
        }
        return steps * RdpAccountant.singleRunRdp(mechanism(row), order);
    }

    private static DpEvent mechanism(ReferenceRow row) {
        return switch (row.text("mechanism")) {
            case "gaussian" -> GaussianEvent.ofNoiseMultiplier(row.number("noise_multiplier"));
            case "laplace" -> new LaplaceEvent(row.number("laplace_scale"), 1.0);
            case "poisson_gaussian" -> new PoissonSampledEvent(
                    row.number("sampling_rate"), GaussianEvent.ofNoiseMultiplier(row.number("noise_multiplier")));
            default -> throw new IllegalArgumentException("unknown mechanism in " + row);
        };
    }
}
