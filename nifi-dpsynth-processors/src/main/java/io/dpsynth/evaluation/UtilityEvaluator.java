package io.dpsynth.evaluation;

import io.dpsynth.evaluation.downstream.DownstreamEvaluation;
import io.dpsynth.evaluation.downstream.TextClassifier;
import io.dpsynth.evaluation.lm.ModelEmbedder;
import io.dpsynth.evaluation.mauve.EmbedderFactory;
import io.dpsynth.evaluation.mauve.Mauve;
import io.dpsynth.evaluation.mauve.MauveSettings;
import io.dpsynth.evaluation.mauve.TextEmbedder;
import io.dpsynth.evaluation.ngram.CorpusStatistics;
import io.dpsynth.evaluation.ngram.TextStatisticsComparison;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Evaluates a synthetic set against a {@link RealReference}: downstream scores (train on synthetic,
 * test on real held-out), MAUVE and token statistics against the real held-out records.
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
        check(synthetic, real);
        List<LabeledText> test = real.test();
        DownstreamEvaluation.Result downstream = DownstreamEvaluation.evaluate(classifier, synthetic, test,
                real.realToReal());

        List<String> syntheticTexts = RealReference.texts(synthetic);
        List<String> realTexts = RealReference.texts(test);
        TextEmbedder embedder = embedders.embedderFor(syntheticTexts, realTexts);
        Mauve.Result mauve = Mauve.compute(embedder.embed(syntheticTexts), embedder.embed(realTexts), mauveSettings);
        boolean modelEmbedding = embedder instanceof ModelEmbedder;
        int truncated = modelEmbedding ? ((ModelEmbedder) embedder).truncatedTexts() : 0;

        TextStatisticsComparison statistics = TextStatisticsComparison.compare(CorpusStatistics.of(syntheticTexts),
                real.testStatistics());
        return new UtilityReport(
                new UtilityReport.Counts(synthetic.size(), real.train().size(), test.size(), real.labels().size()),
                downstream, new UtilityReport.MauveSection(mauve, embedder.name(), truncated, mauveSettings), statistics,
                real.perplexities(), UtilityReport.pending(real.perplexities(), modelEmbedding));
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
