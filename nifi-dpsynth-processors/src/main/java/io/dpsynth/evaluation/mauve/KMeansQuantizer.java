package io.dpsynth.evaluation.mauve;

import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.Clusterable;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.clustering.MultiKMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.Well19937c;

import java.util.ArrayList;
import java.util.List;

/**
 * Quantises points into k clusters with commons-math3's k-means++ (seeded), keeping the best of
 * several restarts by within-cluster variance, and returns each point's cluster. The reference
 * MAUVE uses faiss's k-means, which starts from randomly chosen points; k-means++ seeding is what
 * commons-math3 offers and is at least as good a start, so scores agree with the reference's up to
 * clustering noise, not digit for digit.
 */
public final class KMeansQuantizer {

    private record IndexedPoint(int index, double[] getPoint) implements Clusterable {
    }

    private KMeansQuantizer() {
    }

    /** Cluster number (0..k-1) of each point. */
    public static int[] assign(double[][] points, int clusters, int restarts, int maxIterations, long seed) {
        List<IndexedPoint> indexed = new ArrayList<>(points.length);
        for (int i = 0; i < points.length; i++) {
            indexed.add(new IndexedPoint(i, points[i]));
        }
        KMeansPlusPlusClusterer<IndexedPoint> kMeans = new KMeansPlusPlusClusterer<>(clusters, maxIterations,
                new EuclideanDistance(), new Well19937c(seed));
        List<CentroidCluster<IndexedPoint>> result = new MultiKMeansPlusPlusClusterer<>(kMeans, restarts)
                .cluster(indexed);
        int[] labels = new int[points.length];
        for (int c = 0; c < result.size(); c++) {
            for (IndexedPoint point : result.get(c).getPoints()) {
                labels[point.index()] = c;
            }
        }
        return labels;
    }
}
