package io.dpsynth.privacy.pld;

import io.dpsynth.privacy.DpEvent;
import io.dpsynth.privacy.GaussianEvent;
import io.dpsynth.privacy.LaplaceEvent;
import io.dpsynth.privacy.MechanismCount;
import io.dpsynth.privacy.PoissonSampledEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * A mechanism's privacy loss for removing a record and for adding one, with its run count. For
 * symmetric mechanisms (Gaussian without sampling, Laplace) both are the same object, so callers can
 * compute the distribution once.
 */
record LossTerm(PrivacyLoss remove, PrivacyLoss add, long count) {

    boolean symmetric() {
        return remove == add;
    }

    static boolean supports(DpEvent mechanism) {
        return mechanism instanceof GaussianEvent || mechanism instanceof LaplaceEvent
                || mechanism instanceof PoissonSampledEvent p && p.event() instanceof GaussianEvent;
    }

    /**
     * The loss terms of flattened mechanisms. All unsampled Gaussians (including sampling rate 1) are
     * merged into one: composing Gaussians with noise multipliers sigma_i, c_i times each, is exactly
     * one Gaussian with 1 / sigma^2 = sum c_i / sigma_i^2. That is both tighter and much cheaper than
     * composing their discretisations.
     */
    static List<LossTerm> of(List<MechanismCount> mechanisms) {
        List<LossTerm> terms = new ArrayList<>();
        double gaussianPrecision = 0; // sum of count / sigma^2
        for (MechanismCount m : mechanisms) {
            switch (m.mechanism()) {
                case GaussianEvent g -> gaussianPrecision += m.count() / square(g.noiseMultiplier());
                case LaplaceEvent l -> {
                    PrivacyLoss loss = new LaplacePrivacyLoss(l.pureEpsilon());
                    terms.add(new LossTerm(loss, loss, m.count()));
                }
                case PoissonSampledEvent p when p.event() instanceof GaussianEvent g -> {
                    if (p.samplingRate() == 1) {
                        gaussianPrecision += m.count() / square(g.noiseMultiplier());
                    } else {
                        terms.add(new LossTerm(
                                new SubsampledGaussianRemoveLoss(g.noiseMultiplier(), p.samplingRate()),
                                new SubsampledGaussianAddLoss(g.noiseMultiplier(), p.samplingRate()),
                                m.count()));
                    }
                }
                default -> throw new IllegalArgumentException("PLD accountant does not support " + m.mechanism());
            }
        }
        if (gaussianPrecision > 0) {
            PrivacyLoss gaussian = new SubsampledGaussianRemoveLoss(1 / Math.sqrt(gaussianPrecision), 1);
            terms.add(new LossTerm(gaussian, gaussian, 1));
        }
        return terms;
    }

    private static double square(double x) {
        return x * x;
    }
}
