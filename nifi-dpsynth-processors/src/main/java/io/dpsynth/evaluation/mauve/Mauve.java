package io.dpsynth.evaluation.mauve;

/**
 * MAUVE (Pillutla et al., NeurIPS 2021) between two sets of feature vectors: L2-normalise the
 * union, reduce it with PCA, quantise it with k-means, compare the two cluster histograms along
 * the divergence frontier. 1 means indistinguishable at this resolution, values near 0 mean
 * (almost) disjoint.
 */
public final class Mauve {

    /** A MAUVE score and how it was obtained (no per-point data). */
    public record Result(double score, int clusters, int pcaComponents, int pPoints, int qPoints) {
    }

    private Mauve() {
    }

    /** MAUVE of P (e.g. synthetic) against Q (e.g. real); each set needs at least one point. */
    public static Result compute(double[][] p, double[][] q, MauveSettings settings) {
        if (p.length == 0 || q.length == 0) {
            throw new IllegalArgumentException("MAUVE needs at least one point in each set");
        }
        double[][] union = new double[p.length + q.length][];
        for (int i = 0; i < p.length; i++) {
            union[i] = unitLength(p[i]);
        }
        for (int i = 0; i < q.length; i++) {
            union[p.length + i] = unitLength(q[i]);
        }
        double[][] reduced = PrincipalComponents.reduce(union, settings.explainedVariance());
        int clusters = Math.min(settings.clustersFor(p.length, q.length), union.length);
        int[] labels = KMeansQuantizer.assign(reduced, clusters, settings.kMeansRestarts(),
                settings.kMeansMaxIterations(), settings.seed());
        double[] pHistogram = histogram(labels, 0, p.length, clusters);
        double[] qHistogram = histogram(labels, p.length, union.length, clusters);
        double[][] curve = DivergenceFrontier.curve(pHistogram, qHistogram, settings.gridPoints(),
                settings.scalingFactor());
        return new Result(DivergenceFrontier.area(curve), clusters, reduced[0].length, p.length, q.length);
    }

    private static double[] unitLength(double[] vector) {
        double norm = 0;
        for (double v : vector) {
            norm += v * v;
        }
        if (norm == 0) {
            return vector.clone(); // as scikit-learn's normalize: a zero vector stays zero
        }
        double scale = 1 / Math.sqrt(norm);
        double[] unit = new double[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = vector[i] * scale;
        }
        return unit;
    }

    private static double[] histogram(int[] labels, int from, int to, int clusters) {
        double[] histogram = new double[clusters];
        for (int i = from; i < to; i++) {
            histogram[labels[i]] += 1.0 / (to - from);
        }
        return histogram;
    }
}
