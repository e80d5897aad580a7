package io.dpsynth.evaluation.mauve;

import java.util.Arrays;
import java.util.Comparator;

/**
 * MAUVE's divergence frontier of two histograms P (synthetic) and Q (real): for mixtures
 * R = λP + (1 − λ)Q on a grid of λ, the points (exp(−c·KL(Q‖R)), exp(−c·KL(P‖R))) plus the two
 * extreme points (0, 1) and (1, 0); MAUVE is the area under it, averaged over integrating along
 * each axis (trapezoids), as in Pillutla et al.'s reference implementation.
 */
public final class DivergenceFrontier {

    private DivergenceFrontier() {
    }

    /** The frontier's points as {x, y} pairs, grid points first, extremes at both ends. */
    public static double[][] curve(double[] p, double[] q, int gridPoints, double scalingFactor) {
        double[][] points = new double[gridPoints + 2][];
        points[0] = new double[]{0, 1}; // exp(-c·0) for KL(P‖P), exp(-c·∞) for KL(Q‖P)
        for (int i = 0; i < gridPoints; i++) {
            // λ from 1e-6 to 1 − 1e-6 keeps R's support equal to the union of both supports.
            double lambda = 1e-6 + (1 - 2e-6) * i / Math.max(1, gridPoints - 1);
            double[] r = new double[p.length];
            for (int k = 0; k < p.length; k++) {
                r[k] = lambda * p[k] + (1 - lambda) * q[k];
            }
            points[i + 1] = new double[]{Math.exp(-scalingFactor * kl(q, r)), Math.exp(-scalingFactor * kl(p, r))};
        }
        points[gridPoints + 1] = new double[]{1, 0};
        return points;
    }

    /** Area under the frontier, in [0, 1]. */
    public static double area(double[][] curve) {
        return 0.5 * (trapezoids(curve, 0, 1) + trapezoids(curve, 1, 0));
    }

    private static double trapezoids(double[][] curve, int along, int height) {
        double[][] sorted = curve.clone();
        // The frontier falls as it moves along either axis, so points tied on the axis are walked from the
        // higher one down; otherwise equal histograms (every grid point at (1, 1)) would lose area to the tie.
        Arrays.sort(sorted, Comparator.comparingDouble((double[] point) -> point[along])
                .thenComparingDouble(point -> -point[height]));
        double area = 0;
        for (int i = 1; i < sorted.length; i++) {
            area += (sorted[i][along] - sorted[i - 1][along]) * (sorted[i][height] + sorted[i - 1][height]) / 2;
        }
        return area;
    }

    /** KL(a‖b) in nats; infinite where a has mass and b has none. */
    static double kl(double[] a, double[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            if (a[k] > 0) {
                if (b[k] == 0) {
                    return Double.POSITIVE_INFINITY;
                }
                sum += a[k] * Math.log(a[k] / b[k]);
            }
        }
        return sum;
    }
}
