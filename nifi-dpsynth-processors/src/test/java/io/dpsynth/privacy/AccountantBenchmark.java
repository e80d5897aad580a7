package io.dpsynth.privacy;

import io.dpsynth.privacy.pld.PldAccountant;
import io.dpsynth.privacy.rdp.RdpAccountant;
import io.dpsynth.privacy.reference.ReferenceCsv;
import io.dpsynth.privacy.reference.ReferenceRow;
import pl.edu.icm.jlargearrays.ConcurrencyUtils;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * Times the RDP and PLD accountants on the reference workloads and prints Markdown tables with the
 * reference library's own run times (the timing columns of the refdata CSVs, Python dp_accounting
 * 0.6.0 on a 2-core machine) side by side. Not a test: nothing here asserts; the reference tests
 * check accuracy. Run from the repository root:
 * <pre>
 * ./mvnw -B -q -pl nifi-dpsynth-processors test-compile exec:java \
 *     -Dexec.mainClass=io.dpsynth.privacy.AccountantBenchmark -Dexec.classpathScope=test
 * </pre>
 * Each workload runs {@value #WARM_UP} times for the JIT, then {@value #MEASURED} timed runs; the
 * median wall time is reported.
 */
public final class AccountantBenchmark {

    private static final int WARM_UP = 3;
    private static final int MEASURED = 7;

    private AccountantBenchmark() {
    }

    public static void main(String[] args) throws InterruptedException {
        RdpAccountant rdp = new RdpAccountant();
        PldAccountant pld = new PldAccountant();
        epsilonOfTenThousandSteps(rdp, pld);
        calibration(rdp, pld);
        ConcurrencyUtils.shutdownThreadPoolAndAwaitTermination(); // JTransforms' pool would keep the JVM alive
    }

    private static void epsilonOfTenThousandSteps(RdpAccountant rdp, PldAccountant pld) {
        System.out.println("\n### Epsilon of DP-SGD, 10,000 steps, delta 1e-5\n");
        System.out.println("| σ | q | ε RDP | rel. err. vs eps_rdp_exact | RDP ms | library RDP ms | speed-up | ε PLD | rel. err. vs eps_pld | PLD ms | library PLD ms | speed-up |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (ReferenceRow row : ReferenceCsv.read("/refdata/dpsgd_eps.csv")) {
            if (row.count("steps") != 10_000 || row.number("eps_pld") > 20 || row.number("eps_rdp_exact") > 20) {
                continue;
            }
            DpEvent event = DpEvent.dpSgd(row.number("sampling_rate"), row.number("noise_multiplier"), 10_000);
            double delta = row.number("delta");
            double epsRdp = rdp.epsilon(event, delta);
            double epsPld = pld.epsilon(event, delta);
            double rdpMillis = medianMillis(() -> rdp.epsilon(event, delta));
            double pldMillis = medianMillis(() -> pld.epsilon(event, delta));
            double libRdpMillis = 1000 * row.number("rdp_seconds");
            double libPldMillis = 1000 * row.number("pld_wall_seconds");
            System.out.printf(Locale.ROOT, "| %s | %s | %.4f | %.1e | %.2f | %.0f | %.0f× | %.4f | %.1e | %.1f | %.0f | %.0f× |%n",
                    row.text("noise_multiplier"), row.text("sampling_rate"),
                    epsRdp, relative(epsRdp, row.number("eps_rdp_exact")), rdpMillis, libRdpMillis, libRdpMillis / rdpMillis,
                    epsPld, relative(epsPld, row.number("eps_pld")), pldMillis, libPldMillis, libPldMillis / pldMillis);
        }
    }

    private static void calibration(RdpAccountant rdp, PldAccountant pld) {
        System.out.println("\n### Noise calibration for DP-SGD (delta 1e-5)\n");
        System.out.println("| accountant | target ε | q | steps | σ | σ reference | rel. diff. | ε(σ) | ms | library ms | speed-up |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (ReferenceRow row : ReferenceCsv.read("/refdata/calibration.csv")) {
            PrivacyAccountant accountant = row.text("accountant").equals("rdp") ? rdp : pld;
            double q = row.number("sampling_rate");
            long steps = row.count("steps");
            double target = row.number("target_eps");
            double delta = row.number("delta");
            NoiseCalibrator calibrator = new NoiseCalibrator(accountant);
            DoubleSupplier calibrate = () -> calibrator.calibrate(z -> DpEvent.dpSgd(q, z, steps), target, delta);
            double noise = calibrate.getAsDouble();
            double millis = medianMillis(calibrate);
            double libMillis = 1000 * row.number("seconds");
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %d | %.5f | %.5f | %.1e | %.5f | %.1f | %.0f | %.0f× |%n",
                    row.text("accountant").toUpperCase(Locale.ROOT), row.text("target_eps"), row.text("sampling_rate"), steps,
                    noise, row.number("noise_multiplier"), relative(noise, row.number("noise_multiplier")),
                    accountant.epsilon(DpEvent.dpSgd(q, noise, steps), delta), millis, libMillis, libMillis / millis);
        }
    }

    private static double medianMillis(DoubleSupplier work) {
        double sink = 0;
        for (int i = 0; i < WARM_UP; i++) {
            sink += work.getAsDouble();
        }
        double[] millis = new double[MEASURED];
        for (int i = 0; i < MEASURED; i++) {
            long start = System.nanoTime();
            sink += work.getAsDouble();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        if (Double.isNaN(sink)) {
            throw new IllegalStateException("a workload returned NaN");
        }
        Arrays.sort(millis);
        return millis[MEASURED / 2];
    }

    private static double relative(double actual, double expected) {
        return Math.abs(actual - expected) / Math.abs(expected);
    }
}
