package io.dpsynth.dpsgd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpsynth.model.ForwardInput;
import io.dpsynth.model.Gpt2Config;
import io.dpsynth.model.Gpt2Model;
import io.dpsynth.model.Gpt2Weights;
import io.dpsynth.model.NativeArrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeftAdapterArchiveTest {

    private static NDManager manager;
    private static Gpt2Model model;

    @BeforeAll
    static void start() {
        manager = NDManager.newBaseManager();
        model = TinyModels.model(manager, 1, 1);
    }

    @AfterAll
    static void stop() {
        model.weights().close();
        manager.close();
    }

    @Test
    void promptAdapterRoundTripsInPeftLayout() throws IOException {
        try (PromptTuner tuner = PromptTuner.initialize(model, 3, 4)) {
            byte[] zip = write(tuner);
            Map<String, byte[]> files = unzip(zip);
            JsonNode config = new ObjectMapper().readTree(files.get(PeftAdapterArchive.CONFIG_FILE));
            assertEquals("PROMPT_TUNING", config.path("peft_type").asText());
            assertEquals(3, config.path("num_virtual_tokens").asInt());
            assertEquals(32, config.path("token_dim").asInt());
            JsonNode metadata = new ObjectMapper().readTree(files.get(PeftAdapterArchive.METADATA_FILE));
            assertEquals("fp", metadata.path("baseModelFingerprint").asText());
            assertEquals(1.5, metadata.path("mechanism").path("noiseMultiplier").asDouble());
            try (Tuner back = PeftAdapterArchive.read(new ByteArrayInputStream(zip), model)) {
                assertArrayEquals(tuner.prompt().toFloatArray(), ((PromptTuner) back).prompt().toFloatArray(), 0f);
            }
        }
    }

    @Test
    void loraAdapterRoundTripsWithTransposedPeftTensors() throws IOException {
        try (LoraTuner tuner = LoraTuner.initialize(model, 2, 4, 4)) {
            NDArray b = tuner.parameters().get(1);
            b.addi(NativeArrays.of(b.getManager(), new float[Math.toIntExact(b.size())], b.getShape()).add(0.5f));
            byte[] zip = write(tuner);
            JsonNode config = new ObjectMapper().readTree(unzip(zip).get(PeftAdapterArchive.CONFIG_FILE));
            assertEquals("LORA", config.path("peft_type").asText());
            assertEquals(2, config.path("r").asInt());
            try (Tuner back = PeftAdapterArchive.read(new ByteArrayInputStream(zip), model)) {
                LoraTuner lora = assertInstanceOf(LoraTuner.class, back);
                for (int i = 0; i < tuner.parameters().size(); i++) {
                    assertEquals(tuner.parameters().get(i).getShape(), lora.parameters().get(i).getShape());
                    assertArrayEquals(tuner.parameters().get(i).toFloatArray(), lora.parameters().get(i).toFloatArray(), 0f);
                }
            }
        }
    }

    @Test
    void fullyTunedModelRoundTripsInHuggingFaceModelLayout() throws IOException {
        try (FullFineTuner tuner = FullFineTuner.initialize(model)) {
            tuner.weights().get("h.1.mlp.c_fc.weight").muli(3); // tuned: no longer the base model
            tuner.weights().get("ln_f.bias").addi(0.5f);
            byte[] zip = write(tuner);
            Map<String, byte[]> files = unzip(zip);
            assertEquals(Set.of(Gpt2Config.FILE_NAME, Gpt2Weights.WEIGHTS_FILE, PeftAdapterArchive.METADATA_FILE), files.keySet());
            assertEquals("GPT2LMHeadModel", new ObjectMapper().readTree(files.get(Gpt2Config.FILE_NAME)).path("architectures").get(0).asText());
            try (NDManager scope = manager.newSubManager()) {
                NDArray tokens = NativeArrays.of(scope, new long[] {1, 20, 21, 22, 63}, new Shape(1, 5));
                float[] tuned = model.forward(tuner.withShared(ForwardInput.of(tokens), 1)).toFloatArray();
                float[] base = model.forward(ForwardInput.of(tokens)).toFloatArray();
                try (Tuner back = PeftAdapterArchive.read(new ByteArrayInputStream(zip), model)) {
                    assertInstanceOf(FullFineTuner.class, back);
                    assertArrayEquals(tuned, model.forward(back.withShared(ForwardInput.of(tokens), 1)).toFloatArray(), 0f);
                }
                assertFalse(Arrays.equals(tuned, base), "the tuned model must differ from the base for the test to mean anything");
            }
        }
    }

    @Test
    void aTunedModelOfAnotherArchitectureIsRefused() throws IOException {
        try (NDManager other = NDManager.newBaseManager(); Gpt2Weights weights = Gpt2Weights.initialize(Gpt2Config.of(64, 32, 16, 1, 2), other, 1);
             FullFineTuner tuner = FullFineTuner.of(weights.copy(other))) {
            byte[] zip = write(tuner);
            IOException refused = assertThrows(IOException.class, () -> PeftAdapterArchive.read(new ByteArrayInputStream(zip), model));
            assertTrue(refused.getMessage().startsWith("the tuned model is"), refused.getMessage());
        }
    }

    private static byte[] write(Tuner tuner) throws IOException {
        DpSgdCalibration mechanism = new DpSgdCalibration(100, 0.01, 1.5, 100, 4, 1e-5, DpSgdAccountant.PLD);
        AdapterMetadata metadata = new AdapterMetadata("fp", PrefixLmEncoder.DEFAULT_TEMPLATE, List.of("a", "b"), 100, 0,
                64, mechanism, 100, 3.99, 1, 1, 0.01, NoiseMode.SECURE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PeftAdapterArchive.write(out, tuner, model.config(), metadata);
        return out.toByteArray();
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), in.readAllBytes());
            }
        }
        return files;
    }
}
