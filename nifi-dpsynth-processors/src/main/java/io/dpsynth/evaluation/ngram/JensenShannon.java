package io.dpsynth.evaluation.ngram;

import java.util.Map;

/**
 * Jensen–Shannon divergence with base-2 logarithms: symmetric, 0 for equal distributions, 1 for
 * disjoint supports, and finite where KL is not (synthetic text often has n-grams real text lacks).
 * Chosen over total variation because it weighs a difference in a rare n-gram less than the same
 * difference in a common one.
 */
public final class JensenShannon {

    private JensenShannon() {
    }

    /** Divergence between two empirical distributions given as counts; 0 if both are empty, 1 if only one is. */
    public static double divergence(NgramCounts p, NgramCounts q) {
        return divergence(p.asMap(), p.total(), q.asMap(), q.total());
    }

    /** Divergence between two histograms over the same bins. */
    public static double divergence(long[] p, long[] q) {
        if (p.length != q.length) {
            throw new IllegalArgumentException("histograms differ in length");
        }
        long pTotal = sum(p);
        long qTotal = sum(q);
        if (pTotal == 0 || qTotal == 0) {
            return pTotal == qTotal ? 0 : 1;
        }
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            sum += term((double) p[i] / pTotal, (double) q[i] / qTotal);
        }
        return clamp(sum / 2);
    }

    private static double divergence(Map<Long, Long> p, long pTotal, Map<Long, Long> q, long qTotal) {
        if (pTotal == 0 || qTotal == 0) {
            return pTotal == qTotal ? 0 : 1;
        }
        double sum = 0;
        for (Map.Entry<Long, Long> entry : p.entrySet()) {
            long qCount = q.getOrDefault(entry.getKey(), 0L);
            sum += term((double) entry.getValue() / pTotal, (double) qCount / qTotal);
        }
        for (Map.Entry<Long, Long> entry : q.entrySet()) {
            if (!p.containsKey(entry.getKey())) {
                sum += term(0, (double) entry.getValue() / qTotal);
            }
        }
        return clamp(sum / 2);
    }

    /** p·log2(2p/(p+q)) + q·log2(2q/(p+q)): this bin's share of KL(P‖M) + KL(Q‖M). */
    private static double term(double p, double q) {
        double m = p + q;
        double t = 0;
        if (p > 0) {
            t += p * log2(2 * p / m);
        }
        if (q > 0) {
            t += q * log2(2 * q / m);
        }
        return t;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private static double clamp(double value) {
        return Math.max(0, Math.min(1, value)); // rounding can step a hair outside [0, 1]
    }

    private static long sum(long[] values) {
        long total = 0;
        for (long v : values) {
            total += v;
        }
        return total;
    }
}
