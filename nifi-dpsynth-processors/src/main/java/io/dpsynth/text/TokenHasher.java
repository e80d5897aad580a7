package io.dpsynth.text;

import java.util.Arrays;

/**
 * Splits text into normalised tokens and returns one 64-bit hash per token, in order, without
 * creating a String per token: dedup only ever compares token sequences, so hashes are enough and
 * keep scanning at memory speed. A token is a maximal run of letters and digits (surrogate pairs
 * count as letters); punctuation is a separator or a one-character token, see {@link Normalization}.
 */
public final class TokenHasher {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final Normalization normalization;

    public TokenHasher(Normalization normalization) {
        this.normalization = normalization;
    }

    /** Hashes of the tokens of {@code text}; never null, empty when the text has no tokens. */
    public long[] hashTokens(CharSequence text) {
        long[] hashes = new long[Math.max(16, text.length() / 5)];
        int count = 0;
        long hash = FNV_OFFSET;
        boolean inToken = false;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (isWordChar(c)) {
                hash = (hash ^ fold(c)) * FNV_PRIME;
                inToken = true;
                continue;
            }
            if (inToken) {
                hashes = ensure(hashes, count);
                hashes[count++] = Hashing.mix(hash);
                hash = FNV_OFFSET;
                inToken = false;
            }
            if (normalization.keepPunctuation() && !Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
                hashes = ensure(hashes, count);
                hashes[count++] = Hashing.mix((FNV_OFFSET ^ c) * FNV_PRIME);
            }
        }
        if (inToken) {
            hashes = ensure(hashes, count);
            hashes[count++] = Hashing.mix(hash);
        }
        return count == hashes.length ? hashes : Arrays.copyOf(hashes, count);
    }

    private char fold(char c) {
        if (normalization.caseSensitive()) {
            return c;
        }
        if (c < 128) {
            return (c >= 'A' && c <= 'Z') ? (char) (c + 32) : c;
        }
        return Character.toLowerCase(c);
    }

    private static boolean isWordChar(char c) {
        if (c < 128) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }
        return Character.isLetterOrDigit(c) || Character.isSurrogate(c);
    }

    private static long[] ensure(long[] hashes, int count) {
        return count < hashes.length ? hashes : Arrays.copyOf(hashes, hashes.length * 2);
    }
}
