package io.dpsynth.tokenizer;

import io.dpsynth.corpus.HeldOutSplit;
import io.dpsynth.corpus.JsonLinesCorpus;
import io.dpsynth.corpus.PublicDocument;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Our trained tokenizer.json, run by the native HF tokenizer through DJL, gives the ids GPT-2's algorithm gives. */
class TextTokenizerParityTest {

    private static final Path BUNDLED = Path.of("../" + TrainTokenizer.DEFAULT_OUTPUT);
    private static final Path CORPUS = Path.of("../" + TrainTokenizer.DEFAULT_CORPUS);

    /** Text the tiny training corpus never saw, in all the shapes that trip tokenizers up. */
    private static final List<String> VARIED = List.of(
            "",
            " ",
            "Hello world",
            " leading space, trailing space ",
            "double  spaces   and    more\n\nnewlines\r\n\ttabs\n",
            "It's, they're, we've, I'm, you'll, he'd — 'quoted' \"double\" (paren) [bracket] {brace}",
            "Numbers 0 1 12 123 1234 12345 3.14159 1,000,000 -42 +7 1e10 0x1F 2002-08-21",
            "Unicode: café naïve Ελληνικά русский 日本語 한국어 עברית العربية ﬁ",
            "Emoji 🙂🚀 👍🏽 👨‍👩‍👧 🏳️‍🌈 and a lone combining accent e\u0301",
            "white\u00a0space\u2003kinds\u3000here\u2028line\u0085next",
            "control \u0000 \u0001 \u007f bytes",
            "x" + BpeVocabulary.END_OF_TEXT + "y " + BpeVocabulary.END_OF_TEXT + " z" + BpeVocabulary.END_OF_TEXT,
            "From: a@b.org > > quoted >> reply\n-- \nsignature ___ *** !!! ???");

    @TempDir
    static Path dir;
    private static BpeVocabulary vocabulary;
    private static Path tokenizerJson;

    @BeforeAll
    static void trainTinyTokenizer() throws Exception {
        vocabulary = new BpeTrainer(600, 1).train(TinyCorpus.wordCounts(1));
        tokenizerJson = dir.resolve("tokenizer.json");
        TokenizerJsonWriter.write(vocabulary, tokenizerJson);
    }

    @Test
    void djlGivesTheReferenceIdsAndDecodesBack() throws Exception {
        BpeEncoder reference = new BpeEncoder(vocabulary);
        try (TextTokenizer tokenizer = TextTokenizer.load(tokenizerJson)) {
            assertEquals(600, tokenizer.vocabularySize());
            for (String text : concat(VARIED, TinyCorpus.DOCUMENTS)) {
                long[] ids = tokenizer.encode(text);
                assertArrayEquals(reference.encode(text), ids, "text #" + VARIED.indexOf(text));
                assertEquals(text, tokenizer.decode(ids));
            }
        }
    }

    @Test
    void endOfTextIsOneId() throws Exception {
        try (TextTokenizer tokenizer = TextTokenizer.load(tokenizerJson)) {
            assertEquals(599, tokenizer.endOfTextId());
            assertArrayEquals(new long[] {599}, tokenizer.encode(BpeVocabulary.END_OF_TEXT));
        }
    }

    @Test
    void longTextIsNotTruncated() throws Exception {
        String text = String.join("\n", concat(VARIED, TinyCorpus.DOCUMENTS)).repeat(8);
        try (TextTokenizer tokenizer = TextTokenizer.load(tokenizerJson)) {
            long[] ids = tokenizer.encode(text);
            assertTrue(ids.length > 2000, "tokens: " + ids.length);
            assertArrayEquals(new BpeEncoder(vocabulary).encode(text), ids);
            assertEquals(text, tokenizer.decode(ids));
        }
    }

    @Test
    void bundledTokenizerMatchesTheReferenceOnHeldOutDocuments() throws Exception {
        assumeTrue(Files.exists(BUNDLED) && Files.exists(CORPUS), "bundled tokenizer or corpus not present");
        BpeVocabulary bundled = TokenizerJsonReader.read(BUNDLED);
        assertEquals(BpeTrainer.DEFAULT_VOCABULARY_SIZE, bundled.size());
        BpeEncoder reference = new BpeEncoder(bundled);
        List<PublicDocument> heldOut = JsonLinesCorpus.read(CORPUS).stream()
                .filter(document -> HeldOutSplit.isHeldOut(document.id())).limit(25).toList();
        assertEquals(25, heldOut.size());
        try (TextTokenizer tokenizer = TextTokenizer.load(BUNDLED)) {
            assertEquals(BpeTrainer.DEFAULT_VOCABULARY_SIZE, tokenizer.vocabularySize());
            for (PublicDocument document : heldOut) {
                long[] ids = tokenizer.encode(document.text());
                assertArrayEquals(reference.encode(document.text()), ids, document.id());
                assertEquals(document.text(), tokenizer.decode(ids), document.id());
            }
            for (String text : VARIED) {
                assertArrayEquals(reference.encode(text), tokenizer.encode(text), "text #" + VARIED.indexOf(text));
            }
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
