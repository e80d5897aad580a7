package io.dpsynth.privacy.pld;

import java.util.List;

/**
 * The grid range [lowest, highest] that holds all but a tiny mass of a composition, from Chernoff
 * bounds: mass(S > a) <= exp(K(s) - s a) and mass(S < a) <= exp(K(-s) + s a) for s > 0, where
 * K(s) = sum of count * log E[e^(s X)] over the terms (grid units, finite masses only).
 *
 * <p>Without this the support of a T-fold composition would grow to T times the single one, even
 * though nearly all of it carries negligible mass. The bound holds for any s, so s is only searched
 * over a coarse geometric grid around the Gaussian optimum; a poorer s only widens the window.
 *
 * @param lowest         lowest grid index kept
 * @param highest        highest grid index kept
 * @param lowerTailBound a proven bound (at most the tail mass) on the composed finite mass below {@code lowest}
 * @param upperTailBound a proven bound (at most the tail mass) on the composed finite mass above {@code highest}
 */
record ChernoffWindow(long lowest, long highest, double lowerTailBound, double upperTailBound) {

    /** Steps of sqrt(2) on either side of the Gaussian-optimal s. */
    private static final int SEARCH_STEPS = 12;

    long width() {
        return highest - lowest + 1;
    }

    static ChernoffWindow of(List<CompositionTerm> terms, double tailMass) {
        long supportLow = 0;
        long supportHigh = 0;
        double variance = 0;
        for (CompositionTerm term : terms) {
            PrivacyLossDistribution pld = term.distribution();
            supportLow = Math.addExact(supportLow, Math.multiplyExact(term.count(), pld.offset()));
            supportHigh = Math.addExact(supportHigh, Math.multiplyExact(term.count(), pld.offset() + pld.size() - 1));
            variance += term.count() * gridVariance(pld);
        }
        double logTail = Math.log(tailMass);
        // For a Gaussian sum the best s is sqrt(2 log(1/tail) / variance); heavier tails want smaller s.
        double centre = Math.sqrt(-2 * logTail / Math.max(variance, 1e-300));

        double bestHigh = Double.POSITIVE_INFINITY;
        double bestHighS = Double.NaN;
        double bestLow = Double.NEGATIVE_INFINITY;
        double bestLowS = Double.NaN;
        for (int step = -SEARCH_STEPS; step <= SEARCH_STEPS; step++) {
            double s = centre * Math.pow(2, step / 2.0);
            if (!(s > 0) || Double.isInfinite(s)) {
                continue;
            }
            // Underflow can make K(s) -infinity, which proves nothing: such s are skipped.
            double high = (logMgf(terms, s) - logTail) / s;
            if (Double.isFinite(high) && high < bestHigh) {
                bestHigh = high;
                bestHighS = s;
            }
            double low = (logTail - logMgf(terms, -s)) / s;
            if (Double.isFinite(low) && low > bestLow) {
                bestLow = low;
                bestLowS = s;
            }
        }

        long lowest = Double.isFinite(bestLow) ? Math.max(supportLow, (long) Math.floor(bestLow)) : supportLow;
        long highest = Double.isFinite(bestHigh) ? Math.min(supportHigh, (long) Math.ceil(bestHigh)) : supportHigh;
        if (highest < lowest) { // only possible if every bound failed numerically
            lowest = supportLow;
            highest = supportHigh;
        }
        double upperTailBound = highest >= supportHigh ? 0
                : Math.min(tailMass, Math.exp(logMgf(terms, bestHighS) - bestHighS * (highest + 1)));
        double lowerTailBound = lowest <= supportLow ? 0
                : Math.min(tailMass, Math.exp(logMgf(terms, -bestLowS) + bestLowS * (lowest - 1)));
        return new ChernoffWindow(lowest, highest, lowerTailBound, upperTailBound);
    }

    /** K(s): sum over terms of count * log sum_k m_k e^(s (offset + k)), summed from the heavy end for stability. */
    static double logMgf(List<CompositionTerm> terms, double s) {
        double total = 0;
        for (CompositionTerm term : terms) {
            total += term.count() * logMgf(term.distribution(), s);
        }
        return total;
    }

    private static double logMgf(PrivacyLossDistribution pld, double s) {
        double[] masses = pld.massArray();
        int n = masses.length;
        // Factor e^(s (k - reference)) <= 1, built by repeated multiplication (no exp per point);
        // the reference is the end that e^(s k) favours, so nothing overflows.
        double step = Math.exp(-Math.abs(s));
        double factor = 1;
        double sum = 0;
        if (s >= 0) {
            for (int k = n - 1; k >= 0 && factor > 0; k--) {
                sum += masses[k] * factor;
                factor *= step;
            }
            return Math.log(sum) + s * (pld.offset() + n - 1);
        }
        for (int k = 0; k < n && factor > 0; k++) {
            sum += masses[k] * factor;
            factor *= step;
        }
        return Math.log(sum) + s * pld.offset();
    }

    /** Variance of the grid index under the normalised finite masses. */
    private static double gridVariance(PrivacyLossDistribution pld) {
        double[] masses = pld.massArray();
        double total = 0;
        double first = 0;
        for (int k = 0; k < masses.length; k++) {
            total += masses[k];
            first += masses[k] * k;
        }
        if (!(total > 0)) {
            return 0;
        }
        double mean = first / total;
        double second = 0;
        for (int k = 0; k < masses.length; k++) {
            second += masses[k] * (k - mean) * (k - mean);
        }
        return second / total;
    }
}
