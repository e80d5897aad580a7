package io.dpsynth.model;

import ai.djl.ndarray.NDManager;
import io.dpsynth.tokenizer.BpeVocabulary;
import io.dpsynth.tokenizer.ByteLevelAlphabet;
import io.dpsynth.tokenizer.TokenizerJsonWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test fixture for code that loads model directories: a complete Hugging Face directory with a tiny random GPT-2
 * and a byte-level tokenizer without merges (256 byte ids + {@code <|endoftext|>} = 257 ids).
 */
public final class TinyModelDirectory {

    public static final Gpt2Config CONFIG = Gpt2Config.of(257, 16, 16, 1, 2);

    private TinyModelDirectory() {
    }

    /** Writes config.json, model.safetensors and tokenizer.json into {@code directory} and returns it. */
    public static Path write(Path directory) throws IOException {
        return write(directory, CONFIG, 7);
    }

    public static Path write(Path directory, Gpt2Config config, long seed) throws IOException {
        try (NDManager manager = NDManager.newBaseManager();
             Gpt2Weights weights = Gpt2Weights.initialize(config, manager, seed)) {
            weights.save(directory);
        }
        writeByteTokenizer(directory.resolve(LanguageModel.TOKENIZER_FILE));
        return directory;
    }

    /** A byte-level BPE tokenizer.json with no merges: every UTF-8 byte is one token. */
    public static void writeByteTokenizer(Path file) throws IOException {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < ByteLevelAlphabet.SIZE; i++) {
            tokens.add(String.valueOf(ByteLevelAlphabet.symbolAt(i)));
        }
        TokenizerJsonWriter.write(new BpeVocabulary(tokens, List.of(), BpeVocabulary.END_OF_TEXT), file);
    }
}
