package io.dpsynth.model;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Broken model directories fail with a ModelFormatException that names the file and the problem. */
class Gpt2LoadErrorsTest {

    private static NDManager manager;

    @TempDir
    Path directory;
    private Path weightsFile;

    @BeforeAll
    static void startEngine() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stopEngine() {
        manager.close();
    }

    @BeforeEach
    void writeValidModel() throws IOException {
        TinyGpt2.write(directory, TinyGpt2.CONFIG, TinyGpt2.randomTensors(TinyGpt2.CONFIG, 1), "F32", "");
        weightsFile = directory.resolve(Gpt2Weights.WEIGHTS_FILE);
    }

    @Test
    void missingConfig() throws IOException {
        Files.delete(directory.resolve("config.json"));
        assertFails("config.json", "missing");
    }

    @Test
    void unknownArchitecture() throws IOException {
        Files.writeString(directory.resolve("config.json"), "{\"model_type\": \"llama\", \"n_embd\": 32}");
        assertFails("config.json", "unsupported model_type 'llama'");
    }

    @Test
    void configWithoutSizes() throws IOException {
        Files.writeString(directory.resolve("config.json"), "{\"model_type\": \"gpt2\", \"n_embd\": 32}");
        assertFails("config.json", "'vocab_size'");
    }

    @Test
    void missingWeights() throws IOException {
        Files.delete(weightsFile);
        assertFails(Gpt2Weights.WEIGHTS_FILE, "missing");
    }

    @Test
    void truncatedWeights() throws IOException {
        byte[] bytes = Files.readAllBytes(weightsFile);
        Files.write(weightsFile, Arrays.copyOf(bytes, bytes.length - 100));
        assertFails(Gpt2Weights.WEIGHTS_FILE, "truncated");
    }

    @Test
    void fileShorterThanTheHeaderLength() throws IOException {
        Files.write(weightsFile, new byte[] {1, 2, 3});
        assertFails(Gpt2Weights.WEIGHTS_FILE, "truncated");
    }

    @Test
    void headerLengthBeyondTheFile() throws IOException {
        byte[] bytes = Files.readAllBytes(weightsFile);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, bytes.length * 2L);
        Files.write(weightsFile, bytes);
        assertFails(Gpt2Weights.WEIGHTS_FILE, "bad header length");
    }

    @Test
    void headerThatIsNotJson() throws IOException {
        byte[] bytes = Files.readAllBytes(weightsFile);
        byte[] garbage = "not json at all".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(garbage, 0, bytes, 8, garbage.length);
        Files.write(weightsFile, bytes);
        assertFails(Gpt2Weights.WEIGHTS_FILE, "bad header");
    }

    @Test
    void shapeThatDisagreesWithItsBytes() throws IOException {
        byte[] bytes = Files.readAllBytes(weightsFile);
        String header = new String(bytes, 8, (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0), StandardCharsets.UTF_8);
        String broken = header.replaceFirst("\"shape\":\\[32\\]", "\"shape\":[33]");
        assertTrue(!broken.equals(header) && broken.length() == header.length());
        System.arraycopy(broken.getBytes(StandardCharsets.UTF_8), 0, bytes, 8, broken.length());
        Files.write(weightsFile, bytes);
        assertFails(Gpt2Weights.WEIGHTS_FILE, "needs 132 bytes but data_offsets span 128");
    }

    @Test
    void tensorShapesThatDisagreeWithTheConfig() throws IOException {
        Gpt2Config wider = new Gpt2Config(64, 32, 64, 2, 4, 1e-5, 63, 63);
        TinyGpt2.write(directory, wider, TinyGpt2.randomTensors(wider, 1), "F32", "");
        TinyGpt2.CONFIG.write(directory);
        assertFails(Gpt2Weights.WEIGHTS_FILE, "'wte.weight' has shape [64, 64], expected [64, 32]");
    }

    @Test
    void missingTensor() throws IOException {
        Map<String, float[]> tensors = TinyGpt2.randomTensors(TinyGpt2.CONFIG, 1);
        tensors.remove("h.1.mlp.c_fc.bias");
        TinyGpt2.write(directory, TinyGpt2.CONFIG, tensors, "F32", "");
        assertFails(Gpt2Weights.WEIGHTS_FILE, "missing tensor 'h.1.mlp.c_fc.bias'");
    }

    @Test
    void headerCheckAcceptsAValidDirectory() throws IOException {
        assertEquals(TinyGpt2.CONFIG, Gpt2Weights.check(directory));
    }

    /** Loading and the cheap header check (used to validate a configuration) find the same problem. */
    private void assertFails(String fileName, String problem) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Gpt2Weights.load(directory, manager));
        assertTrue(e.getMessage().contains(fileName) && e.getMessage().contains(problem), e.getMessage());
        ModelFormatException checked = assertThrows(ModelFormatException.class, () -> Gpt2Weights.check(directory));
        assertEquals(e.getMessage(), checked.getMessage());
    }
}
