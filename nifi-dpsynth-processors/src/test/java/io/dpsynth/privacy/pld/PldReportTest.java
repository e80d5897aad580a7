package io.dpsynth.privacy.pld;

import io.dpsynth.privacy.DpEvent;
import io.dpsynth.privacy.NoiseCalibrator;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Prints the accuracy against the reference data and wall-clock timings of the PLD accountant;
 * asserts nothing (the reference tests do that). Runs only on request, output in
 * target/surefire-reports/io.dpsynth.privacy.pld.PldReportTest-output.txt:
 * {@code ./mvnw -B -o -q -pl nifi-dpsynth-processors test -Dtest=PldReportTest -Dpld.timing=true}.
 *
 * <p>Each workload runs {@value #WARM_UP} times to let the JIT compile the hot loops, then
 * {@value #MEASURED} more times, timed one by one with System.nanoTime; the median and the minimum
 * are printed.
 */
@EnabledIfSystemProperty(named = "pld.timing", matches = "true")
class PldReportTest {

    private static final int WARM_UP = 5;
    private static final int MEASURED = 7;
    private static final double DELTA = 1e-5;

    @Test
    void printAccuracy() {
        PldAccountant accountant = new PldAccountant();
        double worst = 0;
        String worstRow = "";
        int rows = 0;
        for (Map<String, String> row : RefData.rows("/refdata/dpsgd_eps.csv")) {
            double expected = Double.parseDouble(row.get("eps_pld"));
            if (expected > 20) {
                continue;
            }
            double epsilon = accountant.epsilon(DpEvent.dpSgd(Double.parseDouble(row.get("sampling_rate")),
                    Double.parseDouble(row.get("noise_multiplier")), Long.parseLong(row.get("steps"))),
                    Double.parseDouble(row.get("delta")));
            double error = Math.abs(epsilon - expected) / expected;
            rows++;
            if (error > worst) {
                worst = error;
                worstRow = row.get("noise_multiplier") + "/" + row.get("sampling_rate") + "/" + row.get("steps");
            }
        }
        System.out.printf(Locale.ROOT, "PLD accuracy | dpsgd_eps.csv, %d rows with eps <= 20 | max relative error %.2e (sigma/q/steps %s)%n",
                rows, worst, worstRow);
        worst = 0;
        for (Map<String, String> row : RefData.rows("/refdata/composition.csv")) {
            double expected = Double.parseDouble(row.get("eps_pld"));
            double epsilon = accountant.epsilon(PldReferenceTest.parseEvents(row.get("events")), Double.parseDouble(row.get("delta")));
            worst = Math.max(worst, Math.abs(epsilon - expected) / expected);
        }
        System.out.printf(Locale.ROOT, "PLD accuracy | composition.csv C1-C5 | max relative error %.2e%n", worst);
        worst = 0;
        for (Map<String, String> row : RefData.rows("/refdata/calibration.csv")) {
            if (!row.get("accountant").equals("pld")) {
                continue;
            }
            double q = Double.parseDouble(row.get("sampling_rate"));
            long steps = Long.parseLong(row.get("steps"));
            double expected = Double.parseDouble(row.get("noise_multiplier"));
            double noise = new NoiseCalibrator(accountant).calibrate(z -> DpEvent.dpSgd(q, z, steps),
                    Double.parseDouble(row.get("target_eps")), Double.parseDouble(row.get("delta")), 1.0);
            worst = Math.max(worst, Math.abs(noise - expected) / expected);
        }
        System.out.printf(Locale.ROOT, "PLD accuracy | calibration.csv pld rows | max relative error %.2e%n", worst);
    }

    @Test
    void printTimings() {
        PldAccountant accountant = new PldAccountant();
        report("epsilon DP-SGD q=0.01 sigma=1 10000 steps",
                () -> accountant.epsilon(DpEvent.dpSgd(0.01, 1, 10_000), DELTA));
        report("epsilon DP-SGD q=0.004267 sigma=1.1 10000 steps",
                () -> accountant.epsilon(DpEvent.dpSgd(0.004267, 1.1, 10_000), DELTA));
        for (double[] c : new double[][] {{0.01, 1000, 1}, {0.004267, 14063, 1}, {0.01, 1000, 8}, {0.004267, 14063, 8}}) {
            double q = c[0];
            long steps = (long) c[1];
            double target = c[2];
            report(String.format(Locale.ROOT, "calibrate sigma q=%s steps=%d eps=%s (guess 1.0)", q, steps, target),
                    () -> new NoiseCalibrator(accountant).calibrate(z -> DpEvent.dpSgd(q, z, steps), target, DELTA, 1.0));
        }
    }

    private static void report(String name, DoubleSupplier workload) {
        double result = 0;
        for (int i = 0; i < WARM_UP; i++) {
            result = workload.getAsDouble();
        }
        double[] millis = new double[MEASURED];
        for (int i = 0; i < MEASURED; i++) {
            long start = System.nanoTime();
            result = workload.getAsDouble();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        System.out.printf(Locale.ROOT, "PLD timing | %-58s | result %.6f | median %7.1f ms | min %7.1f ms%n",
                name, result, millis[MEASURED / 2], millis[0]);
    }
}
