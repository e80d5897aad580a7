package io.dpsynth.evaluation.downstream;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import io.dpsynth.evaluation.LabeledText;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The fast default downstream classifier: TF-IDF features ({@link TfidfVectorizer}) and
 * L2-regularised logistic regression (liblinear's primal Newton solver, one-vs-rest for more than
 * two classes, with a bias term). Deterministic: that solver draws no random numbers.
 */
public final class TfidfLogisticRegression implements TextClassifier {

    public static final String NAME = "tfidf-logistic-regression";
    private static final double BIAS = 1.0;
    private static final double STOPPING_TOLERANCE = 0.01;

    static {
        Linear.disableDebugOutput(); // liblinear prints progress to stdout otherwise
    }

    private final double inverseRegularization;
    private final int minDocumentFrequency;
    private final int maxFeatures;

    public TfidfLogisticRegression(double inverseRegularization, int minDocumentFrequency, int maxFeatures) {
        this.inverseRegularization = inverseRegularization;
        this.minDocumentFrequency = minDocumentFrequency;
        this.maxFeatures = maxFeatures;
    }

    /** C = 1 (scikit-learn's default), terms in at least 2 training texts, at most 50,000 features. */
    public static TfidfLogisticRegression defaults() {
        return new TfidfLogisticRegression(1.0, 2, 50_000);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("features", "word unigrams and bigrams, lower-cased, punctuation ignored");
        settings.put("minDocumentFrequency", minDocumentFrequency);
        settings.put("maxFeatures", maxFeatures);
        settings.put("inverseRegularization", inverseRegularization);
        settings.put("solver", "liblinear L2R_LR");
        return settings;
    }

    @Override
    public Trained train(List<LabeledText> examples) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no training examples");
        }
        TfidfVectorizer vectorizer = TfidfVectorizer.fit(examples.stream().map(LabeledText::text).toList(),
                minDocumentFrequency, maxFeatures);
        List<String> labels = List.copyOf(new TreeSet<>(examples.stream().map(LabeledText::label).toList()));
        if (labels.size() == 1) {
            String only = labels.get(0);
            return text -> only; // nothing to learn; liblinear would refuse a single class
        }
        Problem problem = new Problem();
        problem.l = examples.size();
        problem.n = vectorizer.features() + 1;
        problem.bias = BIAS;
        problem.x = new Feature[examples.size()][];
        problem.y = new double[examples.size()];
        for (int i = 0; i < examples.size(); i++) {
            problem.x[i] = features(vectorizer, examples.get(i).text());
            problem.y[i] = labels.indexOf(examples.get(i).label());
        }
        Model model = Linear.train(problem, new Parameter(SolverType.L2R_LR, inverseRegularization, STOPPING_TOLERANCE));
        return text -> labels.get((int) Linear.predict(model, features(vectorizer, text)));
    }

    /** liblinear's layout: 1-based ascending indices, the bias as the last feature. */
    private static Feature[] features(TfidfVectorizer vectorizer, String text) {
        TfidfVectorizer.SparseVector vector = vectorizer.transform(text);
        Feature[] nodes = new Feature[vector.indices().length + 1];
        for (int i = 0; i < vector.indices().length; i++) {
            nodes[i] = new FeatureNode(vector.indices()[i] + 1, vector.values()[i]);
        }
        nodes[nodes.length - 1] = new FeatureNode(vectorizer.features() + 1, BIAS);
        return nodes;
    }
}
