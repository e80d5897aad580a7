package io.dpsynth.evaluation;

import io.dpsynth.evaluation.downstream.DownstreamEvaluation;
import io.dpsynth.evaluation.downstream.TextClassifier;
import io.dpsynth.evaluation.lm.ModelEmbedder;
import io.dpsynth.evaluation.lm.PerplexityEvaluator;
import io.dpsynth.evaluation.lm.TunedModel;
import io.dpsynth.evaluation.mauve.EmbedderFactory;
import io.dpsynth.evaluation.mauve.Mauve;
import io.dpsynth.evaluation.mauve.MauveSettings;
import io.dpsynth.evaluation.mauve.TextEmbedder;
import io.dpsynth.evaluation.ngram.CorpusStatistics;
import io.dpsynth.evaluation.ngram.TextStatisticsComparison;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Evaluates a synthetic set against a {@link RealReference}: downstream scores (train on synthetic,
 * test on real held-out), MAUVE and token statistics against the real held-out records, and with a
 * language model the held-out perplexity under the base model and, given one, the tuned model.
 */
public final class UtilityEvaluator {

    private final TextClassifier classifier;
    private final EmbedderFactory embedders;
    private final MauveSettings mauveSettings;

    public UtilityEvaluator(TextClassifier classifier, EmbedderFactory embedders, MauveSettings mauveSettings) {
        this.classifier = classifier;
        this.embedders = embedders;
        this.mauveSettings = mauveSettings;
    }

    public TextClassifier classifier() {
        return classifier;
    }

    public UtilityReport evaluate(List<LabeledText> synthetic, RealReference real) throws InvalidEvaluationInputException {
        return evaluate(synthetic, real, Optional.empty());
    }

    /**
     * As above; with {@code tuned} the report has the held-out perplexity under the base model and under the tuned
     * model, on the same Prefix-LM sequences (the tuned model's template).
     *
     * @throws IllegalArgumentException when {@code tuned} is given but {@code real} was prepared without a model
     */
    public UtilityReport evaluate(List<LabeledText> synthetic, RealReference real, Optional<TunedModel> tuned)
            throws InvalidEvaluationInputException {
        check(synthetic, real);
        if (tuned.isPresent() && real.perplexity().isEmpty()) {
            throw new IllegalArgumentException("a tuned model needs real records prepared with its base model");
        }
        List<PerplexityEvaluator.Result> perplexity = perplexity(real, tuned);
        List<LabeledText> test = real.test();
        DownstreamEvaluation.Result downstream = DownstreamEvaluation.evaluate(classifier, synthetic, test,
                real.realToReal());

        List<String> syntheticTexts = RealReference.texts(synthetic);
        List<String> realTexts = RealReference.texts(test);
        TextEmbedder embedder = embedders.embedderFor(syntheticTexts, realTexts);
        double[][] syntheticVectors = embedder.embed(syntheticTexts);
        RealReference.Embedding realVectors = real.heldOutEmbedding(embedder);
        Mauve.Result mauve = Mauve.compute(syntheticVectors, realVectors.vectors(), mauveSettings);
        boolean modelEmbedding = embedder instanceof ModelEmbedder;
        int truncated = embedder.truncatedTexts() + realVectors.truncatedTexts();

        TextStatisticsComparison statistics = TextStatisticsComparison.compare(CorpusStatistics.of(syntheticTexts),
                real.testStatistics());
        return new UtilityReport(
                new UtilityReport.Counts(synthetic.size(), real.train().size(), test.size(), real.labels().size()),
                downstream, new UtilityReport.MauveSection(mauve, embedder.name(), truncated, mauveSettings), statistics,
                perplexity, UtilityReport.pending(perplexity, modelEmbedding,
                classifier.name()));
    }

    private static List<PerplexityEvaluator.Result> perplexity(RealReference real, Optional<TunedModel> tuned)
            throws InvalidEvaluationInputException {
        if (real.perplexity().isEmpty()) {
            return List.of();
        }
        HeldOutPerplexity heldOut = real.perplexity().get();
        if (tuned.isEmpty()) {
            return List.of(heldOut.base());
        }
        try {
            return heldOut.withTuned(tuned.get());
        } catch (IllegalArgumentException e) {
            // the adapter's prefix alone fills the length limit: the message has token counts only
            throw new InvalidEvaluationInputException("the real held-out records cannot be scored with the adapter: "
                    + e.getMessage());
        }
    }

    private static void check(List<LabeledText> synthetic, RealReference real) throws InvalidEvaluationInputException {
        if (synthetic.isEmpty()) {
            throw new InvalidEvaluationInputException("there are no synthetic records");
        }
        Set<String> unknown = new TreeSet<>();
        synthetic.forEach(record -> {
            if (!real.labels().contains(record.label())) {
                unknown.add(record.label());
            }
        });
        if (!unknown.isEmpty()) {
            // The labels are not named: they come from the records, and nothing from the records is shown.
            throw new InvalidEvaluationInputException(unknown.size() + " label(s) of the synthetic records do not occur "
                    + "in the real records");
        }
    }
}
