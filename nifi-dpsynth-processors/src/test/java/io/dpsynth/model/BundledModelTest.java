package io.dpsynth.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bundled model is read from class-path resources; here a tiny model plays its part in a separate class loader. */
class BundledModelTest {

    @TempDir
    Path temp;

    private BundledModel tinyBundle(Path classPath, long seed) throws IOException {
        Path resources = Files.createDirectories(classPath.resolve(BundledModel.RESOURCE_DIRECTORY));
        TinyModelDirectory.write(resources, TinyModelDirectory.CONFIG, seed);
        return new BundledModel(new URLClassLoader(new URL[] {classPath.toUri().toURL()}, null), BundledModel.RESOURCE_DIRECTORY);
    }

    @Test
    void extractsOnceIntoAFolderNamedByContent() throws IOException {
        Path root = temp.resolve("root");
        BundledModel bundle = tinyBundle(temp.resolve("cp1"), 1);
        assertEquals(List.of(), bundle.missingFiles());
        Path directory = bundle.directory(root);
        assertTrue(directory.getFileName().toString().startsWith(BundledModel.NAME + "-"));
        for (String name : LanguageModel.REQUIRED_FILES) {
            assertArrayEquals(Files.readAllBytes(temp.resolve("cp1").resolve(BundledModel.RESOURCE_DIRECTORY).resolve(name)),
                    Files.readAllBytes(directory.resolve(name)), name);
        }
        long modified = Files.getLastModifiedTime(directory.resolve(Gpt2Weights.WEIGHTS_FILE)).toMillis();
        // A second bundle object (another enable, another JVM) with the same content reuses the folder.
        BundledModel same = new BundledModel(new URLClassLoader(new URL[] {temp.resolve("cp1").toUri().toURL()}, null),
                BundledModel.RESOURCE_DIRECTORY);
        assertEquals(directory, same.directory(root));
        assertEquals(modified, Files.getLastModifiedTime(directory.resolve(Gpt2Weights.WEIGHTS_FILE)).toMillis());
        try (var entries = Files.list(root)) {
            assertEquals(1, entries.count(), "temporary folders left behind");
        }
    }

    @Test
    void otherWeightsGetAnotherFolder() throws IOException {
        Path root = temp.resolve("root");
        Path first = tinyBundle(temp.resolve("cp1"), 1).directory(root);
        Path second = tinyBundle(temp.resolve("cp2"), 2).directory(root);
        assertNotEquals(first, second);
    }

    @Test
    void damagedExtractionIsReplaced() throws IOException {
        Path root = temp.resolve("root");
        Path directory = tinyBundle(temp.resolve("cp1"), 1).directory(root);
        Files.delete(directory.resolve(Gpt2Weights.WEIGHTS_FILE));
        BundledModel again = new BundledModel(new URLClassLoader(new URL[] {temp.resolve("cp1").toUri().toURL()}, null),
                BundledModel.RESOURCE_DIRECTORY);
        assertEquals(directory, again.directory(root));
        assertTrue(Files.isRegularFile(directory.resolve(Gpt2Weights.WEIGHTS_FILE)));
    }

    @Test
    void missingBundleFailsWithAClearMessage() throws IOException {
        Path classPath = temp.resolve("cp");
        Path resources = Files.createDirectories(classPath.resolve(BundledModel.RESOURCE_DIRECTORY));
        TinyModelDirectory.writeByteTokenizer(resources.resolve(LanguageModel.TOKENIZER_FILE));
        BundledModel bundle = new BundledModel(new URLClassLoader(new URL[] {classPath.toUri().toURL()}, null),
                BundledModel.RESOURCE_DIRECTORY);
        assertEquals(List.of("config.json", "model.safetensors"), bundle.missingFiles());
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> bundle.directory(temp.resolve("root")));
        assertTrue(e.getMessage().contains("not in this build") && e.getMessage().contains("config.json")
                && e.getMessage().contains("Model Directory"), e.getMessage());
    }
}
