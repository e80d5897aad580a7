package io.dpsynth.dedup;

import io.dpsynth.text.Hashing;

import java.util.Arrays;

/**
 * MinHash signatures of a document's set of token shingles. Each of the {@code numHashes}
 * permutations is a multiply-add on a 32-bit shingle hash ({@code a * x + b mod 2^32}, {@code a}
 * odd, so a bijection); the inner loop is plain int arithmetic over arrays, which the JIT
 * vectorises, so one shingle costs a few vector instructions rather than 128 full hash calls.
 * Written here rather than taken from a library because it is a dozen lines and has to work on the
 * token hashes this package already computes.
 */
final class MinHasher {

    private final int shingleTokens;
    private final int[] multipliers;
    private final int[] offsets;

    MinHasher(int numHashes, int shingleTokens, long seed) {
        this.shingleTokens = shingleTokens;
        this.multipliers = new int[numHashes];
        this.offsets = new int[numHashes];
        long state = seed;
        for (int i = 0; i < numHashes; i++) {
            state = Hashing.mix(state + 0x9e3779b97f4a7c15L);
            multipliers[i] = (int) state | 1;
            offsets[i] = (int) (state >>> 32);
        }
    }

    /** Signature of the shingle set of {@code tokens}; a document shorter than a shingle is one shingle. */
    int[] signature(long[] tokens) {
        int[] signature = new int[multipliers.length];
        Arrays.fill(signature, Integer.MAX_VALUE);
        if (tokens.length < shingleTokens) {
            include(signature, WindowHashes.ofSequence(tokens));
        } else {
            WindowHashes.forEach(tokens, shingleTokens, (start, hash) -> include(signature, hash));
        }
        return signature;
    }

    private void include(int[] signature, long shingleHash) {
        int x = (int) (shingleHash ^ (shingleHash >>> 32));
        int[] a = multipliers;
        int[] b = offsets;
        for (int i = 0; i < signature.length; i++) {
            signature[i] = Math.min(signature[i], a[i] * x + b[i]);
        }
    }

    /** Fraction of equal positions: an unbiased estimate of the Jaccard similarity of the two sets. */
    static double estimateJaccard(int[] left, int[] right, int rightOffset) {
        int equal = 0;
        for (int i = 0; i < left.length; i++) {
            if (left[i] == right[rightOffset + i]) {
                equal++;
            }
        }
        return (double) equal / left.length;
    }
}
