package io.dpsynth.evaluation.ngram;

import java.util.HashMap;
import java.util.Map;

/** How often each n-gram (by hash) occurs in a set of texts. */
public final class NgramCounts {

    private final Map<Long, Long> counts = new HashMap<>();
    private long total;

    public void addAll(long[] grams) {
        for (long gram : grams) {
            counts.merge(gram, 1L, Long::sum);
        }
        total += grams.length;
    }

    public long total() {
        return total;
    }

    public int distinct() {
        return counts.size();
    }

    /** Distinct n-grams over all n-grams (Li et al. 2016's distinct-n); 0 when there are none. */
    public double distinctRatio() {
        return total == 0 ? 0 : (double) counts.size() / total;
    }

    Map<Long, Long> asMap() {
        return counts;
    }
}
