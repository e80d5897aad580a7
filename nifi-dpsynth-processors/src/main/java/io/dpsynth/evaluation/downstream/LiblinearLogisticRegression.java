package io.dpsynth.evaluation.downstream;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;

import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * L2-regularised logistic regression with liblinear's primal Newton solver (one-vs-rest for more than two
 * classes), on rows in liblinear's layout: 1-based ascending feature indices, the bias as the last feature.
 * Deterministic: that solver draws no random numbers.
 */
final class LiblinearLogisticRegression {

    static final double BIAS = 1.0;
    static final String SOLVER = "liblinear L2R_LR";
    private static final double STOPPING_TOLERANCE = 0.01;

    static {
        Linear.disableDebugOutput(); // liblinear prints progress to stdout otherwise
    }

    private LiblinearLogisticRegression() {
    }

    /**
     * Trains on {@code rows} labelled {@code labels} (same order; at least one row) with {@code features} features
     * besides the bias, and inverse regularisation {@code c}; returns the predicted label of a row.
     */
    static Function<Feature[], String> train(Feature[][] rows, List<String> labels, int features, double c) {
        List<String> classes = List.copyOf(new TreeSet<>(labels));
        if (classes.size() == 1) {
            String only = classes.get(0);
            return row -> only; // nothing to learn; liblinear would refuse a single class
        }
        Problem problem = new Problem();
        problem.l = rows.length;
        problem.n = features + 1;
        problem.bias = BIAS;
        problem.x = rows;
        problem.y = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            problem.y[i] = classes.indexOf(labels.get(i));
        }
        Model model = Linear.train(problem, new Parameter(SolverType.L2R_LR, c, STOPPING_TOLERANCE));
        return row -> classes.get((int) Linear.predict(model, row));
    }

    /** A dense vector as a row, with the bias. */
    static Feature[] dense(double[] vector) {
        Feature[] row = new Feature[vector.length + 1];
        for (int i = 0; i < vector.length; i++) {
            row[i] = new FeatureNode(i + 1, vector[i]);
        }
        row[vector.length] = new FeatureNode(vector.length + 1, BIAS);
        return row;
    }
}
