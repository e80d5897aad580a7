package io.dpsynth.privacy.pld;

import io.dpsynth.privacy.DpEvent;
import io.dpsynth.privacy.NoiseCalibrator;
import io.dpsynth.privacy.reference.ReferenceCsv;
import io.dpsynth.privacy.reference.ReferenceEvents;
import io.dpsynth.privacy.reference.ReferenceRow;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The PLD accountant against Google dp_accounting 0.6.0 (interval 1e-4, pessimistic, tail mass 1e-15,
 * add-or-remove): see src/test/resources/refdata/README.md. Rows above epsilon 20 are informational.
 */
class PldReferenceTest {

    private static final double MAX_EPSILON = 20;
    private static final PldAccountant ACCOUNTANT = new PldAccountant();

    static Stream<ReferenceRow> dpSgdRows() {
        return ReferenceCsv.read("/refdata/dpsgd_eps.csv").stream().filter(row -> row.number("eps_pld") <= MAX_EPSILON);
    }

    @ParameterizedTest
    @MethodSource("dpSgdRows")
    void dpSgdEpsilonMatchesReference(ReferenceRow row) {
        DpEvent event = DpEvent.dpSgd(row.number("sampling_rate"), row.number("noise_multiplier"), row.count("steps"));
        double delta = row.number("delta");
        double expected = row.number("eps_pld");

        double epsilon = ACCOUNTANT.epsilon(event, delta);

        assertEquals(expected, epsilon, 0.01 * expected, row::toString);
        if (!row.isBlank("eps_exact_gaussian_q1")) {
            double exact = row.number("eps_exact_gaussian_q1");
            assertTrue(epsilon >= exact, () -> "PLD epsilon " + epsilon + " is below the exact Gaussian " + exact);
        }
        assertEquals(delta, ACCOUNTANT.delta(event, epsilon), 1e-6 * delta, "delta(epsilon(delta)) round trip");
    }

    static Stream<ReferenceRow> compositionRows() {
        return ReferenceCsv.read("/refdata/composition.csv").stream();
    }

    @ParameterizedTest
    @MethodSource("compositionRows")
    void compositionEpsilonMatchesReference(ReferenceRow row) {
        DpEvent event = ReferenceEvents.parse(row.text("events"));
        double delta = row.number("delta");
        double expected = row.number("eps_pld");

        double epsilon = ACCOUNTANT.epsilon(event, delta);

        assertEquals(expected, epsilon, 0.01 * expected, row.text("case_id"));
        assertEquals(delta, ACCOUNTANT.delta(event, epsilon), 1e-6 * delta, row.text("case_id") + " delta(epsilon(delta)) round trip");
    }

    static Stream<ReferenceRow> calibrationRows() {
        return ReferenceCsv.read("/refdata/calibration.csv").stream().filter(row -> row.text("accountant").equals("pld"));
    }

    @ParameterizedTest
    @MethodSource("calibrationRows")
    void calibratedNoiseMatchesReference(ReferenceRow row) {
        double q = row.number("sampling_rate");
        long steps = row.count("steps");
        double target = row.number("target_eps");
        double delta = row.number("delta");
        double expected = row.number("noise_multiplier");

        double noise = new NoiseCalibrator(ACCOUNTANT).calibrate(z -> DpEvent.dpSgd(q, z, steps), target, delta, 1.0);

        assertEquals(expected, noise, 0.005 * expected, row::toString);
        assertTrue(ACCOUNTANT.epsilon(DpEvent.dpSgd(q, noise, steps), delta) <= target);
    }
}
