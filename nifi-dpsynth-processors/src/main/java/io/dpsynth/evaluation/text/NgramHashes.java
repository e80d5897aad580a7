package io.dpsynth.evaluation.text;

import io.dpsynth.text.Hashing;
import io.dpsynth.text.Normalization;
import io.dpsynth.text.TokenHasher;

/**
 * Word n-grams of a text as 64-bit hashes. The evaluation compares token statistics only, so it
 * reuses the dedup tokeniser (lower-cased runs of letters and digits, punctuation ignored) and never
 * keeps a token as a String: nothing that could be text outlives one call.
 */
public final class NgramHashes {

    private static final TokenHasher TOKENS = new TokenHasher(Normalization.DEFAULT);

    private NgramHashes() {
    }

    /** Token hashes of {@code text}, in order. */
    public static long[] tokens(CharSequence text) {
        return TOKENS.hashTokens(text);
    }

    /** Hashes of the n-grams of a token sequence (n = 1 returns the tokens); empty when it is shorter than n. */
    public static long[] ngrams(long[] tokens, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1");
        }
        if (n == 1) {
            return tokens;
        }
        int count = Math.max(0, tokens.length - n + 1);
        long[] grams = new long[count];
        for (int i = 0; i < count; i++) {
            long h = n;
            for (int j = 0; j < n; j++) {
                h = Hashing.mix(h * 31 + tokens[i + j]);
            }
            grams[i] = h;
        }
        return grams;
    }
}
