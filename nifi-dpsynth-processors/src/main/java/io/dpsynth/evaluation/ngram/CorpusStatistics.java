package io.dpsynth.evaluation.ngram;

import io.dpsynth.evaluation.text.NgramHashes;

import java.util.Collection;

/** The token statistics of one set of texts: n-gram counts for n = 1..3 and lengths. */
public final class CorpusStatistics {

    public static final int MAX_N = 3;

    private final NgramCounts[] ngrams = new NgramCounts[MAX_N];
    private final LengthHistogram lengths = new LengthHistogram();
    private final int texts;

    private CorpusStatistics(int texts) {
        this.texts = texts;
        for (int n = 0; n < MAX_N; n++) {
            ngrams[n] = new NgramCounts();
        }
    }

    public static CorpusStatistics of(Collection<String> texts) {
        CorpusStatistics statistics = new CorpusStatistics(texts.size());
        for (String text : texts) {
            long[] tokens = NgramHashes.tokens(text);
            statistics.lengths.add(tokens.length);
            for (int n = 1; n <= MAX_N; n++) {
                statistics.ngrams[n - 1].addAll(NgramHashes.ngrams(tokens, n));
            }
        }
        return statistics;
    }

    public NgramCounts ngrams(int n) {
        return ngrams[n - 1];
    }

    public LengthHistogram lengths() {
        return lengths;
    }

    public int texts() {
        return texts;
    }
}
