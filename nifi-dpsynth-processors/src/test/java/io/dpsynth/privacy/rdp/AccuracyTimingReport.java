package io.dpsynth.privacy.rdp;

import io.dpsynth.privacy.DpEvent;
import io.dpsynth.privacy.NoiseCalibrator;
import io.dpsynth.privacy.PrivacyAccountant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;

/**
 * Prints the RDP accountant's accuracy against every reference file and its run times. Not a test
 * (no assertions; nothing is timed in the suite). Timings are medians of System.nanoTime() wall
 * times after warm-up, in one JVM, so they include JIT-compiled code only. Run from the repository root:
 * <pre>
 * ./mvnw -B -o -q -pl nifi-dpsynth-processors test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp nifi-dpsynth-processors/target/test-classes:nifi-dpsynth-processors/target/classes:$(cat nifi-dpsynth-processors/target/cp.txt) \
 *     io.dpsynth.privacy.rdp.AccuracyTimingReport
 * </pre>
 */
public final class AccuracyTimingReport {

    private AccuracyTimingReport() {
    }

    public static void main(String[] args) {
        RdpAccountant accountant = new RdpAccountant();
        reportDpSgd(accountant);
        reportOrders(accountant);
        reportComposition(accountant);
        reportCalibration(accountant);
        reportDpSgdTiming(accountant);
    }

    private static void reportDpSgd(RdpAccountant accountant) {
        double maxExact = 0;
        double maxLibrary = 0;
        double maxExactAll = 0;
        int checked = 0;
        for (RefCsv.Row row : RefCsv.read("/refdata/dpsgd_eps.csv")) {
            double eps = accountant.epsilon(
                    DpEvent.dpSgd(row.number("sampling_rate"), row.number("noise_multiplier"), (long) row.number("steps")),
                    row.number("delta"));
            double relExact = relative(eps, row.number("eps_rdp_exact"));
            maxExactAll = Math.max(maxExactAll, relExact);
            if (row.number("eps_rdp_exact") <= 20) {
                checked++;
                maxExact = Math.max(maxExact, relExact);
                maxLibrary = Math.max(maxLibrary, relative(eps, row.number("eps_rdp")));
            }
        }
        System.out.printf("dpsgd_eps.csv: %d rows with eps <= 20: max rel err vs eps_rdp_exact %.3e (vs library eps_rdp %.3e);"
                + " all rows vs eps_rdp_exact %.3e%n", checked, maxExact, maxLibrary, maxExactAll);
    }

    private static void reportOrders(RdpAccountant accountant) {
        double maxInteger = 0;
        double maxFractional = 0;
        for (RefCsv.Row row : RefCsv.read("/refdata/rdp_orders.csv")) {
            double order = row.number("order");
            DpEvent mechanism = switch (row.text("mechanism")) {
                case "gaussian" -> io.dpsynth.privacy.GaussianEvent.ofNoiseMultiplier(row.number("noise_multiplier"));
                case "laplace" -> new io.dpsynth.privacy.LaplaceEvent(row.number("laplace_scale"), 1.0);
                default -> new io.dpsynth.privacy.PoissonSampledEvent(row.number("sampling_rate"),
                        io.dpsynth.privacy.GaussianEvent.ofNoiseMultiplier(row.number("noise_multiplier")));
            };
            double rel = relative(RdpAccountant.singleRunRdp(mechanism, order), row.number("rdp_exact_mpmath"));
            if (RdpOrders.isInteger(order)) {
                maxInteger = Math.max(maxInteger, rel);
            } else {
                maxFractional = Math.max(maxFractional, rel);
            }
        }
        System.out.printf("rdp_orders.csv: max rel err vs rdp_exact_mpmath: integer orders %.3e, fractional orders %.3e%n",
                maxInteger, maxFractional);
    }

    private static void reportComposition(RdpAccountant accountant) {
        double max = 0;
        for (RefCsv.Row row : RefCsv.read("/refdata/composition.csv")) {
            double eps = accountant.epsilon(RdpCompositionReferenceTest.parseEvents(row.text("events")), row.number("delta"));
            max = Math.max(max, relative(eps, row.number("eps_rdp_exact")));
        }
        System.out.printf("composition.csv: C1-C5 max rel err vs eps_rdp_exact %.3e%n", max);
    }

    private static void reportCalibration(RdpAccountant accountant) {
        List<RefCsv.Row> rows = RefCsv.read("/refdata/calibration.csv").stream()
                .filter(row -> row.text("accountant").equals("rdp")).toList();
        for (RefCsv.Row row : rows) {
            double q = row.number("sampling_rate");
            long steps = (long) row.number("steps");
            double target = row.number("target_eps");
            double delta = row.number("delta");
            CountingAccountant counting = new CountingAccountant(accountant);
            NoiseCalibrator calibrator = new NoiseCalibrator(counting);
            DoubleSupplier calibrate = () -> calibrator.calibrate(z -> DpEvent.dpSgd(q, z, steps), target, delta);
            double noise = calibrate.getAsDouble();
            int evaluations = counting.calls.get();
            double millis = medianMillis(calibrate, 3, 11);
            System.out.printf("calibration rdp target %.1f q %s T %d: noise %.6f, rel err vs noise_multiplier %.3e,"
                    + " vs fine 1e-6 %.3e; %d evaluations; median %.1f ms (library %.0f ms)%n",
                    target, row.text("sampling_rate"), steps, noise, relative(noise, row.number("noise_multiplier")),
                    relative(noise, row.number("noise_multiplier_fine_tol_1e-6")), evaluations, millis,
                    1000 * row.number("seconds"));
        }
    }

    private static void reportDpSgdTiming(RdpAccountant accountant) {
        DoubleSupplier epsilon = () -> accountant.epsilon(DpEvent.dpSgd(0.01, 1.0, 10_000), 1e-5);
        double millis = medianMillis(epsilon, 200, 201);
        System.out.printf("epsilon of DP-SGD q 0.01, sigma 1.0, 10000 steps, delta 1e-5 = %.6f: median %.3f ms over 201 runs"
                + " after 200 warm-up runs%n", epsilon.getAsDouble(), millis);
    }

    /** Median wall time of {@code runs} calls after {@code warmUps} discarded calls. */
    private static double medianMillis(DoubleSupplier work, int warmUps, int runs) {
        double sink = 0;
        for (int i = 0; i < warmUps; i++) {
            sink += work.getAsDouble();
        }
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            sink += work.getAsDouble();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        if (Double.isNaN(sink)) {
            System.out.println("(NaN seen)");
        }
        Arrays.sort(millis);
        return millis[runs / 2];
    }

    private static double relative(double actual, double expected) {
        return Math.abs(actual - expected) / Math.abs(expected);
    }

    private static final class CountingAccountant implements PrivacyAccountant {
        private final PrivacyAccountant delegate;
        private final AtomicInteger calls = new AtomicInteger();

        CountingAccountant(PrivacyAccountant delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean supports(DpEvent event) {
            return delegate.supports(event);
        }

        @Override
        public double epsilon(DpEvent event, double delta) {
            calls.incrementAndGet();
            return delegate.epsilon(event, delta);
        }

        @Override
        public double delta(DpEvent event, double epsilon) {
            return delegate.delta(event, epsilon);
        }
    }
}
