package io.dpsynth.tokenizer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The DJL-backed tokenizer on a small hand-made vocabulary (the trainer has its own tests). */
class TextTokenizerTest {

    @TempDir
    Path dir;

    /** Bytes plus merges "h e" → "he", "he l" → "hel", "Ġ w" → "Ġw". */
    private Path handMadeTokenizer() throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < ByteLevelAlphabet.SIZE; i++) {
            tokens.add(String.valueOf(ByteLevelAlphabet.symbolAt(i)));
        }
        List<BpeMerge> merges = List.of(new BpeMerge("h", "e"), new BpeMerge("he", "l"), new BpeMerge("Ġ", "w"));
        merges.forEach(merge -> tokens.add(merge.merged()));
        Path file = dir.resolve("tokenizer.json");
        TokenizerJsonWriter.write(new BpeVocabulary(tokens, merges, BpeVocabulary.END_OF_TEXT), file);
        return file;
    }

    @Test
    void encodesWithMergesAndDecodesBack() throws Exception {
        try (TextTokenizer tokenizer = TextTokenizer.load(handMadeTokenizer())) {
            assertEquals(256 + 3 + 1, tokenizer.vocabularySize());
            assertEquals(259, tokenizer.endOfTextId());
            long[] ids = tokenizer.encode("hello world");
            // "hel" = 257, "l", "o", "Ġw" = 258, "o", "r", "l", "d"
            assertEquals(257, ids[0]);
            assertEquals(258, ids[3]);
            assertEquals(8, ids.length);
            assertEquals("hello world", tokenizer.decode(ids));
        }
    }

    @Test
    void endOfTextIsOneIdAndAddedSpecialTokensAreNot() throws Exception {
        try (TextTokenizer tokenizer = TextTokenizer.load(handMadeTokenizer())) {
            assertArrayEquals(new long[] {259}, tokenizer.encode(BpeVocabulary.END_OF_TEXT));
            assertEquals(0, tokenizer.encode("").length);
            String text = "a" + BpeVocabulary.END_OF_TEXT + "b";
            assertEquals(text, tokenizer.decode(tokenizer.encode(text)));
        }
    }

    @Test
    void longTextIsNotTruncated() throws Exception {
        String text = "he ".repeat(1000);
        try (TextTokenizer tokenizer = TextTokenizer.load(handMadeTokenizer())) {
            long[] ids = tokenizer.encode(text);
            assertEquals(2000, ids.length);
            assertEquals(text, tokenizer.decode(ids));
        }
    }
}
