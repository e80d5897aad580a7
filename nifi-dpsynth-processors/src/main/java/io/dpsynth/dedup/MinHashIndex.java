package io.dpsynth.dedup;

import java.util.Arrays;

/**
 * Near-duplicate index: the MinHash signature of every sensitive record (kept to verify candidates)
 * and LSH band buckets pointing at them. A query hashes the public document once, collects the
 * records sharing a band and returns the best estimated Jaccard similarity among them.
 */
final class MinHashIndex {

    static final int NUM_HASHES = 128;
    private static final long SEED = 0x6a09e667f3bcc908L; // fixed: signatures must not change between runs

    private final MinHasher hasher;
    private final LshBanding banding;
    private final int[] signatures; // record r occupies [r * NUM_HASHES, (r + 1) * NUM_HASHES)
    private final int records;
    private final LongIntMultimap buckets;

    private MinHashIndex(MinHasher hasher, LshBanding banding, int[] signatures, int records,
                         LongIntMultimap buckets) {
        this.hasher = hasher;
        this.banding = banding;
        this.signatures = signatures;
        this.records = records;
        this.buckets = buckets;
    }

    static Builder builder(int shingleTokens, double jaccardThreshold) {
        return new Builder(new MinHasher(NUM_HASHES, shingleTokens, SEED),
                LshBanding.forThreshold(NUM_HASHES, jaccardThreshold));
    }

    /** Highest estimated Jaccard similarity with any LSH candidate, 0 when there is none. */
    double bestSimilarity(long[] tokens) {
        int[] signature = hasher.signature(tokens);
        Candidates candidates = new Candidates();
        for (int band = 0; band < banding.bands(); band++) {
            buckets.forEach(banding.bandKey(signature, band), candidates::add);
        }
        double best = 0;
        for (int record : candidates.distinct()) {
            best = Math.max(best, MinHasher.estimateJaccard(signature, signatures, record * NUM_HASHES));
        }
        return best;
    }

    int records() {
        return records;
    }

    LshBanding banding() {
        return banding;
    }

    long memoryBytes() {
        return 4L * signatures.length + buckets.memoryBytes();
    }

    /** Record ordinals met in any band; usually a handful, so a plain growing array. */
    private static final class Candidates {
        private int[] records = new int[8];
        private int count;

        void add(int record) {
            if (count == records.length) {
                records = Arrays.copyOf(records, count * 2);
            }
            records[count++] = record;
        }

        int[] distinct() {
            return Arrays.stream(records, 0, count).distinct().toArray();
        }
    }

    static final class Builder {
        private final MinHasher hasher;
        private final LshBanding banding;
        private final LongIntMultimap buckets = new LongIntMultimap(1 << 12);
        private int[] signatures = new int[NUM_HASHES * 64];
        private int records;

        private Builder(MinHasher hasher, LshBanding banding) {
            this.hasher = hasher;
            this.banding = banding;
        }

        void add(long[] tokens) {
            int[] signature = hasher.signature(tokens);
            if ((records + 1) * NUM_HASHES > signatures.length) {
                signatures = Arrays.copyOf(signatures, signatures.length * 2);
            }
            System.arraycopy(signature, 0, signatures, records * NUM_HASHES, NUM_HASHES);
            for (int band = 0; band < banding.bands(); band++) {
                buckets.put(banding.bandKey(signature, band), records);
            }
            records++;
        }

        MinHashIndex build() {
            return new MinHashIndex(hasher, banding, Arrays.copyOf(signatures, records * NUM_HASHES), records,
                    buckets);
        }
    }
}
