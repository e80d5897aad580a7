package io.dpsynth.text;

/**
 * How text is normalised before tokens are compared. Whitespace is always a separator (so runs of
 * spaces, tabs and line breaks never matter); case and punctuation are the user's choice.
 *
 * @param caseSensitive      keep upper/lower case distinct
 * @param keepPunctuation    make each punctuation character a token of its own instead of a separator
 */
public record Normalization(boolean caseSensitive, boolean keepPunctuation) {

    /** Lower-cased, punctuation ignored: "Hello, World!" and "hello world" are the same tokens. */
    public static final Normalization DEFAULT = new Normalization(false, false);
}
