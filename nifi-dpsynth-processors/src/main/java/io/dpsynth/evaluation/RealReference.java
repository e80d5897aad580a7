package io.dpsynth.evaluation;

import io.dpsynth.evaluation.downstream.ClassificationScores;
import io.dpsynth.evaluation.downstream.DownstreamEvaluation;
import io.dpsynth.evaluation.downstream.TextClassifier;
import io.dpsynth.evaluation.lm.PerplexityEvaluator;
import io.dpsynth.evaluation.ngram.CorpusStatistics;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The real evaluation records and everything about them that does not depend on the synthetic
 * records: the real→real reference scores and the held-out token statistics. Prepared once per
 * real data set and classifier, then shared by every evaluation of a synthetic set.
 */
public final class RealReference {

    private final List<LabeledText> train;
    private final List<LabeledText> test;
    private final Set<String> labels;
    private final ClassificationScores realToReal;
    private final CorpusStatistics testStatistics;
    private final List<PerplexityEvaluator.Result> perplexities;

    private RealReference(List<LabeledText> train, List<LabeledText> test, ClassificationScores realToReal,
                          List<PerplexityEvaluator.Result> perplexities) {
        this.train = List.copyOf(train);
        this.test = List.copyOf(test);
        this.labels = Stream.concat(train.stream(), test.stream()).map(LabeledText::label)
                .collect(Collectors.toUnmodifiableSet());
        this.realToReal = realToReal;
        this.testStatistics = CorpusStatistics.of(texts(test));
        this.perplexities = List.copyOf(perplexities);
    }

    /** Checks the split and trains the reference classifier on {@code train}, testing it on {@code test}. */
    public static RealReference prepare(TextClassifier classifier, List<LabeledText> train, List<LabeledText> test)
            throws InvalidEvaluationInputException {
        return prepare(classifier, List.of(), train, test);
    }

    /** As above, and measures the perplexity of the held-out texts with each of {@code perplexity}. */
    public static RealReference prepare(TextClassifier classifier, List<PerplexityEvaluator> perplexity,
                                        List<LabeledText> train, List<LabeledText> test)
            throws InvalidEvaluationInputException {
        if (train.isEmpty()) {
            throw new InvalidEvaluationInputException("the real records have no training records");
        }
        if (test.isEmpty()) {
            throw new InvalidEvaluationInputException("the real records have no held-out records");
        }
        ClassificationScores realToReal = DownstreamEvaluation.trainAndTest(classifier, train, test);
        List<PerplexityEvaluator.Result> perplexities = new ArrayList<>();
        for (PerplexityEvaluator evaluator : perplexity) {
            try {
                perplexities.add(evaluator.evaluate(texts(test)));
            } catch (IllegalArgumentException e) {
                throw new InvalidEvaluationInputException("the real held-out records have no text to score perplexity on");
            }
        }
        return new RealReference(train, test, realToReal, perplexities);
    }

    public List<LabeledText> train() {
        return train;
    }

    public List<LabeledText> test() {
        return test;
    }

    public Set<String> labels() {
        return labels;
    }

    public ClassificationScores realToReal() {
        return realToReal;
    }

    public CorpusStatistics testStatistics() {
        return testStatistics;
    }

    /** Perplexity of the held-out texts under each model measured; empty without a language model. */
    public List<PerplexityEvaluator.Result> perplexities() {
        return perplexities;
    }

    static List<String> texts(List<LabeledText> records) {
        return records.stream().map(LabeledText::text).toList();
    }
}
