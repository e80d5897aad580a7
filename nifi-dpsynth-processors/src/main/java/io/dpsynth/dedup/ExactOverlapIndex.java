package io.dpsynth.dedup;

/**
 * Exact overlap: the set of hashes of every window of {@code width} tokens in the sensitive data.
 * A public document is scanned once with a rolling hash and each window is one set lookup, so the
 * cost is linear in the public text and independent of the sensitive set's size. Sensitive records
 * shorter than a window cannot share a full window; their whole token sequence is kept instead and
 * matched against public documents of exactly that sequence.
 */
final class ExactOverlapIndex {

    private final int width;
    private final LongHashSet windows;
    private final LongHashSet shortRecords;

    private ExactOverlapIndex(int width, LongHashSet windows, LongHashSet shortRecords) {
        this.width = width;
        this.windows = windows;
        this.shortRecords = shortRecords;
    }

    static Builder builder(int width) {
        return new Builder(width);
    }

    /** Matching windows and the longest run they cover in {@code tokens}. */
    Scan scan(long[] tokens) {
        if (tokens.length > 0 && tokens.length < width) {
            boolean equal = shortRecords.contains(WindowHashes.ofSequence(tokens));
            return equal ? new Scan(1, tokens.length) : Scan.NONE;
        }
        RunTracker tracker = new RunTracker();
        WindowHashes.forEach(tokens, width, (start, hash) -> tracker.observe(windows.contains(hash)));
        return tracker.matched == 0 ? Scan.NONE : new Scan(tracker.matched, tracker.longestRun + width - 1);
    }

    int windowCount() {
        return windows.size();
    }

    long memoryBytes() {
        return windows.memoryBytes() + shortRecords.memoryBytes();
    }

    /**
     * Result of one scan. {@code longestMatchTokens} is the span of the longest run of consecutive
     * matching windows; adjacent windows may come from different sensitive records, so it can exceed
     * what any single record shares.
     */
    record Scan(int matchedWindows, int longestMatchTokens) {
        static final Scan NONE = new Scan(0, 0);
    }

    /** Counts matching windows and the longest run of consecutive ones. */
    private static final class RunTracker {
        int matched;
        int run;
        int longestRun;

        void observe(boolean match) {
            if (match) {
                matched++;
                run++;
                longestRun = Math.max(longestRun, run);
            } else {
                run = 0;
            }
        }
    }

    static final class Builder {
        private final int width;
        private final LongHashSet windows = new LongHashSet(1 << 16);
        private final LongHashSet shortRecords = new LongHashSet(1 << 10);

        private Builder(int width) {
            this.width = width;
        }

        void add(long[] tokens) {
            if (tokens.length == 0) {
                return;
            }
            if (tokens.length < width) {
                shortRecords.add(WindowHashes.ofSequence(tokens));
                return;
            }
            WindowHashes.forEach(tokens, width, (start, hash) -> windows.add(hash));
        }

        ExactOverlapIndex build() {
            return new ExactOverlapIndex(width, windows, shortRecords);
        }
    }
}
