package io.dpsynth.evaluation.rank;

import java.util.HashSet;
import java.util.Set;

/**
 * Rank-biased overlap (Webber, Moffat and Zobel 2010), extrapolated form RBO_ext (their eq. 32) for
 * two rankings of the same length. Unlike Spearman and Kendall it weighs agreement at the top more
 * (persistence p: the top d items carry weight 1 − p^d), which is what choosing the best
 * hyper-parameters needs. Written here because it is a dozen lines and no Apache-licensed Java
 * library provides it.
 */
public final class RankBiasedOverlap {

    private RankBiasedOverlap() {
    }

    /** RBO_ext in [0, 1] of two rankings (best first) of equal length; 1 when they are the same. */
    public static double extrapolated(int[] first, int[] second, double persistence) {
        if (first.length != second.length || first.length == 0) {
            throw new IllegalArgumentException("rankings must be non-empty and of equal length");
        }
        if (!(persistence > 0 && persistence < 1)) {
            throw new IllegalArgumentException("persistence must be in (0, 1)");
        }
        Set<Integer> seenFirst = new HashSet<>();
        Set<Integer> seenSecond = new HashSet<>();
        int overlap = 0;
        double weightedSum = 0;
        double weight = 1;
        int depth = first.length;
        for (int d = 1; d <= depth; d++) {
            int a = first[d - 1];
            int b = second[d - 1];
            if (a == b) {
                overlap++;
            } else {
                overlap += (seenSecond.contains(a) ? 1 : 0) + (seenFirst.contains(b) ? 1 : 0);
            }
            seenFirst.add(a);
            seenSecond.add(b);
            weight *= persistence;
            weightedSum += (double) overlap / d * weight;
        }
        return (double) overlap / depth * weight + (1 - persistence) / persistence * weightedSum;
    }
}
