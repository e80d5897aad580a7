package io.dpsynth.dpsgd;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpsynth.model.Gpt2Config;
import io.dpsynth.model.Gpt2Model;
import io.dpsynth.model.SafetensorsFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A tuned adapter as a zip in Hugging Face PEFT's layout, so {@code PeftModel.from_pretrained} can load the
 * unzipped folder on top of the base GPT-2: {@code adapter_config.json} and {@code adapter_model.safetensors}
 * (PEFT's tensor names, PyTorch layouts), plus {@code dpsynth_adapter.json} with the {@link AdapterMetadata}.
 */
public final class PeftAdapterArchive {

    public static final String CONFIG_FILE = "adapter_config.json";
    public static final String WEIGHTS_FILE = "adapter_model.safetensors";
    public static final String METADATA_FILE = "dpsynth_adapter.json";
    static final String PROMPT_TENSOR = "prompt_embeddings";
    private static final String LORA_PREFIX = "base_model.model.transformer.";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PeftAdapterArchive() {
    }

    /** Writes the zip to {@code out} (not closed). */
    public static void write(OutputStream out, Tuner tuner, Gpt2Config base, AdapterMetadata metadata) throws IOException {
        Path temporary = Files.createTempFile("dpsynth-adapter", ".safetensors");
        try {
            SafetensorsFile.write(temporary, tensors(tuner), Map.of("format", "pt"));
            ZipOutputStream zip = new ZipOutputStream(out);
            entry(zip, CONFIG_FILE, JSON.writeValueAsBytes(config(tuner, base)));
            zip.putNextEntry(new ZipEntry(WEIGHTS_FILE));
            Files.copy(temporary, zip);
            zip.closeEntry();
            entry(zip, METADATA_FILE, JSON.writeValueAsBytes(metadata));
            zip.finish();
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Reads an adapter written by {@link #write} back as a tuner on {@code model}. */
    public static Tuner read(InputStream in, Gpt2Model model) throws IOException {
        return read(unzip(in), model);
    }

    /** The files of an archive by name (not closed). */
    public static Map<String, byte[]> unzip(InputStream in) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        ZipInputStream zip = new ZipInputStream(in);
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
            files.put(entry.getName(), zip.readAllBytes());
        }
        return files;
    }

    /** As {@link #read(InputStream, Gpt2Model)}, from the archive's files by name (e.g. read from the unzipped folder). */
    public static Tuner read(Map<String, byte[]> files, Gpt2Model model) throws IOException {
        if (!files.containsKey(CONFIG_FILE) || !files.containsKey(WEIGHTS_FILE)) {
            throw new IOException("not a PEFT adapter archive: needs " + CONFIG_FILE + " and " + WEIGHTS_FILE);
        }
        JsonNode config = JSON.readTree(files.get(CONFIG_FILE));
        Path temporary = Files.createTempFile("dpsynth-adapter", ".safetensors");
        try {
            Files.write(temporary, files.get(WEIGHTS_FILE));
            try (SafetensorsFile weights = SafetensorsFile.open(temporary)) {
                return switch (config.path("peft_type").asText()) {
                    case "PROMPT_TUNING" -> PromptTuner.of(model, floats(weights, PROMPT_TENSOR),
                            config.path("num_virtual_tokens").asInt());
                    case "LORA" -> readLora(weights, model, config.path("r").asInt(), (float) config.path("lora_alpha").asDouble());
                    default -> throw new IOException("unsupported peft_type " + config.path("peft_type").asText());
                };
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static Tuner readLora(SafetensorsFile weights, Gpt2Model model, int rank, float alpha) throws IOException {
        List<float[]> values = new ArrayList<>();
        int pairs = model.config().layers() * 2;
        for (int pair = 0; pair < pairs; pair++) {
            String module = LORA_PREFIX + LoraTuner.moduleName(pair);
            values.add(transposed(weights, module + ".lora_A.weight"));
            values.add(transposed(weights, module + ".lora_B.weight"));
        }
        return LoraTuner.of(model, values, rank, alpha);
    }

    private static ObjectNode config(Tuner tuner, Gpt2Config base) {
        ObjectNode config = JSON.createObjectNode();
        config.put("task_type", "CAUSAL_LM").put("inference_mode", true).putNull("base_model_name_or_path");
        switch (tuner) {
            case PromptTuner prompt -> config.put("peft_type", "PROMPT_TUNING")
                    .put("num_virtual_tokens", prompt.virtualTokens()).put("token_dim", base.embeddingSize())
                    .put("num_transformer_submodules", 1).put("num_attention_heads", base.heads())
                    .put("num_layers", base.layers()).put("prompt_tuning_init", "RANDOM");
            case LoraTuner lora -> config.put("peft_type", "LORA").put("r", lora.rank()).put("lora_alpha", lora.alpha())
                    .put("lora_dropout", 0.0).put("bias", "none").put("fan_in_fan_out", true)
                    .put("target_modules", ".*\\.attn\\.(c_attn|c_proj)");
        }
        return config;
    }

    /** PEFT's names and layouts: the prompt {@code [p, d]}; LoRA's A and B transposed to nn.Linear's {@code [out, in]}. */
    private static List<SafetensorsFile.Tensor> tensors(Tuner tuner) {
        List<SafetensorsFile.Tensor> out = new ArrayList<>();
        switch (tuner) {
            case PromptTuner prompt -> out.add(tensor(PROMPT_TENSOR, prompt.prompt()));
            case LoraTuner lora -> {
                List<NDArray> parameters = lora.parameters();
                for (int i = 0; i < parameters.size(); i++) {
                    String module = LORA_PREFIX + LoraTuner.moduleName(i / 2);
                    try (NDArray transposed = parameters.get(i).transpose()) {
                        out.add(tensor(module + (i % 2 == 0 ? ".lora_A.weight" : ".lora_B.weight"), transposed));
                    }
                }
            }
        }
        return out;
    }

    private static SafetensorsFile.Tensor tensor(String name, NDArray array) {
        float[] values = array.toFloatArray();
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(values);
        return new SafetensorsFile.Tensor(name, "F32", array.getShape().getShape(), data);
    }

    private static float[] floats(SafetensorsFile weights, String name) throws IOException {
        ByteBuffer data = weights.readFloat32(name);
        float[] values = new float[data.remaining() / 4];
        data.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    /** A stored {@code [rows, columns]} tensor as {@code [columns, rows]} values. */
    private static float[] transposed(SafetensorsFile weights, String name) throws IOException {
        long[] shape = weights.tensors().get(name).shape();
        float[] stored = floats(weights, name);
        int rows = (int) shape[0];
        int columns = (int) shape[1];
        float[] out = new float[stored.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                out[c * rows + r] = stored[r * columns + c];
            }
        }
        return out;
    }

    private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }
}
