package io.dpsynth.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PreTokenizerTest {

    @Test
    void splitsLikeGpt2() {
        assertEquals(List.of("Hello", ",", " world", "'s", " 42", "nd", " test", "!!"), PreTokenizer.split("Hello, world's 42nd test!!"));
        // Runs of spaces keep the last space for the next word; trailing white space stays one piece.
        assertEquals(List.of("a", " ", " b", "\n\n"), PreTokenizer.split("a  b\n\n"));
        assertEquals(List.of("x", "\t", " y"), PreTokenizer.split("x\t y"));
    }

    @Test
    void unicodeWhiteSpaceIsWhiteSpace() {
        // No-break space and ideographic space are \s in HF's regex engine too.
        assertEquals(List.of("a", "\u00a0", "b", "\u3000", "c"), PreTokenizer.split("a\u00a0b\u3000c"));
    }

    @Test
    void piecesConcatenateToTheText() {
        for (String text : TinyCorpus.DOCUMENTS) {
            assertEquals(text, String.join("", PreTokenizer.split(text)));
        }
    }
}
