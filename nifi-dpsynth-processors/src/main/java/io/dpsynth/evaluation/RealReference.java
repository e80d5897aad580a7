package io.dpsynth.evaluation;

import io.dpsynth.evaluation.downstream.ClassificationScores;
import io.dpsynth.evaluation.downstream.DownstreamEvaluation;
import io.dpsynth.evaluation.downstream.TextClassifier;
import io.dpsynth.evaluation.mauve.TextEmbedder;
import io.dpsynth.evaluation.ngram.CorpusStatistics;
import io.dpsynth.model.LanguageModel;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The real evaluation records and everything about them that does not depend on the synthetic
 * records: the real→real reference scores, the held-out token statistics, the base model's held-out
 * perplexity, and the held-out texts' vectors under an embedding that does not depend on the synthetic set.
 * Prepared once per real data set and classifier, then shared by every evaluation of a synthetic set.
 */
public final class RealReference {

    private final List<LabeledText> train;
    private final List<LabeledText> test;
    private final Set<String> labels;
    private final ClassificationScores realToReal;
    private final CorpusStatistics testStatistics;
    private final HeldOutPerplexity perplexity;
    private final AtomicReference<KeyedEmbedding> heldOutEmbedding = new AtomicReference<>();

    /**
     * The held-out texts' vectors under one embedding.
     *
     * @param truncatedTexts held-out texts the embedder cut to its length limit
     */
    public record Embedding(double[][] vectors, int truncatedTexts) {
    }

    private record KeyedEmbedding(String key, Embedding embedding) {
    }

    private RealReference(List<LabeledText> train, List<LabeledText> test, ClassificationScores realToReal,
                          HeldOutPerplexity perplexity) {
        this.train = List.copyOf(train);
        this.test = List.copyOf(test);
        this.labels = Stream.concat(train.stream(), test.stream()).map(LabeledText::label)
                .collect(Collectors.toUnmodifiableSet());
        this.realToReal = realToReal;
        this.testStatistics = CorpusStatistics.of(texts(test));
        this.perplexity = perplexity;
    }

    /** Checks the split and trains the reference classifier on {@code train}, testing it on {@code test}. */
    public static RealReference prepare(TextClassifier classifier, List<LabeledText> train, List<LabeledText> test)
            throws InvalidEvaluationInputException {
        return prepare(classifier, null, train, test);
    }

    /** As above, and with a {@code model} (may be null) measures the held-out records' base perplexity. */
    public static RealReference prepare(TextClassifier classifier, LanguageModel model, List<LabeledText> train,
                                        List<LabeledText> test)
            throws InvalidEvaluationInputException {
        if (train.isEmpty()) {
            throw new InvalidEvaluationInputException("the real records have no training records");
        }
        if (test.isEmpty()) {
            throw new InvalidEvaluationInputException("the real records have no held-out records");
        }
        ClassificationScores realToReal = DownstreamEvaluation.trainAndTest(classifier, train, test);
        HeldOutPerplexity perplexity = null;
        if (model != null) {
            perplexity = new HeldOutPerplexity(model, test);
            try {
                perplexity.base(); // now, so that the first synthetic set does not wait for it
            } catch (IllegalArgumentException e) {
                throw new InvalidEvaluationInputException("the real held-out records cannot be scored for perplexity: "
                        + e.getMessage());
            }
        }
        return new RealReference(train, test, realToReal, perplexity);
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

    /** Perplexity of the held-out records; empty without a language model. */
    public Optional<HeldOutPerplexity> perplexity() {
        return Optional.ofNullable(perplexity);
    }

    /**
     * The held-out texts embedded by {@code embedder}. An embedder with a {@link TextEmbedder#reuseKey() reuse key}
     * (one that does not fit itself to the sets compared) embeds them once: the vectors of the last key are kept
     * and returned while the key stays the same, so every synthetic set after the first skips re-embedding the real
     * set. Concurrent first calls may each compute them.
     */
    public Embedding heldOutEmbedding(TextEmbedder embedder) {
        Optional<String> key = embedder.reuseKey();
        KeyedEmbedding kept = heldOutEmbedding.get();
        if (key.isPresent() && kept != null && kept.key().equals(key.get())) {
            return kept.embedding();
        }
        int truncatedBefore = embedder.truncatedTexts();
        double[][] vectors = embedder.embed(texts(test));
        Embedding embedding = new Embedding(vectors, embedder.truncatedTexts() - truncatedBefore);
        key.ifPresent(k -> heldOutEmbedding.set(new KeyedEmbedding(k, embedding)));
        return embedding;
    }

    static List<String> texts(List<LabeledText> records) {
        return records.stream().map(LabeledText::text).toList();
    }
}
