package io.dpsynth.privacy.pld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpsynth.privacy.GaussianEvent;
import io.dpsynth.privacy.LaplaceEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The mechanism tail functions and the connect-the-dots discretisation. */
class PldDiscretizationTest {

    private static final double INTERVAL = 1e-4;
    private static final PessimisticDiscretizer DISCRETIZER = new PessimisticDiscretizer(INTERVAL, 1e-15);

    @ParameterizedTest(name = "epsilon0={0}")
    @ValueSource(doubles = {0.1, 0.5, 1.3})
    void laplaceHockeyStickMatchesClosedFormAtGridPoints(double epsilon0) {
        PrivacyLossDistribution pld = DISCRETIZER.discretize(new LaplacePrivacyLoss(epsilon0));
        for (double epsilon = 0; epsilon < epsilon0 - INTERVAL; epsilon += epsilon0 / 7) {
            double gridEpsilon = Math.rint(epsilon / INTERVAL) * INTERVAL;
            double expected = -Math.expm1((gridEpsilon - epsilon0) / 2);
            assertEquals(expected, pld.delta(gridEpsilon), 1e-12, "at " + gridEpsilon);
            double between = gridEpsilon + 0.37 * INTERVAL;
            assertTrue(pld.delta(between) >= -Math.expm1((between - epsilon0) / 2) - 1e-15, "pessimistic at " + between);
        }
        assertEquals(0, pld.delta(epsilon0 + INTERVAL), 1e-15);
    }

    @Test
    void laplaceAccountantMatchesClosedForm() {
        PldAccountant accountant = new PldAccountant();
        LaplaceEvent laplace = new LaplaceEvent(10, 1); // pure epsilon 0.1
        double delta = 1e-5;
        double exact = 0.1 + 2 * Math.log1p(-delta);     // solves 1 - e^((eps - 0.1) / 2) = delta
        double epsilon = accountant.epsilon(laplace, delta);
        assertTrue(epsilon >= exact - 1e-12);
        assertEquals(exact, epsilon, 1e-9);
        assertEquals(-Math.expm1((0.05 - 0.1) / 2), accountant.delta(laplace, 0.05), 1e-12);
    }

    @ParameterizedTest(name = "sigma={0}")
    @ValueSource(doubles = {0.5, 1, 2, 5})
    void gaussianHockeyStickMatchesAnalyticFormula(double sigma) {
        PrivacyLossDistribution pld = DISCRETIZER.discretize(new SubsampledGaussianRemoveLoss(sigma, 1));
        for (int k : new int[] {0, 1, 7, 1234, 5000, 20000}) {
            double epsilon = k * INTERVAL;
            double exact = GaussianFormulas.delta(sigma, epsilon);
            if (exact < 1e-13) {
                continue;
            }
            assertEquals(exact, pld.delta(epsilon), 1e-9 * exact + 1e-15, "grid point " + epsilon);
            double between = epsilon + 0.5 * INTERVAL;
            assertTrue(pld.delta(between) >= GaussianFormulas.delta(sigma, between) - 1e-15, "pessimistic at " + between);
        }
    }

    @ParameterizedTest(name = "sigma={0} q={1}")
    @CsvSource({"0.5, 0.01", "1, 0.004267", "1, 0.5", "2, 1", "10, 0.001"})
    void tailsAreConsistent(double sigma, double q) {
        for (PrivacyLoss loss : new PrivacyLoss[] {new SubsampledGaussianRemoveLoss(sigma, q), new SubsampledGaussianAddLoss(sigma, q)}) {
            for (double epsilon = -3; epsilon <= 3; epsilon += 0.25) {
                PrivacyLoss.Tails t = loss.tails(epsilon);
                assertEquals(1, t.pAbove() + t.pAtMost(), 1e-14);
                assertEquals(1, t.qAbove() + t.qAtMost(), 1e-14);
                // On {L > eps}, q = p e^-L < p e^-eps.
                assertTrue(t.qAbove() <= Math.exp(-epsilon) * t.pAbove() * (1 + 1e-12) + 1e-300);
            }
        }
    }

    @Test
    void addAndRemoveCoincideWithoutSampling() {
        PrivacyLossDistribution remove = DISCRETIZER.discretize(new SubsampledGaussianRemoveLoss(1.3, 1));
        PrivacyLossDistribution add = DISCRETIZER.discretize(new SubsampledGaussianAddLoss(1.3, 1));
        for (double epsilon : new double[] {0, 0.5, 1, 2.5}) {
            assertEquals(remove.delta(epsilon), add.delta(epsilon), 1e-12);
        }
    }

    @ParameterizedTest(name = "sigma={0} q={1}")
    @CsvSource({"0.5, 0.01", "1, 0.004267", "1, 0.5", "2, 1", "10, 0.001"})
    void discretizedMassSumsToOne(double sigma, double q) {
        for (PrivacyLoss loss : new PrivacyLoss[] {new SubsampledGaussianRemoveLoss(sigma, q), new SubsampledGaussianAddLoss(sigma, q)}) {
            PrivacyLossDistribution pld = DISCRETIZER.discretize(loss);
            assertEquals(1, pld.finiteMass() + pld.infinityMass(), 1e-12);
            assertTrue(pld.infinityMass() <= 1e-15);
            for (int k = 0; k < pld.size(); k++) {
                assertTrue(pld.mass(k) >= 0);
            }
        }
    }

    @Test
    void subsampledLossesStayWithinTheirBounds() {
        double q = 0.01;
        PrivacyLossDistribution remove = DISCRETIZER.discretize(new SubsampledGaussianRemoveLoss(1, q));
        PrivacyLossDistribution add = DISCRETIZER.discretize(new SubsampledGaussianAddLoss(1, q));
        assertTrue(remove.loss(0) >= Math.log1p(-q) - INTERVAL);
        assertTrue(add.loss(add.size() - 1) <= -Math.log1p(-q) + INTERVAL);
        assertTrue(new PldAccountant().supports(GaussianEvent.ofNoiseMultiplier(1)));
    }
}
