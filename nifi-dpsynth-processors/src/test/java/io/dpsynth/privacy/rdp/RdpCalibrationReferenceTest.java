package io.dpsynth.privacy.rdp;

import io.dpsynth.privacy.reference.ReferenceRow;
import io.dpsynth.privacy.reference.ReferenceCsv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpsynth.privacy.DpEvent;
import io.dpsynth.privacy.NoiseCalibrator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Noise calibration with the RDP accountant against {@code refdata/calibration.csv} (accountant = rdp). */
class RdpCalibrationReferenceTest {

    private static final double RELATIVE_TOLERANCE = 0.005;

    static Stream<ReferenceRow> rdpRows() {
        return ReferenceCsv.read("/refdata/calibration.csv").stream().filter(row -> row.text("accountant").equals("rdp"));
    }

    @ParameterizedTest
    @MethodSource("rdpRows")
    void noiseMultiplierMatchesReference(ReferenceRow row) {
        double q = row.number("sampling_rate");
        long steps = row.count("steps");
        double target = row.number("target_eps");
        double delta = row.number("delta");
        RdpAccountant accountant = new RdpAccountant();

        double noise = new NoiseCalibrator(accountant).calibrate(z -> DpEvent.dpSgd(q, z, steps), target, delta);

        double expected = row.number("noise_multiplier");
        assertEquals(expected, noise, RELATIVE_TOLERANCE * expected, row::toString);
        assertTrue(accountant.epsilon(DpEvent.dpSgd(q, noise, steps), delta) <= target, "calibrated noise must meet the target");
    }
}
