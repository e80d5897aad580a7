package io.dpsynth.privacy.rdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpsynth.privacy.DpEvent;
import io.dpsynth.privacy.GaussianEvent;
import io.dpsynth.privacy.NoiseCalibrator;
import org.junit.jupiter.api.Test;

/** Calibration behaviour specific to RDP epsilons (which can be exactly 0). */
class RdpCalibrationTest {

    private final RdpAccountant accountant = new RdpAccountant();

    @Test
    void calibratesWhenTheBracketEndsAtZeroEpsilon() {
        // At delta 0.5 the RDP epsilon of a Gaussian drops to exactly 0 once rdp(1.1) < -log(1 - delta^2),
        // i.e. for noise above ~1.96: the first bracket [1, 2] has log(0) = -Infinity at its upper end.
        double delta = 0.5;
        double target = 0.1;

        double noise = new NoiseCalibrator(accountant, 1e-6).calibrate(GaussianEvent::ofNoiseMultiplier, target, delta);

        assertTrue(accountant.epsilon(GaussianEvent.ofNoiseMultiplier(noise), delta) <= target);
        assertTrue(accountant.epsilon(GaussianEvent.ofNoiseMultiplier(noise * (1 - 1e-5)), delta) > target);
    }

    @Test
    void finerToleranceAgreesWithReferenceFineColumn() {
        // calibration.csv row: target 1, delta 1e-5, q 0.01, 1000 steps; noise_multiplier_fine_tol_1e-6 = 1.5131221628863336
        // (dp_accounting, whose fractional-order RDP is slightly higher, so its noise is an upper bound on ours).
        double noise = new NoiseCalibrator(accountant, 1e-7).calibrate(z -> DpEvent.dpSgd(0.01, z, 1000), 1.0, 1e-5);

        assertEquals(1.5131221628863336, noise, 1e-3 * noise);
        assertTrue(noise <= 1.5131221628863336 + 1e-6);
    }
}
