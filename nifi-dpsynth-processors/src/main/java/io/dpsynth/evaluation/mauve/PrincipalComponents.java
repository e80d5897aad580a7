package io.dpsynth.evaluation.mauve;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * PCA as MAUVE uses it: fit on all points, keep the fewest leading components whose explained
 * variance reaches the target, project onto them (no whitening). Decomposes the covariance
 * matrix with commons-math3, which suits embedding sizes up to about a thousand dimensions — by SVD, which for a
 * symmetric positive semi-definite matrix yields its eigenvalues and eigenvectors, because commons-math3's
 * EigenDecomposition gave up ("convergence failed") on the TF-IDF covariance of 50 against 100 short texts.
 */
public final class PrincipalComponents {

    private PrincipalComponents() {
    }

    /** The points projected onto the leading components that explain {@code explainedVariance} (0..1). */
    public static double[][] reduce(double[][] points, double explainedVariance) {
        int n = points.length;
        int d = points[0].length;
        double[] mean = new double[d];
        for (double[] point : points) {
            for (int j = 0; j < d; j++) {
                mean[j] += point[j] / n;
            }
        }
        double[][] covariance = new double[d][d];
        double[] centered = new double[d];
        for (double[] point : points) {
            for (int j = 0; j < d; j++) {
                centered[j] = point[j] - mean[j];
            }
            for (int a = 0; a < d; a++) {
                double ca = centered[a];
                if (ca == 0) {
                    continue; // TF-IDF points are mostly zeros
                }
                double[] row = covariance[a];
                for (int b = a; b < d; b++) {
                    row[b] += ca * centered[b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                covariance[a][b] /= Math.max(1, n - 1);
                covariance[b][a] = covariance[a][b];
            }
        }
        SingularValueDecomposition svd = new SingularValueDecomposition(new Array2DRowRealMatrix(covariance, false));
        double[] eigenvalues = svd.getSingularValues(); // in descending order
        int components = componentsFor(eigenvalues, explainedVariance);
        double[][] basis = svd.getU().getSubMatrix(0, d - 1, 0, components - 1).transpose().getData();
        double[][] projected = new double[n][components];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                centered[j] = points[i][j] - mean[j];
            }
            for (int c = 0; c < components; c++) {
                double[] axis = basis[c];
                double sum = 0;
                for (int j = 0; j < d; j++) {
                    sum += centered[j] * axis[j];
                }
                projected[i][c] = sum;
            }
        }
        return projected;
    }

    static int componentsFor(double[] descendingEigenvalues, double explainedVariance) {
        double total = 0;
        for (double value : descendingEigenvalues) {
            total += Math.max(0, value);
        }
        if (total == 0) {
            return 1; // all points equal: one (zero) coordinate is enough
        }
        double cumulative = 0;
        for (int i = 0; i < descendingEigenvalues.length; i++) {
            cumulative += Math.max(0, descendingEigenvalues[i]);
            if (cumulative / total >= explainedVariance) {
                return i + 1;
            }
        }
        return descendingEigenvalues.length;
    }
}
