package io.dpsynth.dedup;

import io.dpsynth.text.Hashing;

/**
 * Locality-sensitive hashing over MinHash signatures: the signature is cut into {@code bands} bands
 * of {@code rows} values (a tail shorter than a band is unused), and two documents become candidates
 * when any band is identical. A pair of similarity s is found with probability
 * 1 - (1 - s^rows)^bands. The layout is the one with the most rows (fewest spurious candidates) that
 * still finds pairs at the threshold with probability {@link #MIN_RECALL_AT_THRESHOLD}: recall
 * matters more than candidate count, because every candidate is verified on the full signature.
 */
record LshBanding(int bands, int rows) {

    static final double MIN_RECALL_AT_THRESHOLD = 0.95;

    static LshBanding forThreshold(int numHashes, double jaccardThreshold) {
        LshBanding best = new LshBanding(numHashes, 1);
        for (int rows = 2; rows <= numHashes; rows++) {
            LshBanding layout = new LshBanding(numHashes / rows, rows);
            if (layout.candidateProbability(jaccardThreshold) >= MIN_RECALL_AT_THRESHOLD) {
                best = layout;
            }
        }
        return best;
    }
    /** Probability that a pair with Jaccard similarity {@code s} shares at least one band. */
    double candidateProbability(double s) {
        return 1 - Math.pow(1 - Math.pow(s, rows), bands);
    }

    /** Hash identifying band {@code band} of {@code signature} (the band number is part of the key). */
    long bandKey(int[] signature, int band) {
        long h = 0x2545f4914f6cdd1dL * (band + 1);
        for (int i = band * rows, end = i + rows; i < end; i++) {
            h = Hashing.mix(h ^ (signature[i] & 0xffffffffL));
        }
        return h;
    }
}
