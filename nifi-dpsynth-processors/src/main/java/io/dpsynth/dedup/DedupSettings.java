package io.dpsynth.dedup;

import io.dpsynth.text.Normalization;

/**
 * What counts as overlap with the sensitive data.
 *
 * @param windowTokens          exact overlap: a shared run of at least this many tokens (50 in the paper)
 * @param normalization         case and punctuation handling applied before tokens are compared
 * @param nearDuplicates        also look for lightly edited copies with MinHash + LSH
 * @param jaccardThreshold      near-duplicate: estimated Jaccard similarity of shingle sets at or above this
 * @param shingleTokens         tokens per shingle for the near-duplicate comparison
 * @param minNearDuplicateTokens documents shorter than this are never near-duplicates: short texts
 *                              share shingles by chance (greetings, signatures) and their verbatim
 *                              copies are caught exactly anyway
 */
public record DedupSettings(int windowTokens, Normalization normalization, boolean nearDuplicates,
                            double jaccardThreshold, int shingleTokens, int minNearDuplicateTokens) {

    public static final int DEFAULT_WINDOW_TOKENS = 50;
    public static final double DEFAULT_JACCARD_THRESHOLD = 0.6;
    public static final int DEFAULT_SHINGLE_TOKENS = 5;
    public static final int DEFAULT_MIN_NEAR_DUPLICATE_TOKENS = 20;

    public DedupSettings {
        if (windowTokens < 1) {
            throw new IllegalArgumentException("windowTokens must be >= 1, got " + windowTokens);
        }
        if (!(jaccardThreshold > 0 && jaccardThreshold <= 1)) {
            throw new IllegalArgumentException("jaccardThreshold must be in (0, 1], got " + jaccardThreshold);
        }
        if (shingleTokens < 1) {
            throw new IllegalArgumentException("shingleTokens must be >= 1, got " + shingleTokens);
        }
        if (normalization == null) {
            throw new IllegalArgumentException("normalization must not be null");
        }
    }

    public static DedupSettings defaults() {
        return new DedupSettings(DEFAULT_WINDOW_TOKENS, Normalization.DEFAULT, true, DEFAULT_JACCARD_THRESHOLD,
                DEFAULT_SHINGLE_TOKENS, DEFAULT_MIN_NEAR_DUPLICATE_TOKENS);
    }

    public DedupSettings withNearDuplicates(boolean enabled) {
        return new DedupSettings(windowTokens, normalization, enabled, jaccardThreshold, shingleTokens,
                minNearDuplicateTokens);
    }
}
