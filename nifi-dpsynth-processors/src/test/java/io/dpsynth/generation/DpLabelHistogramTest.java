package io.dpsynth.generation;

import io.dpsynth.privacy.GaussianEvent;
import io.dpsynth.privacy.LaplaceEvent;
import io.dpsynth.privacy.pld.PldAccountant;
import io.dpsynth.privacy.rdp.RdpAccountant;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DpLabelHistogramTest {

    private static final long[] COUNTS = {120, 45, 3};
    private static final int DRAWS = 100_000;

    @Test
    void laplaceNoiseHasScaleOneOverEpsilon() {
        DpLabelHistogram histogram = DpLabelHistogram.calibrate(HistogramMechanism.LAPLACE, 0.5, 1e-6);
        assertEquals(2.0, histogram.noiseScale(), 1e-12);
        LaplaceEvent event = assertInstanceOf(LaplaceEvent.class, histogram.event());
        assertEquals(0.5, event.pureEpsilon(), 1e-12);
        assertEmpiricalNoise(histogram, 2 * Math.sqrt(2));
        // a Laplace's mean absolute deviation is its scale (a Gaussian of the same std would give 0.8 × 2.83 = 2.26)
        double absolute = 0;
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < DRAWS; i++) {
            absolute += Math.abs(histogram.noisyCounts(new long[] {0}, random)[0]);
        }
        assertEquals(2.0, absolute / DRAWS, 0.03 * 2.0);
    }

    @Test
    void gaussianSigmaIsCalibratedForEpsilonDeltaUnderBothAccountants() {
        DpLabelHistogram histogram = DpLabelHistogram.calibrate(HistogramMechanism.GAUSSIAN, 1.0, 1e-5);
        GaussianEvent event = assertInstanceOf(GaussianEvent.class, histogram.event());
        assertEquals(1.0, event.sensitivity());
        double pld = new PldAccountant().epsilon(event, 1e-5);
        double rdp = new RdpAccountant().epsilon(event, 1e-5);
        assertTrue(pld <= 1.0 && rdp <= 1.0, "within the target: PLD " + pld + ", RDP " + rdp);
        assertTrue(Math.max(pld, rdp) > 0.99, "no more noise than needed: PLD " + pld + ", RDP " + rdp);
        // classic bound sqrt(2 ln(1.25/δ))/ε = 4.84 is loose; the calibrated σ must be below it
        assertTrue(histogram.noiseScale() < 4.84 && histogram.noiseScale() > 2, "sigma " + histogram.noiseScale());
        assertEmpiricalNoise(histogram, histogram.noiseScale());
    }

    @Test
    void proportionsAreClampedAndNormalised() {
        DpLabelHistogram histogram = DpLabelHistogram.calibrate(HistogramMechanism.LAPLACE, 100, 1e-6);
        Map<String, Double> proportions = histogram.proportions(List.of("a", "b", "c"), new long[] {300, 100, 0}, new SplittableRandom(1));
        assertEquals(1.0, proportions.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-12);
        assertEquals(0.75, proportions.get("a"), 0.01);
        assertTrue(proportions.get("c") >= 0);
        Map<String, Double> nothing = DpLabelHistogram.calibrate(HistogramMechanism.LAPLACE, 0.01, 1e-6)
                .proportions(List.of("a", "b"), new long[] {0, 0}, new SplittableRandom(2));
        assertEquals(1.0, nothing.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-12);
    }

    /** The empirical standard deviation of noisy minus true counts is within 2 % of {@code expected}. */
    private static void assertEmpiricalNoise(DpLabelHistogram histogram, double expected) {
        assertEquals(expected, histogram.noiseStandardDeviation(), 1e-12);
        SplittableRandom random = new SplittableRandom(7);
        double sum = 0;
        double squares = 0;
        int n = 0;
        for (int draw = 0; draw < DRAWS; draw++) {
            double[] noisy = histogram.noisyCounts(COUNTS, random);
            for (int i = 0; i < COUNTS.length; i++) {
                double noise = noisy[i] - COUNTS[i];
                sum += noise;
                squares += noise * noise;
                n++;
            }
        }
        double mean = sum / n;
        double std = Math.sqrt(squares / n - mean * mean);
        assertEquals(0, mean, 0.02 * expected, "unbiased");
        assertEquals(expected, std, 0.02 * expected, "empirical std " + std + " vs " + expected);
    }
}
