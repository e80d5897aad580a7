package io.dpsynth.tokenizer;

import java.util.HashMap;
import java.util.Map;

/** How often each pre-tokenised piece (as a byte-level symbol string) occurs in a training corpus. */
public final class WordCounts {

    private final Map<String, Long> counts = new HashMap<>();
    private long totalBytes;

    /** Counts the pieces of one document; the end-of-text token is never part of the text. */
    public void add(String text) {
        for (String piece : PreTokenizer.splitToSymbols(text)) {
            counts.merge(piece, 1L, Long::sum);
            totalBytes += piece.length();
        }
    }

    public Map<String, Long> counts() {
        return counts;
    }

    public int distinctWords() {
        return counts.size();
    }

    /** UTF-8 bytes counted so far (one symbol per byte). */
    public long totalBytes() {
        return totalBytes;
    }
}
