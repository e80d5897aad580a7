package io.dpsynth.tokenizer;

/** One learned merge: two adjacent tokens (byte-level symbol strings) that become {@code left + right}. */
public record BpeMerge(String left, String right) {

    public String merged() {
        return left + right;
    }
}
