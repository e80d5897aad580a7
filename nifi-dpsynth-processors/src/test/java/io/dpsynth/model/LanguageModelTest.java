package io.dpsynth.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LanguageModelTest {

    @TempDir
    Path directory;

    @Test
    void loadsWeightsAndTokenizerAndRunsAForwardPass() throws IOException {
        TinyModelDirectory.write(directory);
        try (LanguageModel model = LanguageModel.load(directory, Device.cpu())) {
            assertEquals(directory, model.directory());
            assertEquals(Device.cpu(), model.device());
            assertEquals(TinyModelDirectory.CONFIG, model.model().config());
            assertEquals(16, model.maxSequenceLength());
            long[] ids = model.tokenizer().encode("hi!");
            assertEquals(3, ids.length);
            try (NDManager pass = model.model().weights().manager().newSubManager()) {
                NDArray logits = model.model().forward(ForwardInput.of(NativeArrays.of(pass, new long[][] {ids})));
                assertArrayEquals(new long[] {1, 3, 257}, logits.getShape().getShape());
                assertTrue(Float.isFinite(logits.sum().getFloat()));
            }
            assertEquals(64, model.fingerprint().length());
            assertEquals(model.fingerprint(), LanguageModel.fingerprint(directory));
        }
    }

    @Test
    void fingerprintChangesWithTheWeights() throws IOException {
        Path other = Files.createDirectory(directory.resolve("other"));
        TinyModelDirectory.write(directory, TinyModelDirectory.CONFIG, 1);
        TinyModelDirectory.write(other, TinyModelDirectory.CONFIG, 2);
        assertNotEquals(LanguageModel.fingerprint(directory), LanguageModel.fingerprint(other));
    }

    @Test
    void maxSequenceLengthIsCappedByTheModel() throws IOException {
        TinyModelDirectory.write(directory);
        try (LanguageModel model = LanguageModel.load(directory, Device.cpu(), 8)) {
            assertEquals(8, model.maxSequenceLength());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LanguageModel.load(directory, Device.cpu(), 17));
        assertTrue(e.getMessage().contains("n_positions"), e.getMessage());
    }

    @Test
    void missingTokenizerIsNamed() throws IOException {
        TinyModelDirectory.write(directory);
        Files.delete(directory.resolve(LanguageModel.TOKENIZER_FILE));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> LanguageModel.load(directory, Device.cpu()));
        assertTrue(e.getMessage().contains("tokenizer.json") && e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void tokenizerLargerThanTheVocabularyIsRefused() throws IOException {
        TinyModelDirectory.write(directory, Gpt2Config.of(200, 16, 16, 1, 2), 1);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> LanguageModel.load(directory, Device.cpu()));
        assertTrue(e.getMessage().contains("tokenizer.json") && e.getMessage().contains("vocab_size 200"), e.getMessage());
    }

    @Test
    void tokenizerThatIsNotJsonIsNamed() throws IOException {
        TinyModelDirectory.write(directory);
        Files.writeString(directory.resolve(LanguageModel.TOKENIZER_FILE), "{ broken");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> LanguageModel.load(directory, Device.cpu()));
        assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());
    }

    @Test
    void notADirectory() {
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> LanguageModel.load(directory.resolve("absent"), Device.cpu()));
        assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
    }

    @Test
    void closeIsIdempotent() throws IOException {
        TinyModelDirectory.write(directory);
        LanguageModel model = LanguageModel.load(directory, Device.cpu());
        model.close();
        model.close();
        assertFalse(model.isOpen());
    }
}
