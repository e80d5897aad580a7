package io.dpsynth.privacy.pld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpsynth.privacy.ComposedEvent;
import io.dpsynth.privacy.DpEvent;
import io.dpsynth.privacy.GaussianEvent;
import io.dpsynth.privacy.LaplaceEvent;
import io.dpsynth.privacy.NoiseCalibrator;
import io.dpsynth.privacy.PoissonSampledEvent;
import io.dpsynth.privacy.SelfComposedEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The PLD accountant against Google dp_accounting 0.6.0 (interval 1e-4, pessimistic, tail mass 1e-15,
 * add-or-remove): see src/test/resources/refdata/README.md. Rows above epsilon 20 are informational.
 */
class PldReferenceTest {

    private static final double MAX_EPSILON = 20;
    private static final PldAccountant ACCOUNTANT = new PldAccountant();

    static Stream<Arguments> dpSgdRows() {
        return RefData.rows("/refdata/dpsgd_eps.csv").stream()
                .filter(row -> Double.parseDouble(row.get("eps_pld")) <= MAX_EPSILON)
                .map(row -> Arguments.of(
                        Double.parseDouble(row.get("noise_multiplier")),
                        Double.parseDouble(row.get("sampling_rate")),
                        Long.parseLong(row.get("steps")),
                        Double.parseDouble(row.get("delta")),
                        Double.parseDouble(row.get("eps_pld")),
                        row.get("eps_exact_gaussian_q1").isEmpty() ? Double.NaN : Double.parseDouble(row.get("eps_exact_gaussian_q1"))));
    }

    @ParameterizedTest(name = "sigma={0} q={1} steps={2} delta={3}")
    @MethodSource("dpSgdRows")
    void dpSgdEpsilonMatchesReference(double sigma, double q, long steps, double delta, double expected, double exactQ1) {
        DpEvent event = DpEvent.dpSgd(q, sigma, steps);
        double epsilon = ACCOUNTANT.epsilon(event, delta);
        assertEquals(expected, epsilon, 0.01 * expected);
        if (!Double.isNaN(exactQ1)) {
            assertTrue(epsilon >= exactQ1, () -> "PLD epsilon " + epsilon + " is below the exact Gaussian " + exactQ1);
        }
        assertEquals(delta, ACCOUNTANT.delta(event, epsilon), 1e-6 * delta, "delta(epsilon(delta)) round trip");
    }

    static Stream<Arguments> compositionRows() {
        return RefData.rows("/refdata/composition.csv").stream()
                .map(row -> Arguments.of(row.get("case_id"), row.get("events"),
                        Double.parseDouble(row.get("delta")), Double.parseDouble(row.get("eps_pld"))));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("compositionRows")
    void compositionEpsilonMatchesReference(String caseId, String events, double delta, double expected) {
        DpEvent event = parseEvents(events);
        double epsilon = ACCOUNTANT.epsilon(event, delta);
        assertEquals(expected, epsilon, 0.01 * expected, caseId);
        assertEquals(delta, ACCOUNTANT.delta(event, epsilon), 1e-6 * delta, caseId + " delta(epsilon(delta)) round trip");
    }

    static Stream<Arguments> calibrationRows() {
        return RefData.rows("/refdata/calibration.csv").stream()
                .filter(row -> row.get("accountant").equals("pld"))
                .map(row -> Arguments.of(
                        Double.parseDouble(row.get("target_eps")),
                        Double.parseDouble(row.get("delta")),
                        Double.parseDouble(row.get("sampling_rate")),
                        Long.parseLong(row.get("steps")),
                        Double.parseDouble(row.get("noise_multiplier"))));
    }

    @ParameterizedTest(name = "eps={0} delta={1} q={2} steps={3}")
    @MethodSource("calibrationRows")
    void calibratedNoiseMatchesReference(double targetEpsilon, double delta, double q, long steps, double expected) {
        double noise = new NoiseCalibrator(ACCOUNTANT).calibrate(z -> DpEvent.dpSgd(q, z, steps), targetEpsilon, delta, 1.0);
        assertEquals(expected, noise, 0.005 * expected);
        assertTrue(ACCOUNTANT.epsilon(DpEvent.dpSgd(q, noise, steps), delta) <= targetEpsilon);
    }

    @Test
    void eventParserReadsEveryKind() {
        DpEvent event = parseEvents("gaussian(sigma=5.0,count=2) + laplace(scale=10.0,count=1) + poisson_gaussian(q=0.01,sigma=1.0,steps=3)");
        assertEquals(new ComposedEvent(List.of(
                new SelfComposedEvent(GaussianEvent.ofNoiseMultiplier(5), 2),
                new SelfComposedEvent(new LaplaceEvent(10, 1), 1),
                DpEvent.dpSgd(0.01, 1.0, 3))), event);
    }

    private static final Pattern TERM = Pattern.compile("(\\w+)\\(([^)]*)\\)");

    /** Parses the {@code events} column, e.g. "gaussian(sigma=5.0,count=1) + laplace(scale=10.0,count=1)". */
    static DpEvent parseEvents(String text) {
        List<DpEvent> events = new ArrayList<>();
        for (String term : text.split("\\s*\\+\\s*")) {
            Matcher m = TERM.matcher(term.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("cannot parse event " + term);
            }
            Map<String, String> args = new HashMap<>();
            for (String pair : m.group(2).split(",")) {
                String[] kv = pair.split("=", 2);
                args.put(kv[0].trim(), kv[1].trim());
            }
            events.add(switch (m.group(1)) {
                case "gaussian" -> new SelfComposedEvent(
                        GaussianEvent.ofNoiseMultiplier(Double.parseDouble(args.get("sigma"))), Long.parseLong(args.get("count")));
                case "laplace" -> new SelfComposedEvent(
                        new LaplaceEvent(Double.parseDouble(args.get("scale")), 1), Long.parseLong(args.get("count")));
                case "poisson_gaussian" -> new SelfComposedEvent(
                        new PoissonSampledEvent(Double.parseDouble(args.get("q")),
                                GaussianEvent.ofNoiseMultiplier(Double.parseDouble(args.get("sigma")))),
                        Long.parseLong(args.get("steps")));
                default -> throw new IllegalArgumentException("unknown mechanism " + m.group(1));
            });
        }
        return events.size() == 1 ? events.get(0) : new ComposedEvent(events);
    }
}
