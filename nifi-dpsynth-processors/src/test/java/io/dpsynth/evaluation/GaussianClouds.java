package io.dpsynth.evaluation;

import java.util.SplittableRandom;

/** Fixed synthetic embeddings for the MAUVE tests: points of an isotropic Gaussian around a centre. */
public final class GaussianClouds {

    private GaussianClouds() {
    }

    public static double[][] cloud(int points, int dimensions, double centreOffset, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] cloud = new double[points][dimensions];
        for (double[] point : cloud) {
            for (int j = 0; j < dimensions; j++) {
                point[j] = gaussian(random) + (j == 0 ? centreOffset : 0);
            }
            point[1] += 1; // keep the points off the origin, where L2 normalisation would fold the clouds together
        }
        return cloud;
    }

    private static double gaussian(SplittableRandom random) {
        // Box–Muller, so the values do not depend on the JDK's nextGaussian algorithm.
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
