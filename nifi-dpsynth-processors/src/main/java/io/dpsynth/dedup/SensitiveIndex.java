package io.dpsynth.dedup;

import io.dpsynth.text.TokenHasher;

/**
 * Everything known about the sensitive data that dedup needs, and nothing that could give it back:
 * window hashes for exact overlap and MinHash signatures for near-duplicates. Immutable once built,
 * so one instance serves any number of threads.
 */
public final class SensitiveIndex {

    private final DedupSettings settings;
    private final TokenHasher tokenHasher;
    private final ExactOverlapIndex exact;
    private final MinHashIndex near; // null when near-duplicate detection is off
    private final int records;

    private SensitiveIndex(Builder builder) {
        this.settings = builder.settings;
        this.tokenHasher = builder.tokenHasher;
        this.exact = builder.exact.build();
        this.near = builder.near == null ? null : builder.near.build();
        this.records = builder.records;
    }

    public static Builder builder(DedupSettings settings) {
        return new Builder(settings);
    }

    /** Checks one public document. Exact overlap wins; near-duplicates are looked for only without it. */
    public OverlapResult check(CharSequence text) {
        long[] tokens = tokenHasher.hashTokens(text);
        ExactOverlapIndex.Scan scan = exact.scan(tokens);
        if (scan.matchedWindows() > 0) {
            return new OverlapResult(OverlapKind.EXACT, tokens.length, scan.matchedWindows(),
                    scan.longestMatchTokens(), 0);
        }
        if (near == null || tokens.length < settings.minNearDuplicateTokens()) {
            return new OverlapResult(OverlapKind.NONE, tokens.length, 0, 0, 0);
        }
        double jaccard = near.bestSimilarity(tokens);
        OverlapKind kind = jaccard >= settings.jaccardThreshold() ? OverlapKind.NEAR_DUPLICATE : OverlapKind.NONE;
        return new OverlapResult(kind, tokens.length, 0, 0, jaccard);
    }

    public IndexStats stats() {
        return new IndexStats(records, exact.windowCount(), near == null ? 0 : near.records(),
                exact.memoryBytes() + (near == null ? 0 : near.memoryBytes()));
    }

    /**
     * Size of the index.
     *
     * @param records         sensitive records added
     * @param distinctWindows distinct exact-overlap window hashes
     * @param nearRecords     records with a MinHash signature
     * @param memoryBytes     bytes held by the index's arrays
     */
    public record IndexStats(int records, int distinctWindows, int nearRecords, long memoryBytes) {
    }

    /** Collects sensitive records one at a time; single-threaded. */
    public static final class Builder {
        private final DedupSettings settings;
        private final TokenHasher tokenHasher;
        private final ExactOverlapIndex.Builder exact;
        private final MinHashIndex.Builder near;
        private int records;

        private Builder(DedupSettings settings) {
            this.settings = settings;
            this.tokenHasher = new TokenHasher(settings.normalization());
            this.exact = ExactOverlapIndex.builder(settings.windowTokens());
            this.near = settings.nearDuplicates()
                    ? MinHashIndex.builder(settings.shingleTokens(), settings.jaccardThreshold()) : null;
        }

        public Builder add(CharSequence sensitiveText) {
            long[] tokens = tokenHasher.hashTokens(sensitiveText);
            exact.add(tokens);
            if (near != null && tokens.length >= settings.minNearDuplicateTokens()) {
                near.add(tokens);
            }
            records++;
            return this;
        }

        public SensitiveIndex build() {
            return new SensitiveIndex(this);
        }
    }
}
