package io.dpsynth.privacy.rdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpsynth.privacy.ComposedEvent;
import io.dpsynth.privacy.DpEvent;
import io.dpsynth.privacy.EpsilonDeltaEvent;
import io.dpsynth.privacy.GaussianEvent;
import io.dpsynth.privacy.LaplaceEvent;
import io.dpsynth.privacy.PoissonSampledEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RdpAccountantTest {

    private final RdpAccountant accountant = new RdpAccountant();

    @Test
    void fullSamplingIsTheGaussianMechanism() {
        RdpCurve sampled = accountant.curve(new PoissonSampledEvent(1.0, GaussianEvent.ofNoiseMultiplier(1.3)));
        RdpCurve gaussian = accountant.curve(GaussianEvent.ofNoiseMultiplier(1.3));

        assertEquals(gaussian, sampled);
    }

    @Test
    void gaussianRdpIgnoresSensitivityGivenTheNoiseMultiplier() {
        assertEquals(accountant.curve(new GaussianEvent(2.0, 1.0)), accountant.curve(new GaussianEvent(2.0, 7.5)));
    }

    @ParameterizedTest
    @CsvSource({"0.01, 1.0", "0.1, 2.0", "0.5, 0.7", "0.001, 10.0", "0.9, 3.0", "0.05, 0.3"})
    void subsampledRdpIsNonDecreasingInOrderAndBelowTheUnsampledGaussian(double q, double sigma) {
        double[] sampled = accountant.curve(new PoissonSampledEvent(q, GaussianEvent.ofNoiseMultiplier(sigma))).values();
        double[] unsampled = accountant.curve(GaussianEvent.ofNoiseMultiplier(sigma)).values();

        for (int i = 0; i < sampled.length; i++) {
            assertTrue(sampled[i] >= 0 && sampled[i] <= unsampled[i] * (1 + 1e-12), "order index " + i + ": " + sampled[i]);
            if (i > 0) {
                assertTrue(sampled[i] >= sampled[i - 1] * (1 - 1e-9), "RDP fell at order index " + i);
            }
        }
    }

    @Test
    void fractionalOrdersAgreeWithNeighbouringIntegerOrders() {
        // The series (fractional) and binomial sum (integer) formulas must join up continuously.
        DpEvent step = new PoissonSampledEvent(0.02, GaussianEvent.ofNoiseMultiplier(0.9));
        for (int order = 2; order <= 10; order++) {
            double atInteger = RdpAccountant.singleRunRdp(step, order);
            double justAbove = RdpAccountant.singleRunRdp(step, order + 1e-7);
            double justBelow = RdpAccountant.singleRunRdp(step, order - 1e-7);
            assertEquals(atInteger, justAbove, 1e-5 * atInteger, "order " + order);
            assertEquals(atInteger, justBelow, 1e-5 * atInteger, "order " + order);
        }
    }

    @Test
    void laplaceRdpStaysFiniteAndBelowItsPureEpsilon() {
        for (double pureEpsilon : new double[] {1e-8, 1e-3, 0.1, 1, 50, 1e4, 1e300}) {
            double[] values = accountant.curve(new LaplaceEvent(1.0 / pureEpsilon, 1.0)).values();
            for (double rdp : values) {
                assertTrue(rdp >= 0 && rdp <= pureEpsilon, pureEpsilon + ": " + rdp);
            }
        }
    }

    @Test
    void laplaceRdpForSmallEpsilonIsAboutHalfOrderTimesEpsilonSquared() {
        double e = 1e-6;
        double order = 3;

        double rdp = RdpAccountant.singleRunRdp(new LaplaceEvent(1 / e, 1), order);

        assertEquals(order * e * e / 2, rdp, 1e-4 * order * e * e / 2);
    }

    @Test
    void overflowingRdpIsInfiniteNotNaN() {
        DpEvent hopeless = GaussianEvent.ofNoiseMultiplier(1e-200);
        DpEvent hopelessSampled = new PoissonSampledEvent(0.5, GaussianEvent.ofNoiseMultiplier(1e-170));

        for (double rdp : accountant.curve(hopeless).values()) {
            assertEquals(Double.POSITIVE_INFINITY, rdp);
        }
        for (double rdp : accountant.curve(hopelessSampled).values()) {
            assertFalse(Double.isNaN(rdp));
        }
        assertEquals(Double.POSITIVE_INFINITY, accountant.epsilon(hopeless, 1e-5));
        assertEquals(1.0, accountant.delta(hopeless, 100));
    }

    @Test
    void verySmallNoiseGivesLargeButValidValues() {
        double[] values = accountant.curve(DpEvent.dpSgd(0.3, 0.05, 100)).values();

        for (double rdp : values) {
            assertTrue(rdp > 0 && !Double.isNaN(rdp), Double.toString(rdp));
        }
    }

    @Test
    void opaqueSpendsComposeByBasicCompositionAndStayOutOfTheCurve() {
        DpEvent training = DpEvent.dpSgd(0.01, 1.0, 1000);
        DpEvent withOpaque = ComposedEvent.of(training, new EpsilonDeltaEvent(0.5, 1e-6));

        assertEquals(accountant.curve(training), accountant.curve(withOpaque));
        assertEquals(0.5 + accountant.curve(training).epsilon(1e-5 - 1e-6), accountant.epsilon(withOpaque, 1e-5), 1e-12);
    }

    @Test
    void deltaAndEpsilonAreConsistent() {
        DpEvent event = ComposedEvent.of(DpEvent.dpSgd(0.004267, 1.1, 14063), new LaplaceEvent(10, 1));

        double epsilon = accountant.epsilon(event, 1e-5);

        assertEquals(1e-5, accountant.delta(event, epsilon), 1e-14);
    }

    @Test
    void supportsOnlyMechanismsItCanPrice() {
        assertTrue(accountant.supports(DpEvent.dpSgd(0.01, 1.0, 10)));
        assertTrue(accountant.supports(ComposedEvent.of(new LaplaceEvent(1, 1), new EpsilonDeltaEvent(1, 1e-6))));
        DpEvent sampledLaplace = new PoissonSampledEvent(0.1, new LaplaceEvent(1, 1));
        assertFalse(accountant.supports(sampledLaplace));
        assertThrows(IllegalArgumentException.class, () -> accountant.curve(sampledLaplace));
        assertThrows(IllegalArgumentException.class, () -> accountant.epsilon(sampledLaplace, 1e-5));
    }

    @Test
    void composingEqualRunsEqualsRunningTheStepCurveManyTimes() {
        DpEvent step = new PoissonSampledEvent(0.01, GaussianEvent.ofNoiseMultiplier(1.0));

        RdpCurve direct = accountant.curve(DpEvent.dpSgd(0.01, 1.0, 10_000));
        RdpCurve scaled = accountant.curve(step).times(10_000);

        assertArrayEquals(scaled.values(), direct.values(), 0);
    }
}
