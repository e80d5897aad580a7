package io.dpsynth.dpsgd;

/**
 * One training sequence for the Prefix-LM loss: {@code prefix tokens, text tokens, end-of-text}. Only targets at
 * or after {@code prefixLength} (text and end-of-text) carry loss weight.
 *
 * @param tokens       the whole sequence
 * @param prefixLength how many leading tokens are the conditioning prefix
 * @param truncated    whether the text was cut to fit the model (then the end-of-text token is cut too)
 */
public record PrefixLmExample(long[] tokens, int prefixLength, boolean truncated) {

    public PrefixLmExample {
        if (prefixLength < 0 || prefixLength > tokens.length) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " outside [0, " + tokens.length + "]");
        }
    }
}
