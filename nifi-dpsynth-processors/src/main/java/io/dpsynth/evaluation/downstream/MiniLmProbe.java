package io.dpsynth.evaluation.downstream;

import de.bwaldvogel.liblinear.Feature;
import io.dpsynth.evaluation.LabeledText;
import io.dpsynth.evaluation.sentence.MiniLmSentenceEncoder;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A linear probe on a pre-trained sentence encoder: the frozen MiniLM vectors of the texts
 * ({@link MiniLmSentenceEncoder}) and L2-regularised logistic regression on them
 * ({@link LiblinearLogisticRegression}). Deterministic.
 */
public final class MiniLmProbe implements TextClassifier {

    public static final String NAME = "minilm-probe";

    private final double inverseRegularization;

    public MiniLmProbe(double inverseRegularization) {
        this.inverseRegularization = inverseRegularization;
    }

    /** C = 1, as the TF-IDF classifier. */
    public static MiniLmProbe defaults() {
        return new MiniLmProbe(1.0);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("encoder", MiniLmSentenceEncoder.NAME);
        settings.put("dimensions", MiniLmSentenceEncoder.DIMENSIONS);
        settings.put("inverseRegularization", inverseRegularization);
        settings.put("solver", LiblinearLogisticRegression.SOLVER);
        return settings;
    }

    @Override
    public Trained train(List<LabeledText> examples) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no training examples");
        }
        Feature[][] rows = rows(examples.stream().map(LabeledText::text).toList());
        Function<Feature[], String> model = LiblinearLogisticRegression.train(rows,
                examples.stream().map(LabeledText::label).toList(), MiniLmSentenceEncoder.DIMENSIONS,
                inverseRegularization);
        return new Trained() {
            @Override
            public String predict(String text) {
                return predictAll(List.of(text)).get(0);
            }

            @Override
            public List<String> predictAll(List<String> texts) {
                return Arrays.stream(rows(texts)).map(model).toList();
            }
        };
    }

    private static Feature[][] rows(List<String> texts) {
        return Arrays.stream(MiniLmSentenceEncoder.encode(texts)).map(LiblinearLogisticRegression::dense)
                .toArray(Feature[][]::new);
    }
}
