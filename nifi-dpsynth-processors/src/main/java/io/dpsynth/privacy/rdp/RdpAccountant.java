package io.dpsynth.privacy.rdp;

import io.dpsynth.privacy.CompositionAccountant;
import io.dpsynth.privacy.DpEvent;
import io.dpsynth.privacy.FlattenedEvent;
import io.dpsynth.privacy.GaussianEvent;
import io.dpsynth.privacy.LaplaceEvent;
import io.dpsynth.privacy.MechanismCount;
import io.dpsynth.privacy.PoissonSampledEvent;
import java.util.List;

/**
 * Rényi-DP accountant: prices each leaf mechanism as an {@link RdpCurve}, composes by adding
 * curves (a mechanism run T times costs T times its curve, so DP-SGD is one per-step curve times
 * the step count), and converts the total to (epsilon, delta) at the best order.
 *
 * <p>Supported mechanisms: Gaussian, Laplace (through its pure epsilon) and Poisson-subsampled
 * Gaussian. Subsampled-Gaussian RDP follows the exact signed series at fractional orders (see
 * {@link SubsampledGaussianRdp}), so epsilons can be slightly below dp_accounting 0.6.0's, which
 * overstates fractional-order RDP. Opaque (epsilon, delta) events are composed by the base class.
 *
 * <p>Stateless and thread-safe; nothing is cached between calls.
 */
public final class RdpAccountant extends CompositionAccountant {

    /**
     * The RDP curve of the mechanism part of {@code event}. Opaque {@code EpsilonDeltaEvent}s have
     * no RDP curve and are <b>not</b> included: a caller storing curves must keep their
     * (epsilon, delta) total separately ({@link FlattenedEvent#opaqueEpsilon()}, {@code opaqueDelta()}).
     *
     * @throws IllegalArgumentException if a mechanism of the event is not supported
     */
    public RdpCurve curve(DpEvent event) {
        List<MechanismCount> mechanisms = FlattenedEvent.of(event).mechanisms();
        for (MechanismCount m : mechanisms) {
            if (!supportsMechanism(m.mechanism())) {
                throw new IllegalArgumentException("RDP accountant does not support " + m.mechanism());
            }
        }
        return curve(mechanisms);
    }

    @Override
    protected boolean supportsMechanism(DpEvent mechanism) {
        return switch (mechanism) {
            case GaussianEvent g -> true;
            case LaplaceEvent l -> true;
            case PoissonSampledEvent p -> p.event() instanceof GaussianEvent;
            default -> false;
        };
    }

    @Override
    protected double mechanismEpsilon(List<MechanismCount> mechanisms, double delta) {
        return curve(mechanisms).epsilon(delta);
    }

    @Override
    protected double mechanismDelta(List<MechanismCount> mechanisms, double epsilon) {
        return curve(mechanisms).delta(epsilon);
    }

    private static RdpCurve curve(List<MechanismCount> mechanisms) {
        RdpCurve total = RdpCurve.zero();
        for (MechanismCount m : mechanisms) {
            total = total.plus(singleRunCurve(m.mechanism()).times(m.count()));
        }
        return total;
    }

    /** The curve of one run of a supported leaf mechanism. */
    static RdpCurve singleRunCurve(DpEvent mechanism) {
        return RdpCurve.of(order -> singleRunRdp(mechanism, order));
    }

    /** RDP of one run of a supported leaf mechanism at any order > 1 (on the grid or not). */
    static double singleRunRdp(DpEvent mechanism, double order) {
        return switch (mechanism) {
            case GaussianEvent g -> GaussianRdp.rdp(g.noiseMultiplier(), order);
            case LaplaceEvent l -> LaplaceRdp.rdp(l.pureEpsilon(), order);
            case PoissonSampledEvent p when p.event() instanceof GaussianEvent g ->
                    SubsampledGaussianRdp.rdp(p.samplingRate(), g.noiseMultiplier(), order);
            default -> throw new IllegalArgumentException("RDP accountant does not support " + mechanism);
        };
    }
}
