package io.dpsynth.generation;

import io.dpsynth.privacy.DpEvent;
import io.dpsynth.privacy.GaussianEvent;
import io.dpsynth.privacy.LaplaceEvent;
import io.dpsynth.privacy.NoiseCalibrator;
import io.dpsynth.privacy.pld.PldAccountant;
import io.dpsynth.privacy.rdp.RdpAccountant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The label distribution of the sensitive records, released with differential privacy: one noisy count per label of
 * the adapter (a fixed, public list, so the query's shape never depends on the data). Adding or removing one record
 * changes one count by 1, so the L1 and L2 sensitivities are both 1. Noisy counts are clamped at 0 and normalised to
 * proportions; everything after the noise is post-processing.
 */
public final class DpLabelHistogram {

    private static final double SENSITIVITY = 1;

    private final HistogramMechanism mechanism;
    private final double epsilon;
    private final double delta;
    private final double noiseScale;

    private DpLabelHistogram(HistogramMechanism mechanism, double epsilon, double delta, double noiseScale) {
        this.mechanism = mechanism;
        this.epsilon = epsilon;
        this.delta = delta;
        this.noiseScale = noiseScale;
    }

    /**
     * Laplace: scale 1/ε. Gaussian: the smallest σ that both the PLD and the RDP accountant price at most ε at δ (the
     * larger of the two calibrations), so the committed event stays within the reservation whichever way the ledger
     * accounts.
     */
    public static DpLabelHistogram calibrate(HistogramMechanism mechanism, double epsilon, double delta) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("histogram epsilon must be a finite number > 0, got " + epsilon);
        }
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("histogram delta must be in (0, 1), got " + delta);
        }
        double scale = switch (mechanism) {
            case LAPLACE -> SENSITIVITY / epsilon;
            case GAUSSIAN -> Math.max(
                    new NoiseCalibrator(new PldAccountant()).calibrate(GaussianEvent::ofNoiseMultiplier, epsilon, delta),
                    new NoiseCalibrator(new RdpAccountant()).calibrate(GaussianEvent::ofNoiseMultiplier, epsilon, delta));
        };
        return new DpLabelHistogram(mechanism, epsilon, delta, scale);
    }

    public HistogramMechanism mechanism() {
        return mechanism;
    }

    public double epsilon() {
        return epsilon;
    }

    public double delta() {
        return delta;
    }

    /** Laplace scale b, or Gaussian σ (sensitivity 1, so also the noise multiplier). */
    public double noiseScale() {
        return noiseScale;
    }

    /** Standard deviation of each count's noise: √2·b for Laplace, σ for Gaussian. */
    public double noiseStandardDeviation() {
        return mechanism == HistogramMechanism.LAPLACE ? Math.sqrt(2) * noiseScale : noiseScale;
    }

    /** The mechanism as the ledger records it. */
    public DpEvent event() {
        return mechanism == HistogramMechanism.LAPLACE
                ? new LaplaceEvent(noiseScale, SENSITIVITY)
                : new GaussianEvent(noiseScale, SENSITIVITY);
    }

    /** Each count plus independent noise (before clamping). */
    public double[] noisyCounts(long[] counts, RandomGenerator random) {
        double[] noisy = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            noisy[i] = counts[i] + noise(random);
        }
        return noisy;
    }

    /**
     * The released proportions, in the order of {@code labels}: noisy counts clamped at 0, divided by their sum; equal
     * proportions when every noisy count is at most 0 (nothing is known then).
     *
     * @param counts the true count of each label, in the order of {@code labels}
     */
    public Map<String, Double> proportions(List<String> labels, long[] counts, RandomGenerator random) {
        if (labels.size() != counts.length) {
            throw new IllegalArgumentException(labels.size() + " labels but " + counts.length + " counts");
        }
        double[] noisy = noisyCounts(counts, random);
        double sum = 0;
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] = Math.max(0, noisy[i]);
            sum += noisy[i];
        }
        Map<String, Double> proportions = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            proportions.put(labels.get(i), sum > 0 ? noisy[i] / sum : 1.0 / labels.size());
        }
        return proportions;
    }

    private double noise(RandomGenerator random) {
        if (mechanism == HistogramMechanism.GAUSSIAN) {
            return noiseScale * random.nextGaussian();
        }
        // inverse CDF of the Laplace distribution; u in (-1/2, 1/2), 0 excluded from 1 - 2|u| so the log stays finite
        double u = random.nextDouble() - 0.5;
        double tail = 1 - 2 * Math.abs(u);
        return -noiseScale * Math.signum(u) * Math.log(tail > 0 ? tail : Double.MIN_NORMAL);
    }
}
