package io.dpsynth.evaluation;

import io.dpsynth.evaluation.downstream.ClassificationScores;
import io.dpsynth.evaluation.downstream.DownstreamEvaluation;
import io.dpsynth.evaluation.downstream.TextClassifier;
import io.dpsynth.evaluation.ngram.CorpusStatistics;

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

    private RealReference(List<LabeledText> train, List<LabeledText> test, ClassificationScores realToReal) {
        this.train = List.copyOf(train);
        this.test = List.copyOf(test);
        this.labels = Stream.concat(train.stream(), test.stream()).map(LabeledText::label)
                .collect(Collectors.toUnmodifiableSet());
        this.realToReal = realToReal;
        this.testStatistics = CorpusStatistics.of(texts(test));
    }

    /** Checks the split and trains the reference classifier on {@code train}, testing it on {@code test}. */
    public static RealReference prepare(TextClassifier classifier, List<LabeledText> train, List<LabeledText> test)
            throws InvalidEvaluationInputException {
        if (train.isEmpty()) {
            throw new InvalidEvaluationInputException("the real records have no training records");
        }
        if (test.isEmpty()) {
            throw new InvalidEvaluationInputException("the real records have no held-out records");
        }
        return new RealReference(train, test, DownstreamEvaluation.trainAndTest(classifier, train, test));
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

    static List<String> texts(List<LabeledText> records) {
        return records.stream().map(LabeledText::text).toList();
    }
}
