package io.dpsynth.privacy.pld;

/**
 * A discrete privacy loss distribution: mass {@code masses[k]} at loss {@code (offset + k) * interval},
 * plus mass at infinite loss (outcomes that only the first distribution can produce, or tails that
 * were pushed there to stay pessimistic). Masses are under P, the distribution on the larger dataset
 * side of the dominating pair, so delta(epsilon) = E_P[(1 - e^(epsilon - L))_+].
 *
 * <p>The mass array is owned by this object and never changes after construction.
 */
public final class PrivacyLossDistribution {

    private final double interval;
    private final long offset;
    private final double[] masses;
    private final double infinityMass;

    /** Takes ownership of {@code masses}; callers in this package never touch it afterwards. */
    PrivacyLossDistribution(double interval, long offset, double[] masses, double infinityMass) {
        if (!(interval > 0) || Double.isInfinite(interval)) {
            throw new IllegalArgumentException("interval must be finite and > 0, got " + interval);
        }
        if (!(infinityMass >= 0 && infinityMass <= 1)) {
            throw new IllegalArgumentException("infinity mass must be in [0, 1], got " + infinityMass);
        }
        this.interval = interval;
        this.offset = offset;
        this.masses = masses;
        this.infinityMass = infinityMass;
    }

    public double interval() {
        return interval;
    }

    /** Grid index of {@code mass(0)}: its loss is {@code offset * interval}. */
    public long offset() {
        return offset;
    }

    public int size() {
        return masses.length;
    }

    public double mass(int k) {
        return masses[k];
    }

    public double loss(int k) {
        return (offset + k) * interval;
    }

    public double infinityMass() {
        return infinityMass;
    }

    /** Total finite mass; with the infinity mass this is 1 up to truncation and round-off. */
    public double finiteMass() {
        double sum = 0;
        for (double m : masses) {
            sum += m;
        }
        return sum;
    }

    /** Package access to the backing array for composition, which only reads it. */
    double[] massArray() {
        return masses;
    }

    /** Hockey-stick divergence: delta(epsilon) = infinityMass + sum over losses above epsilon of m (1 - e^(epsilon - loss)). */
    public double delta(double epsilon) {
        double delta = infinityMass;
        int first = firstIndexAbove(epsilon);
        for (int k = masses.length - 1; k >= first; k--) {
            delta -= masses[k] * Math.expm1(epsilon - loss(k));
        }
        return Math.min(1, delta);
    }

    /**
     * Smallest epsilon >= 0 with delta(epsilon) <= delta. Between two neighbouring non-zero masses,
     * delta(epsilon) = suffixMass - sum over losses above of m e^(epsilon - loss) is linear in
     * e^epsilon, so walking down from the top with suffix sums finds the bracketing segment and solves
     * it exactly, without any iterative search. The second sum is kept relative to the current loss,
     * e^(loss_k - loss_j) <= 1, so nothing overflows even for losses far above 709.
     *
     * @return +infinity when the infinity mass alone exceeds delta
     */
    public double epsilon(double delta) {
        if (infinityMass > delta) {
            return Double.POSITIVE_INFINITY;
        }
        double suffixMass = infinityMass; // sum of the masses above the current loss, infinity included
        double relativeExpMass = 0;       // sum of m_j e^(currentLoss - loss_j) over those masses
        double currentLoss = Double.NaN;
        for (int k = masses.length - 1; k >= 0; k--) {
            if (masses[k] == 0) {
                continue;
            }
            double lossK = loss(k);
            if (lossK <= 0) {
                break;
            }
            relativeExpMass = relativeExpMass == 0 ? 0 : relativeExpMass * Math.exp(lossK - currentLoss);
            currentLoss = lossK;
            if (suffixMass - relativeExpMass > delta) {
                // delta(lossK) is still too big, and the segment above lossK was not: the root lies there.
                return lossK + Math.log((suffixMass - delta) / relativeExpMass);
            }
            suffixMass += masses[k];
            relativeExpMass += masses[k];
        }
        if (relativeExpMass == 0) {
            return 0; // nothing with positive loss: delta(0) is the infinity mass
        }
        // Every remaining mass has loss <= 0: the same formula holds on [0, currentLoss).
        if (suffixMass - relativeExpMass * Math.exp(-currentLoss) <= delta) {
            return 0;
        }
        return currentLoss + Math.log((suffixMass - delta) / relativeExpMass);
    }

    /** First index whose loss is strictly above epsilon (size() if none). */
    private int firstIndexAbove(double epsilon) {
        double position = Math.floor(epsilon / interval) - offset + 1;
        int first = (int) Math.max(0, Math.min(masses.length, position));
        while (first > 0 && loss(first - 1) > epsilon) {
            first--;
        }
        while (first < masses.length && loss(first) <= epsilon) {
            first++;
        }
        return first;
    }
}
