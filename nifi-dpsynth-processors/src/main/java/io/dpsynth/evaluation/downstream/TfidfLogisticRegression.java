package io.dpsynth.evaluation.downstream;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import io.dpsynth.evaluation.LabeledText;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The fast default downstream classifier: TF-IDF features ({@link TfidfVectorizer}) and
 * L2-regularised logistic regression ({@link LiblinearLogisticRegression}). Deterministic.
 */
public final class TfidfLogisticRegression implements TextClassifier {

    public static final String NAME = "tfidf-logistic-regression";

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
        settings.put("solver", LiblinearLogisticRegression.SOLVER);
        return settings;
    }

    @Override
    public Trained train(List<LabeledText> examples) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no training examples");
        }
        TfidfVectorizer vectorizer = TfidfVectorizer.fit(examples.stream().map(LabeledText::text).toList(),
                minDocumentFrequency, maxFeatures);
        Feature[][] rows = examples.stream().map(example -> features(vectorizer, example.text())).toArray(Feature[][]::new);
        Function<Feature[], String> model = LiblinearLogisticRegression.train(rows,
                examples.stream().map(LabeledText::label).toList(), vectorizer.features(), inverseRegularization);
        return text -> model.apply(features(vectorizer, text));
    }

    /** liblinear's layout: 1-based ascending indices, the bias as the last feature. */
    private static Feature[] features(TfidfVectorizer vectorizer, String text) {
        TfidfVectorizer.SparseVector vector = vectorizer.transform(text);
        Feature[] nodes = new Feature[vector.indices().length + 1];
        for (int i = 0; i < vector.indices().length; i++) {
            nodes[i] = new FeatureNode(vector.indices()[i] + 1, vector.values()[i]);
        }
        nodes[nodes.length - 1] = new FeatureNode(vectorizer.features() + 1, LiblinearLogisticRegression.BIAS);
        return nodes;
    }
}
