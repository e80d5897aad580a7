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
     * delta(epsilon) = suffixMass - e^epsilon * suffixExpMass (sums over the losses above epsilon) is
     * linear in e^epsilon, so walking down from the top with suffix sums finds the bracketing segment
     * and solves it exactly, without any iterative search.
     *
     * @return +infinity when the infinity mass alone exceeds delta
     */
    public double epsilon(double delta) {
        if (infinityMass > delta) {
            return Double.POSITIVE_INFINITY;
        }
        double suffixMass = infinityMass;   // P(L > epsilon), infinity included
        double suffixExpMass = 0;           // E_P[e^-L ; L > epsilon] = Q(L > epsilon)
        for (int k = masses.length - 1; k >= 0; k--) {
            double lossK = loss(k);
            if (masses[k] == 0) {
                continue;
            }
            if (lossK <= 0) {
                break;
            }
            double expLoss = Math.exp(lossK);
            if (suffixMass - expLoss * suffixExpMass > delta) {
                // delta(lossK) is still too big, and the segment above lossK was not: the root lies there.
                return Math.log((suffixMass - delta) / suffixExpMass);
            }
            suffixMass += masses[k];
            suffixExpMass += masses[k] / expLoss;
        }
        // Every remaining mass has loss <= 0: the formula holds on [0, lowest positive loss).
        if (suffixMass - suffixExpMass <= delta) {
            return 0;
        }
        return Math.log((suffixMass - delta) / suffixExpMass);
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
