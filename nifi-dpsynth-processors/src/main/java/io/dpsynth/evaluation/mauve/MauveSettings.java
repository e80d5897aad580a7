package io.dpsynth.evaluation.mauve;

/**
 * MAUVE's knobs, with the reference implementation's defaults (Pillutla et al. 2021,
 * {@code compute_mauve}): PCA to 90 % explained variance, k-means with 5 restarts of at most 500
 * iterations, a 25-point mixture grid, scaling factor c = 5, and k = max(2, round(min(|P|, |Q|) / 10))
 * clusters unless {@code clusters} is positive. (The paper describes k as n/10 for n samples per
 * set; the reference code takes the smaller set's size, which matters when the sets differ in size.)
 */
public record MauveSettings(double explainedVariance, int kMeansRestarts, int kMeansMaxIterations, int gridPoints,
                            double scalingFactor, int clusters, long seed) {

    public static final double DEFAULT_SCALING_FACTOR = 5;

    public MauveSettings {
        if (!(explainedVariance > 0 && explainedVariance <= 1)) {
            throw new IllegalArgumentException("explained variance must be in (0, 1]");
        }
        if (kMeansRestarts < 1 || kMeansMaxIterations < 1 || gridPoints < 2 || !(scalingFactor > 0) || clusters < 0) {
            throw new IllegalArgumentException("invalid MAUVE settings");
        }
    }

    public static MauveSettings defaults(long seed) {
        return new MauveSettings(0.9, 5, 500, 25, DEFAULT_SCALING_FACTOR, 0, seed);
    }

    /** The number of clusters for sets of these sizes. */
    public int clustersFor(int pSize, int qSize) {
        return clusters > 0 ? clusters : Math.max(2, (int) Math.round(Math.min(pSize, qSize) / 10.0));
    }
}
