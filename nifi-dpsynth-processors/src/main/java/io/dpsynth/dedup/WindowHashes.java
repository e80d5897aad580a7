package io.dpsynth.dedup;

import io.dpsynth.text.Hashing;

/**
 * Hashes of every run of {@code width} consecutive tokens, computed with a polynomial rolling hash
 * (Rabin-Karp over the token hashes, modulo 2^64): O(1) per position whatever the width, which is
 * what keeps a 50-token window as cheap as a 5-token one. Used for exact-overlap windows and for
 * MinHash shingles alike.
 */
final class WindowHashes {

    /** Receives the hash of the window that starts at token {@code start}. */
    @FunctionalInterface
    interface Consumer {
        void accept(int start, long windowHash);
    }

    private static final long BASE = 0x9e3779b97f4a7c15L; // odd, so multiplication is a bijection

    private WindowHashes() {
    }

    /** Calls {@code consumer} once per window, left to right; nothing when fewer tokens than width. */
    static void forEach(long[] tokens, int width, Consumer consumer) {
        if (tokens.length < width) {
            return;
        }
        long outgoingFactor = 1; // BASE^(width-1): weight of the token that leaves the window
        for (int i = 1; i < width; i++) {
            outgoingFactor *= BASE;
        }
        long rolling = 0;
        for (int i = 0; i < width; i++) {
            rolling = rolling * BASE + tokens[i];
        }
        consumer.accept(0, Hashing.mix(rolling));
        for (int start = 1, last = tokens.length - width; start <= last; start++) {
            rolling = (rolling - tokens[start - 1] * outgoingFactor) * BASE + tokens[start + width - 1];
            consumer.accept(start, Hashing.mix(rolling));
        }
    }

    /** Hash of a whole token sequence, consistent with nothing else: used for short documents. */
    static long ofSequence(long[] tokens) {
        long h = tokens.length;
        for (long token : tokens) {
            h = h * BASE + token;
        }
        return Hashing.mix(h ^ 0x5bd1e9955bd1e995L);
    }
}
