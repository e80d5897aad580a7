package io.dpsynth.privacy.pld;

/**
 * The privacy loss L(x) = log(P(x) / Q(x)) of one dominating pair of distributions (P, Q),
 * described only through its tail probabilities under P and under Q. That is all the pessimistic
 * discretisation needs, and it lets each mechanism use its own closed forms.
 *
 * <p>Each side is given both as its upper tail and its lower part so that an implementation can
 * compute whichever is small directly: differences of values near 1 would lose all precision.
 */
interface PrivacyLoss {

    /** P(L > epsilon), P(L <= epsilon), Q(L > epsilon) and Q(L <= epsilon), each with full relative precision. */
    Tails tails(double epsilon);

    /**
     * A loss interval holding all but at most {@code tailMass} of P: at most half of it below
     * {@link LossRange#lowest()} and at most half above {@link LossRange#highest()}.
     */
    LossRange lossRange(double tailMass);

    /** An interval of privacy-loss values, {@code lowest <= highest}. */
    record LossRange(double lowest, double highest) {
        public LossRange {
            if (!(lowest <= highest) || Double.isInfinite(lowest) || Double.isInfinite(highest)) {
                throw new IllegalArgumentException("bad loss range [" + lowest + ", " + highest + "]");
            }
        }
    }

    /** Tail probabilities at one loss value; pAbove + pAtMost = 1 and qAbove + qAtMost = 1 up to rounding. */
    record Tails(double pAbove, double pAtMost, double qAbove, double qAtMost) {
    }
}
