package io.dpsynth.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class Gpt2VocabularyFilesTest {

    @TempDir
    Path dir;

    @Test
    void openAiFilesBecomeALoadableTokenizerJson() throws Exception {
        Map<String, Integer> encoder = new LinkedHashMap<>();
        for (int i = 0; i < ByteLevelAlphabet.SIZE; i++) {
            encoder.put(String.valueOf(ByteLevelAlphabet.symbolAt(i)), i);
        }
        encoder.put("Ġh", 256);
        encoder.put("Ġhi", 257);
        encoder.put(BpeVocabulary.END_OF_TEXT, 258);
        Path encoderJson = dir.resolve("encoder.json");
        new ObjectMapper().writeValue(encoderJson.toFile(), encoder);
        Path vocabBpe = dir.resolve("vocab.bpe");
        Files.writeString(vocabBpe, "#version: 0.2\nĠ h\nĠh i\n");

        BpeVocabulary vocabulary = Gpt2VocabularyFiles.read(encoderJson, vocabBpe);
        assertEquals(List.of(new BpeMerge("Ġ", "h"), new BpeMerge("Ġh", "i")), vocabulary.merges());
        Path tokenizerJson = dir.resolve("tokenizer.json");
        TokenizerJsonWriter.write(vocabulary, tokenizerJson);
        assertEquals(vocabulary, TokenizerJsonReader.read(tokenizerJson));
        try (TextTokenizer tokenizer = TextTokenizer.load(tokenizerJson)) {
            assertArrayEquals(new long[] {71, 257, 257, 258}, tokenizer.encode("h hi hi" + BpeVocabulary.END_OF_TEXT));
        }
    }
}
