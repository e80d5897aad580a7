package io.dpsynth.privacy.pld;

import io.dpsynth.privacy.CompositionAccountant;
import io.dpsynth.privacy.DpEvent;
import io.dpsynth.privacy.MechanismCount;
import java.util.ArrayList;
import java.util.List;

/**
 * Privacy loss distribution (PLD) accountant: discretises each mechanism's privacy loss
 * pessimistically on a grid, composes by FFT and reads off epsilon or delta exactly from the
 * composed distribution. Tighter than RDP, and always an upper bound on the true privacy cost.
 *
 * <p>Add-or-remove neighbouring has two dominating pairs, so the remove and the add distributions
 * are composed separately and every answer is the worse of the two.
 *
 * <p>The grid spacing (value discretisation interval) trades accuracy for time and memory. When a
 * composition would need more than {@value #MAX_GRID_POINTS} grid points, the spacing is doubled
 * until it fits: the answer stays a valid upper bound, only a looser one (this happens only for
 * very large epsilons).
 */
public final class PldAccountant extends CompositionAccountant {

    public static final double DEFAULT_VALUE_DISCRETIZATION_INTERVAL = 1e-4;

    /** Mass allowed outside each grid or composition window; always charged pessimistically. */
    static final double TAIL_MASS_TRUNCATION = 1e-15;

    /** Bound on grid points (and FFT length), keeping each array at 32 MiB. */
    static final int MAX_GRID_POINTS = 1 << 22;

    private final double valueDiscretizationInterval;

    public PldAccountant() {
        this(DEFAULT_VALUE_DISCRETIZATION_INTERVAL);
    }

    public PldAccountant(double valueDiscretizationInterval) {
        if (!(valueDiscretizationInterval > 0) || Double.isInfinite(valueDiscretizationInterval)) {
            throw new IllegalArgumentException("value discretization interval must be finite and > 0, got "
                    + valueDiscretizationInterval);
        }
        this.valueDiscretizationInterval = valueDiscretizationInterval;
    }

    @Override
    protected boolean supportsMechanism(DpEvent mechanism) {
        return LossTerm.supports(mechanism);
    }

    @Override
    protected double mechanismEpsilon(List<MechanismCount> mechanisms, double delta) {
        NeighbouringPlds plds = compose(mechanisms);
        double remove = plds.remove().epsilon(delta);
        return plds.symmetric() ? remove : Math.max(remove, plds.add().epsilon(delta));
    }

    @Override
    protected double mechanismDelta(List<MechanismCount> mechanisms, double epsilon) {
        NeighbouringPlds plds = compose(mechanisms);
        double remove = plds.remove().delta(epsilon);
        return plds.symmetric() ? remove : Math.max(remove, plds.add().delta(epsilon));
    }

    /** The composed distributions for removing and for adding a record. */
    record NeighbouringPlds(PrivacyLossDistribution remove, PrivacyLossDistribution add) {
        boolean symmetric() {
            return remove == add;
        }
    }

    NeighbouringPlds compose(List<MechanismCount> mechanisms) {
        List<LossTerm> terms = LossTerm.of(mechanisms);
        for (double interval = valueDiscretizationInterval; interval < Double.MAX_VALUE / 4; interval *= 2) {
            NeighbouringPlds plds = composeOnGrid(terms, interval);
            if (plds != null) {
                return plds;
            }
        }
        throw new IllegalArgumentException("no grid fits the composition of " + mechanisms);
    }

    /** The composition at this grid spacing, or null when it would need too many grid points. */
    private static NeighbouringPlds composeOnGrid(List<LossTerm> terms, double interval) {
        PessimisticDiscretizer discretizer = new PessimisticDiscretizer(interval, TAIL_MASS_TRUNCATION);
        for (LossTerm term : terms) {
            if (discretizer.gridPoints(term.remove()) > MAX_GRID_POINTS || discretizer.gridPoints(term.add()) > MAX_GRID_POINTS) {
                return null;
            }
        }
        boolean symmetric = terms.stream().allMatch(LossTerm::symmetric);
        List<CompositionTerm> removeTerms = new ArrayList<>();
        List<CompositionTerm> addTerms = new ArrayList<>();
        for (LossTerm term : terms) {
            PrivacyLossDistribution remove = discretizer.discretize(term.remove());
            removeTerms.add(new CompositionTerm(remove, term.count()));
            if (!symmetric) {
                PrivacyLossDistribution add = term.symmetric() ? remove : discretizer.discretize(term.add());
                addTerms.add(new CompositionTerm(add, term.count()));
            }
        }
        PrivacyLossDistribution remove = composeOrNull(removeTerms);
        if (remove == null || symmetric) {
            return remove == null ? null : new NeighbouringPlds(remove, remove);
        }
        PrivacyLossDistribution add = composeOrNull(addTerms);
        return add == null ? null : new NeighbouringPlds(remove, add);
    }

    private static PrivacyLossDistribution composeOrNull(List<CompositionTerm> terms) {
        if (terms.size() == 1 && terms.get(0).count() == 1) {
            return terms.get(0).distribution();
        }
        ChernoffWindow window = ChernoffWindow.of(terms, TAIL_MASS_TRUNCATION);
        if (FftComposer.fftLength(window.width()) > MAX_GRID_POINTS) {
            return null;
        }
        return FftComposer.compose(terms, window);
    }
}
