package io.dpsynth.evaluation;

import io.dpsynth.evaluation.rank.RankAgreement;
import io.dpsynth.evaluation.rank.RankBiasedOverlap;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RankAgreementTest {

    private static final double[] ACCURACY = {0.61, 0.72, 0.80, 0.55, 0.68};

    @Test
    void proxyInTheSameOrderAgreesFully() {
        RankAgreement agreement = RankAgreement.of(new double[]{0.2, 0.5, 0.9, 0.1, 0.3}, true, ACCURACY);
        assertEquals(1, agreement.spearman(), 1e-12);
        assertEquals(1, agreement.kendallTau(), 1e-12);
        assertEquals(1, agreement.rankBiasedOverlap(), 1e-12);
        assertEquals(5, agreement.runs());
    }

    @Test
    void lowerIsBetterProxyIsTurnedAround() {
        // A divergence that falls as accuracy rises is a perfect proxy once oriented.
        RankAgreement agreement = RankAgreement.of(new double[]{0.4, 0.2, 0.1, 0.5, 0.3}, false, ACCURACY);
        assertEquals(1, agreement.spearman(), 1e-12);
        assertEquals(1, agreement.kendallTau(), 1e-12);
    }

    @Test
    void reversedOrderDisagrees() {
        RankAgreement agreement = RankAgreement.of(new double[]{0.4, 0.2, 0.1, 0.5, 0.3}, true, ACCURACY);
        assertEquals(-1, agreement.spearman(), 1e-12);
        assertEquals(-1, agreement.kendallTau(), 1e-12);
        // Two complete rankings of 5 runs always share everything at depth 5, which RBO_ext weighs p^5 = 0.59;
        // the disagreement at the top brings it from 1 down to about 0.74.
        double p = RankAgreement.RBO_PERSISTENCE;
        double expected = (1 - p) / p * (1.0 / 3 * p * p * p + 3.0 / 4 * Math.pow(p, 4) + Math.pow(p, 5)) + Math.pow(p, 5);
        assertEquals(expected, agreement.rankBiasedOverlap(), 1e-12);
    }

    @Test
    void rankBiasedOverlapMatchesAHandComputedValue() {
        // Depth 1: {0} vs {1}, A=0; depth 2: both {0,1}, A=1. RBO_ext = A_2·p² + (1−p)/p·(0·p + 1·p²) = p² + (1−p)·p.
        double p = 0.9;
        assertEquals(p * p + (1 - p) * p, RankBiasedOverlap.extrapolated(new int[]{0, 1}, new int[]{1, 0}, p), 1e-12);
    }
}
