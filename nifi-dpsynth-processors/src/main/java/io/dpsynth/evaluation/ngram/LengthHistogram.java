package io.dpsynth.evaluation.ngram;

import java.util.Arrays;

/**
 * Record lengths in tokens, counted in fixed bins so that histograms of different sets (and
 * different runs) compare bin by bin. The bins grow roughly geometrically because text lengths
 * are heavy-tailed; the last bin is open.
 */
public final class LengthHistogram {

    /** Lower edges of the bins, in tokens: [0,1), [1,10), [10,25), …, [1600, ∞). */
    public static final int[] LOWER_EDGES = {0, 1, 10, 25, 50, 100, 200, 400, 800, 1600};

    private final long[] counts = new long[LOWER_EDGES.length];
    private long records;
    private long tokens;

    public void add(int length) {
        int bin = Arrays.binarySearch(LOWER_EDGES, length);
        counts[bin >= 0 ? bin : -bin - 2]++;
        records++;
        tokens += length;
    }

    public long[] counts() {
        return counts.clone();
    }

    public double meanLength() {
        return records == 0 ? 0 : (double) tokens / records;
    }

    public double divergenceFrom(LengthHistogram other) {
        return JensenShannon.divergence(counts, other.counts);
    }
}
