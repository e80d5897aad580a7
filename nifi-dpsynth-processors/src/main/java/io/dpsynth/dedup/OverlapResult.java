package io.dpsynth.dedup;

/**
 * Outcome of checking one public document. Holds counts only: nothing here can reveal sensitive text.
 *
 * @param kind               strongest overlap found
 * @param tokens             tokens in the public document after normalisation
 * @param matchedWindows     windows of the public document also present in the sensitive data
 * @param longestMatchTokens longest run of tokens covered by consecutive matching windows (0 if none; the
 *                           windows may belong to different sensitive records)
 * @param jaccard            best estimated Jaccard similarity with a sensitive record among LSH
 *                           candidates (0 when not computed or no candidate)
 */
public record OverlapResult(OverlapKind kind, int tokens, int matchedWindows, int longestMatchTokens, double jaccard) {

    public boolean overlaps() {
        return kind != OverlapKind.NONE;
    }
}
