package io.dpsynth.dedup;

/** Why a public document was judged to overlap the sensitive data, strongest first. */
public enum OverlapKind {
    /** No overlap found. */
    NONE("none"),
    /** Shares a run of at least the window size of normalised tokens (or equals a short sensitive record). */
    EXACT("exact"),
    /** Estimated Jaccard similarity of its shingles with one sensitive record reaches the threshold. */
    NEAR_DUPLICATE("near-duplicate");

    private final String label;

    OverlapKind(String label) {
        this.label = label;
    }

    /** Stable lower-case name, used as an attribute value. */
    public String label() {
        return label;
    }
}
