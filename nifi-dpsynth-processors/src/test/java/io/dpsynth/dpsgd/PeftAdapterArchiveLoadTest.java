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

/** Loading a stored adapter (zip or folder) with its metadata onto a base model. */
class PeftAdapterArchiveLoadTest {

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
                PeftAdapterArchive.Loaded adapter = PeftAdapterArchive.load(location, model);
                try (Tuner back = adapter.tuner()) {
                    assertEquals("soft-prompt-3", adapter.name());
                    assertEquals("<label>: ", adapter.metadata().prefixTemplate());
                    assertEquals(model.fingerprint(), adapter.metadata().baseModelFingerprint());
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
            PeftAdapterArchive.Loaded adapter = PeftAdapterArchive.load(zip, model);
            try (Tuner back = adapter.tuner()) {
                assertEquals("lora-r2", adapter.name());
            }
        }
    }

    @Test
    void refusesAnAdapterOfAnotherBaseModelBeforeLoadingIt() throws IOException {
        try (PromptTuner tuner = PromptTuner.initialize(model.model(), 3, 9)) {
            Path zip = AdapterFiles.zip(dir.resolve("other.zip"), tuner, CONFIG, "ab".repeat(32), "[<label>] ");
            PeftAdapterArchive.BaseModelMismatchException e = assertThrows(PeftAdapterArchive.BaseModelMismatchException.class,
                    () -> PeftAdapterArchive.load(zip, model));
            assertTrue(e.getMessage().contains("fingerprint abababababab"), e.getMessage());
            assertTrue(e.getMessage().contains(model.fingerprint().substring(0, 12)), e.getMessage());
        }
    }

    @Test
    void refusesWhatIsNotAnAdapter() throws IOException {
        assertThrows(NoSuchFileException.class, () -> PeftAdapterArchive.load(dir.resolve("absent.zip"), model));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        IOException e = assertThrows(IOException.class, () -> PeftAdapterArchive.load(empty, model));
        assertTrue(e.getMessage().endsWith("dpsynth_adapter.json is missing"), e.getMessage());
        try (PromptTuner tuner = PromptTuner.initialize(model.model(), 3, 9)) {
            Path folder = AdapterFiles.unzipped(AdapterFiles.zip(dir.resolve("nometa.zip"), tuner, CONFIG,
                    model.fingerprint(), "[<label>] "), dir.resolve("nometa"));
            Files.delete(folder.resolve(PeftAdapterArchive.METADATA_FILE));
            e = assertThrows(IOException.class, () -> PeftAdapterArchive.load(folder, model));
            assertTrue(e.getMessage().endsWith("dpsynth_adapter.json is missing"), e.getMessage());
        }
    }
}
