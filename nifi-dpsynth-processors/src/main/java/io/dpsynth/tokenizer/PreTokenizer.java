package io.dpsynth.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GPT-2's pre-tokenisation: splits text into words (with their leading space), numbers, punctuation runs and
 * whitespace; BPE never merges across these pieces. Same regex as HF's ByteLevel pre-tokenizer; Unicode
 * character classes make {@code \s} match all Unicode white space, as in HF's regex engine.
 */
public final class PreTokenizer {

    private static final Pattern GPT2_SPLIT = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);

    private PreTokenizer() {
    }

    /** The pieces of {@code text}, in order; their concatenation is {@code text}. */
    public static List<String> split(String text) {
        List<String> pieces = new ArrayList<>();
        Matcher matcher = GPT2_SPLIT.matcher(text);
        while (matcher.find()) {
            pieces.add(matcher.group());
        }
        return pieces;
    }

    /** The pieces of {@code text} as byte-level symbol strings, the form BPE works on. */
    public static List<String> splitToSymbols(String text) {
        List<String> pieces = split(text);
        pieces.replaceAll(ByteLevelAlphabet::toSymbols);
        return pieces;
    }
}
