package io.dpsynth.tokenizer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void encodesConcurrently() throws Exception {
        List<String> texts = List.of("hello world", "whole wheel", "he held the helm", "wow");
        try (TextTokenizer tokenizer = TextTokenizer.load(handMadeTokenizer());
             ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<long[]> expected = texts.stream().map(tokenizer::encode).toList();
            List<Future<Boolean>> results = new ArrayList<>();
            for (int task = 0; task < 8; task++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        int k = i % texts.size();
                        if (!Arrays.equals(expected.get(k), tokenizer.encode(texts.get(k)))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get());
            }
        }
    }

    @Test
    void refusesAFileWithoutEndOfText() throws Exception {
        Path file = dir.resolve("no-eot.json");
        Files.writeString(file, Files.readString(handMadeTokenizer()).replace(BpeVocabulary.END_OF_TEXT, "<|other|>"));
        IOException error = assertThrows(IOException.class, () -> TextTokenizer.load(file));
        assertEquals("no-eot.json: no <|endoftext|> added token", error.getMessage());
        assertThrows(IOException.class, () -> TextTokenizer.load(dir.resolve("missing.json")));
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
