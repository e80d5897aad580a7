package io.dpsynth.privacy.pld;

/**
 * The privacy loss L(x) = log(P(x) / Q(x)) of one dominating pair of distributions (P, Q),
 * described only through its tail probabilities under P and under Q. That is all the pessimistic
 * discretisation needs, and it lets each mechanism use its own closed forms.
 *
 * <p>Both the upper tail and the lower part are asked for separately so that an implementation can
 * compute whichever is small directly (differences of values near 1 would lose all precision).
 */
interface PrivacyLoss {

    /** P(L > epsilon). */
    double pAbove(double epsilon);

    /** P(L <= epsilon), computed directly, not as 1 - pAbove. */
    double pAtMost(double epsilon);

    /** Q(L > epsilon). */
    double qAbove(double epsilon);

    /** Q(L <= epsilon), computed directly, not as 1 - qAbove. */
    double qAtMost(double epsilon);

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
}
