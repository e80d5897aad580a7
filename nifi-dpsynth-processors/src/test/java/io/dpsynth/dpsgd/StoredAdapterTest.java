package io.dpsynth.dpsgd;

import ai.djl.Device;
import io.dpsynth.model.Gpt2Config;
import io.dpsynth.model.LanguageModel;
import io.dpsynth.model.TinyModelDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoredAdapterTest {

    private static final Gpt2Config CONFIG = Gpt2Config.of(257, 32, 16, 1, 2);

    @TempDir
    static Path dir;
    private static LanguageModel model;

    @BeforeAll
    static void load() throws IOException {
        model = LanguageModel.load(TinyModelDirectory.write(Files.createDirectory(dir.resolve("tiny")), CONFIG, 5),
                Device.cpu());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void readsTheZipAndTheUnzippedFolderAlike() throws IOException {
        try (PromptTuner tuner = PromptTuner.initialize(model.model(), 3, 9)) {
            Path zip = AdapterFiles.zip(dir.resolve("prompt.zip"), tuner, CONFIG, model.fingerprint(), "<label>: ");
            for (Path location : new Path[] {zip, AdapterFiles.unzipped(zip, dir.resolve("prompt"))}) {
                StoredAdapter adapter = StoredAdapter.read(location);
                assertEquals("soft-prompt-3", adapter.name());
                assertEquals("<label>: ", adapter.prefixTemplate());
                assertEquals(model.fingerprint(), adapter.baseModelFingerprint());
                try (Tuner back = adapter.load(model)) {
                    assertArrayEquals(tuner.prompt().toFloatArray(), ((PromptTuner) back).prompt().toFloatArray(), 0f);
                }
            }
        }
    }

    @Test
    void namesLoraByItsRank() throws IOException {
        try (LoraTuner tuner = LoraTuner.initialize(model.model(), 2, 4, 1)) {
            Path zip = AdapterFiles.zip(dir.resolve("lora.zip"), tuner, CONFIG, model.fingerprint(),
                    PrefixLmEncoder.DEFAULT_TEMPLATE);
            assertEquals("lora-r2", StoredAdapter.read(zip).name());
        }
    }

    @Test
    void refusesAnAdapterOfAnotherBaseModelBeforeLoadingIt() throws IOException {
        try (PromptTuner tuner = PromptTuner.initialize(model.model(), 3, 9)) {
            Path zip = AdapterFiles.zip(dir.resolve("other.zip"), tuner, CONFIG, "ab".repeat(32), "[<label>] ");
            StoredAdapter adapter = StoredAdapter.read(zip);
            StoredAdapter.BaseModelMismatchException e = assertThrows(StoredAdapter.BaseModelMismatchException.class,
                    () -> adapter.load(model));
            assertTrue(e.getMessage().contains("fingerprint abababababab"), e.getMessage());
            assertTrue(e.getMessage().contains(model.fingerprint().substring(0, 12)), e.getMessage());
        }
    }

    @Test
    void refusesWhatIsNotAnAdapter() throws IOException {
        assertThrows(NoSuchFileException.class, () -> StoredAdapter.read(dir.resolve("absent.zip")));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        IOException e = assertThrows(IOException.class, () -> StoredAdapter.read(empty));
        assertTrue(e.getMessage().endsWith("dpsynth_adapter.json is missing"), e.getMessage());
        try (PromptTuner tuner = PromptTuner.initialize(model.model(), 3, 9)) {
            Path folder = AdapterFiles.unzipped(AdapterFiles.zip(dir.resolve("nometa.zip"), tuner, CONFIG,
                    model.fingerprint(), "[<label>] "), dir.resolve("nometa"));
            Files.delete(folder.resolve(PeftAdapterArchive.METADATA_FILE));
            e = assertThrows(IOException.class, () -> StoredAdapter.read(folder));
            assertTrue(e.getMessage().endsWith("dpsynth_adapter.json is missing"), e.getMessage());
        }
    }
}
