package io.dpsynth.privacy.pld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpsynth.privacy.ComposedEvent;
import io.dpsynth.privacy.DpEvent;
import io.dpsynth.privacy.EpsilonDeltaEvent;
import io.dpsynth.privacy.GaussianEvent;
import io.dpsynth.privacy.LaplaceEvent;
import io.dpsynth.privacy.PoissonSampledEvent;
import io.dpsynth.privacy.SelfComposedEvent;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** FFT composition, its truncation window, and the accountant's composition rules. */
class PldCompositionTest {

    private static final double INTERVAL = 1e-4;
    private static final double TAIL = 1e-15;

    @Test
    void fftCompositionEqualsDirectConvolution() {
        PrivacyLossDistribution a = new PrivacyLossDistribution(INTERVAL, -3, new double[] {0.1, 0.2, 0.3, 0.35}, 0.05);
        PrivacyLossDistribution b = new PrivacyLossDistribution(INTERVAL, 5, new double[] {0.5, 0.25, 0.25}, 0);
        List<CompositionTerm> terms = List.of(new CompositionTerm(a, 2), new CompositionTerm(b, 1));
        PrivacyLossDistribution composed = FftComposer.compose(terms, ChernoffWindow.of(terms, TAIL));

        double[] aa = convolve(new double[] {0.1, 0.2, 0.3, 0.35}, new double[] {0.1, 0.2, 0.3, 0.35});
        double[] expected = convolve(aa, new double[] {0.5, 0.25, 0.25});
        long expectedOffset = 2 * -3 + 5;
        for (int k = 0; k < expected.length; k++) {
            long index = expectedOffset + k - composed.offset();
            double actual = index >= 0 && index < composed.size() ? composed.mass((int) index) : 0;
            assertEquals(expected[k], actual, 1e-15, "mass at grid " + (expectedOffset + k));
        }
        assertEquals(1 - 0.95 * 0.95, composed.infinityMass(), 1e-15);
    }

    @ParameterizedTest(name = "sigma={0} q={1} steps={2}")
    @CsvSource({"1, 0.01, 1000", "0.8, 0.05, 300", "2, 0.004267, 14063"})
    void composedMassSumsToOne(double sigma, double q, long steps) {
        PessimisticDiscretizer discretizer = new PessimisticDiscretizer(INTERVAL, TAIL);
        for (PrivacyLoss loss : new PrivacyLoss[] {new SubsampledGaussianRemoveLoss(sigma, q), new SubsampledGaussianAddLoss(sigma, q)}) {
            List<CompositionTerm> terms = List.of(new CompositionTerm(discretizer.discretize(loss), steps));
            ChernoffWindow window = ChernoffWindow.of(terms, TAIL);
            PrivacyLossDistribution composed = FftComposer.compose(terms, window);
            assertEquals(1, composed.finiteMass() + composed.infinityMass(), 1e-9);
            assertTrue(composed.size() < steps * discretizer.gridPoints(loss) / 10, "window keeps the support small");
        }
    }

    /** The FFT path (no Gaussian merging) must stay above the exact T-fold Gaussian epsilon. */
    @ParameterizedTest(name = "sigma={0} steps={1}")
    @CsvSource({"2, 10", "5, 100", "10, 1000"})
    void fftCompositionOfGaussiansIsPessimisticAndTight(double sigma, long steps) {
        PessimisticDiscretizer discretizer = new PessimisticDiscretizer(INTERVAL, TAIL);
        List<CompositionTerm> terms = List.of(new CompositionTerm(discretizer.discretize(new SubsampledGaussianRemoveLoss(sigma, 1)), steps));
        PrivacyLossDistribution composed = FftComposer.compose(terms, ChernoffWindow.of(terms, TAIL));
        double exact = GaussianFormulas.epsilon(sigma / Math.sqrt(steps), 1e-5);
        double epsilon = composed.epsilon(1e-5);
        assertTrue(epsilon >= exact, () -> epsilon + " below exact " + exact);
        assertEquals(exact, epsilon, 1e-3 * exact);
    }

    @ParameterizedTest(name = "sigma={0} steps={1}")
    @CsvSource({"0.5, 1", "1, 1", "2, 100", "10, 1000", "1, 10000"})
    void accountantIsNeverBelowExactGaussian(double sigma, long steps) {
        DpEvent event = new SelfComposedEvent(GaussianEvent.ofNoiseMultiplier(sigma), steps);
        double exact = GaussianFormulas.epsilon(sigma / Math.sqrt(steps), 1e-5);
        double epsilon = new PldAccountant().epsilon(event, 1e-5);
        assertTrue(epsilon >= exact, () -> epsilon + " below exact " + exact);
        assertEquals(exact, epsilon, 1e-5 * exact); // large epsilons need a coarser grid
        // Sampling rate 1 is the same mechanism.
        assertEquals(epsilon, new PldAccountant().epsilon(DpEvent.dpSgd(1, sigma, steps), 1e-5), 1e-12 * epsilon);
    }

    @Test
    void gaussiansMergeIntoOne() {
        DpEvent mixed = new ComposedEvent(List.of(
                new SelfComposedEvent(GaussianEvent.ofNoiseMultiplier(2), 3), GaussianEvent.ofNoiseMultiplier(1)));
        double merged = 1 / Math.sqrt(3 / 4.0 + 1); // 1/sigma^2 adds up
        assertEquals(GaussianFormulas.epsilon(merged, 1e-6), new PldAccountant().epsilon(mixed, 1e-6), 1e-6);
    }

    @Test
    void opaquePartsAddAndUnsupportedEventsAreRejected() {
        PldAccountant accountant = new PldAccountant();
        DpEvent laplace = new LaplaceEvent(1, 1);
        DpEvent withOpaque = new ComposedEvent(List.of(laplace, new EpsilonDeltaEvent(0.5, 1e-6)));
        assertEquals(accountant.epsilon(laplace, 1e-5 - 1e-6) + 0.5, accountant.epsilon(withOpaque, 1e-5), 1e-12);
        DpEvent sampledLaplace = new PoissonSampledEvent(0.1, laplace);
        assertTrue(!accountant.supports(sampledLaplace));
        assertThrows(IllegalArgumentException.class, () -> accountant.epsilon(sampledLaplace, 1e-5));
    }

    @Test
    void coarserIntervalIsLooserButStillAbove() {
        DpEvent event = DpEvent.dpSgd(0.01, 1, 1000);
        double fine = new PldAccountant().epsilon(event, 1e-5);
        double coarse = new PldAccountant(1e-3).epsilon(event, 1e-5);
        assertTrue(coarse >= fine - 1e-9, coarse + " vs " + fine);
        assertEquals(fine, coarse, 0.01 * fine);
    }

    private static double[] convolve(double[] x, double[] y) {
        double[] out = new double[x.length + y.length - 1];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < y.length; j++) {
                out[i + j] += x[i] * y[j];
            }
        }
        return out;
    }
}
