package io.dpsynth.privacy.pld;

/**
 * Turns a continuous privacy loss into a {@link PrivacyLossDistribution} on the grid
 * loss = i * interval with the "connect the dots" rule (Doroshenko, Ghazi, Kamath, Kumar, Manurangsi,
 * "Connect the Dots: Tighter Discrete Approximations of Privacy Loss Distributions", PETS 2022).
 *
 * <p>The P-mass of each grid interval (e_i, e_{i+1}] is split between its two end points so that both
 * its P-mass and its Q-mass (sum of m e^-loss) are kept. The discrete hockey-stick divergence then
 * equals the exact one at every grid point and, being linear in e^epsilon in between where the exact
 * one is convex, lies above it everywhere: the result is pessimistic (never under-reports delta).
 *
 * <p>P-mass below the lowest grid point is moved up to it; P-mass above the highest goes to the
 * infinity mass. Both moves can only increase delta.
 */
final class PessimisticDiscretizer {

    private final double interval;
    private final double tailMass;

    /**
     * @param interval grid spacing of the losses
     * @param tailMass P-mass allowed outside the grid range (moved pessimistically, not lost)
     */
    PessimisticDiscretizer(double interval, double tailMass) {
        if (!(interval > 0) || Double.isInfinite(interval)) {
            throw new IllegalArgumentException("interval must be finite and > 0, got " + interval);
        }
        if (!(tailMass > 0 && tailMass < 1)) {
            throw new IllegalArgumentException("tail mass must be in (0, 1), got " + tailMass);
        }
        this.interval = interval;
        this.tailMass = tailMass;
    }

    /** Number of grid points {@link #discretize} would use for this loss. */
    long gridPoints(PrivacyLoss loss) {
        PrivacyLoss.LossRange range = loss.lossRange(tailMass);
        return highestIndex(range) - lowestIndex(range) + 1;
    }

    PrivacyLossDistribution discretize(PrivacyLoss loss) {
        PrivacyLoss.LossRange range = loss.lossRange(tailMass);
        long lowest = lowestIndex(range);
        long points = highestIndex(range) - lowest + 1;
        if (points > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("loss range " + range + " needs too many grid points at interval " + interval);
        }
        int n = (int) points;

        // One pass, keeping only the tails at the previous grid point: memory stays at one array.
        double[] masses = new double[n];
        PrivacyLoss.Tails previous = loss.tails(lowest * interval);
        masses[0] = previous.pAtMost(); // everything at or below the lowest point
        double oneMinusExpMinusInterval = -Math.expm1(-interval);
        for (int i = 0; i + 1 < n; i++) {
            double epsilonLow = (lowest + i) * interval;
            PrivacyLoss.Tails next = loss.tails((lowest + i + 1) * interval);
            double pInterval = Math.max(0, next.pAbove() > 0.5
                    ? next.pAtMost() - previous.pAtMost() : previous.pAbove() - next.pAbove());
            double qInterval = Math.max(0, next.qAbove() > 0.5
                    ? next.qAtMost() - previous.qAtMost() : previous.qAbove() - next.qAbove());
            previous = next;
            if (pInterval == 0) {
                continue;
            }
            // Keep P-mass and Q-mass: mu_lo + mu_hi = pInterval, mu_lo e^-lo + mu_hi e^-hi = qInterval.
            // q e^eps through logs: e^eps alone overflows for losses above 709.
            double qScaled = qInterval == 0 ? 0 : Math.exp(Math.log(qInterval) + epsilonLow);
            double upper = (pInterval - qScaled) / oneMinusExpMinusInterval;
            // Rounding can push it out of range; anything undefined goes up, the pessimistic side.
            upper = upper >= 0 ? Math.min(upper, pInterval) : upper < 0 ? 0 : pInterval;
            masses[i] += pInterval - upper;
            masses[i + 1] += upper;
        }
        return new PrivacyLossDistribution(interval, lowest, masses, previous.pAbove());
    }

    private long lowestIndex(PrivacyLoss.LossRange range) {
        return (long) Math.floor(range.lowest() / interval);
    }

    private long highestIndex(PrivacyLoss.LossRange range) {
        return (long) Math.ceil(range.highest() / interval);
    }
}
