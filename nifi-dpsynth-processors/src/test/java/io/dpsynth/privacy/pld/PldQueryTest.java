package io.dpsynth.privacy.pld;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** epsilon(delta) and delta(epsilon) on small hand-made distributions. */
class PldQueryTest {

    private static final double INTERVAL = 0.1;

    /** Losses -0.1, 0, 0.1, 0.2, 0.3 with masses 0.2, 0.2, 0.3, 0.2, 0.09 and infinity mass 0.01. */
    private static PrivacyLossDistribution sample() {
        return new PrivacyLossDistribution(INTERVAL, -1, new double[] {0.2, 0.2, 0.3, 0.2, 0.09}, 0.01);
    }

    @Test
    void deltaIsTheHockeyStickSum() {
        PrivacyLossDistribution pld = sample();
        double epsilon = 0.15;
        double expected = 0.01 + 0.2 * (1 - Math.exp(epsilon - 0.2)) + 0.09 * (1 - Math.exp(epsilon - 0.3));
        assertEquals(expected, pld.delta(epsilon), 1e-15);
        assertEquals(0.01, pld.delta(0.3), 1e-15);
        assertEquals(0.01, pld.delta(5), 1e-15);
    }

    @Test
    void epsilonInvertsDelta() {
        PrivacyLossDistribution pld = sample();
        for (double epsilon : new double[] {0.01, 0.1, 0.15, 0.2, 0.25, 0.29}) {
            assertEquals(epsilon, pld.epsilon(pld.delta(epsilon)), 1e-12, "at " + epsilon);
        }
    }

    @Test
    void epsilonEdgeCases() {
        PrivacyLossDistribution pld = sample();
        assertEquals(Double.POSITIVE_INFINITY, pld.epsilon(0.005));
        assertEquals(0, pld.epsilon(pld.delta(0)));
        assertEquals(0, pld.epsilon(0.9));
        assertEquals(0.3, pld.epsilon(0.01), 1e-12); // only the infinity mass is left above 0.3
    }
}
