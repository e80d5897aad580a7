package io.dpsynth.dpsgd;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpsynth.model.Gpt2Config;
import io.dpsynth.model.Gpt2Model;
import io.dpsynth.model.Gpt2Weights;
import io.dpsynth.model.LanguageModel;
import io.dpsynth.model.SafetensorsFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A tuned adapter as a zip in Hugging Face PEFT's layout, so {@code PeftModel.from_pretrained} can load the
 * unzipped folder on top of the base GPT-2: {@code adapter_config.json} and {@code adapter_model.safetensors}
 * (PEFT's tensor names, PyTorch layouts), plus {@code dpsynth_adapter.json} with the {@link AdapterMetadata}.
 * PEFT has no layout for full fine-tuning: that tuned model is stored whole in the Hugging Face model layout
 * instead ({@code config.json} and {@code model.safetensors}, as the bundled model is, loadable with
 * {@code GPT2LMHeadModel.from_pretrained}), next to the same {@code dpsynth_adapter.json}.
 */
public final class PeftAdapterArchive {

    public static final String CONFIG_FILE = "adapter_config.json";
    public static final String WEIGHTS_FILE = "adapter_model.safetensors";
    public static final String METADATA_FILE = "dpsynth_adapter.json";
    static final String PROMPT_TENSOR = "prompt_embeddings";
    private static final String LORA_PREFIX = "base_model.model.transformer.";
    private static final List<String> MODEL_FILES = List.of(Gpt2Config.FILE_NAME, Gpt2Weights.WEIGHTS_FILE);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper METADATA_JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private PeftAdapterArchive() {
    }

    /** Writes the zip to {@code out} (not closed). */
    public static void write(OutputStream out, Tuner tuner, Gpt2Config base, AdapterMetadata metadata) throws IOException {
        Path directory = Files.createTempDirectory("dpsynth-adapter");
        try {
            List<String> files = switch (tuner) {
                case PromptTuner prompt -> peftFiles(directory, promptConfig(prompt, base),
                        List.of(tensor(PROMPT_TENSOR, prompt.prompt())));
                case LoraTuner lora -> peftFiles(directory, loraConfig(lora), loraTensors(lora));
                case FullFineTuner full -> {
                    full.weights().save(directory);
                    yield MODEL_FILES;
                }
            };
            ZipOutputStream zip = new ZipOutputStream(out);
            for (String file : files) {
                zip.putNextEntry(new ZipEntry(file));
                Files.copy(directory.resolve(file), zip);
                zip.closeEntry();
            }
            entry(zip, METADATA_FILE, JSON.writeValueAsBytes(metadata));
            zip.finish();
        } finally {
            deleteFlat(directory);
        }
    }

    /** An adapter read back: the tuner on the base model and what it was trained from. */
    public record Loaded(Tuner tuner, AdapterMetadata metadata) {

        /** A name for reports: {@code soft-prompt-<p>}, {@code lora-r<r>} or {@code full-fine-tuning}. */
        public String name() {
            return switch (tuner) {
                case PromptTuner prompt -> "soft-prompt-" + prompt.virtualTokens();
                case LoraTuner lora -> "lora-r" + lora.rank();
                case FullFineTuner full -> "full-fine-tuning";
            };
        }
    }

    /** Thrown when an adapter was tuned on a different base model than the one it is to be applied to. */
    public static final class BaseModelMismatchException extends IOException {
        BaseModelMismatchException(String message) {
            super(message);
        }
    }

    /** Reads an adapter (or fully tuned model) written by {@link #write} back as a tuner on {@code model}. */
    public static Tuner read(InputStream in, Gpt2Model model) throws IOException {
        return tuner(unzip(in), model);
    }

    /**
     * Reads the tuner and its {@link AdapterMetadata} from a zip stream. The metadata is checked first: an adapter
     * tuned on another base model is refused before any tensor is loaded.
     *
     * @throws BaseModelMismatchException when the adapter's base-model fingerprint is not {@code base}'s
     * @throws IOException naming the missing or unreadable part (never its content) when the archive cannot be used
     *                     or its tensors do not fit {@code base}
     */
    public static Loaded load(InputStream zip, LanguageModel base) throws IOException {
        return loaded(unzip(zip), base);
    }

    /** As {@link #load(InputStream, LanguageModel)}, from a zip file or from a folder holding the unzipped files. */
    public static Loaded load(Path zipOrFolder, LanguageModel base) throws IOException {
        return loaded(files(zipOrFolder), base);
    }

    /**
     * The archive's files by name, from a zip file or from a folder holding the unzipped files.
     *
     * @throws java.nio.file.NoSuchFileException when nothing is at {@code zipOrFolder}
     */
    private static Map<String, byte[]> files(Path zipOrFolder) throws IOException {
        if (!Files.isDirectory(zipOrFolder)) {
            try (InputStream in = Files.newInputStream(zipOrFolder)) {
                return unzip(in);
            }
        }
        Map<String, byte[]> files = new HashMap<>();
        for (String name : List.of(CONFIG_FILE, WEIGHTS_FILE, METADATA_FILE, Gpt2Config.FILE_NAME, Gpt2Weights.WEIGHTS_FILE)) {
            Path file = zipOrFolder.resolve(name);
            if (Files.isRegularFile(file)) {
                files.put(name, Files.readAllBytes(file));
            }
        }
        return files;
    }

    private static Loaded loaded(Map<String, byte[]> files, LanguageModel base) throws IOException {
        if (!files.containsKey(METADATA_FILE)) {
            throw new IOException("not a dpsynth adapter archive: " + METADATA_FILE + " is missing");
        }
        AdapterMetadata metadata;
        try {
            metadata = METADATA_JSON.readValue(files.get(METADATA_FILE), AdapterMetadata.class);
        } catch (IOException e) {
            throw new IOException(METADATA_FILE + " is not readable (" + e.getClass().getSimpleName() + ")", e);
        }
        if (metadata.prefixTemplate() == null || metadata.labels() == null || metadata.labels().isEmpty()) {
            throw new IOException(METADATA_FILE + " lacks the prefix template or the labels");
        }
        if (!base.fingerprint().equals(metadata.baseModelFingerprint())) {
            throw new BaseModelMismatchException("the adapter was tuned on base model " + shortFingerprint(metadata.baseModelFingerprint())
                    + ", not on the Language Model's " + base.name() + " (" + shortFingerprint(base.fingerprint()) + ")");
        }
        return new Loaded(tuner(files, base.model()), metadata);
    }

    private static String shortFingerprint(String fingerprint) {
        return fingerprint == null || fingerprint.isEmpty() ? "(none recorded)"
                : "fingerprint " + fingerprint.substring(0, Math.min(12, fingerprint.length()));
    }

    /** The files of a zip stream by name (the stream is not closed). */
    public static Map<String, byte[]> unzip(InputStream in) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        ZipInputStream zip = new ZipInputStream(in);
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
            files.put(entry.getName(), zip.readAllBytes());
        }
        return files;
    }

    private static boolean isPeft(Map<String, byte[]> files) {
        return files.containsKey(CONFIG_FILE) && files.containsKey(WEIGHTS_FILE);
    }

    private static void requireArchiveFiles(Map<String, byte[]> files) throws IOException {
        if (!isPeft(files) && !files.keySet().containsAll(MODEL_FILES)) {
            throw new IOException("not an adapter archive: needs " + CONFIG_FILE + " and " + WEIGHTS_FILE + ", or "
                    + String.join(" and ", MODEL_FILES));
        }
    }

    private static Tuner tuner(Map<String, byte[]> files, Gpt2Model model) throws IOException {
        requireArchiveFiles(files);
        return isPeft(files) ? readPeft(files, model) : readFullModel(files, model);
    }

    private static Tuner readPeft(Map<String, byte[]> files, Gpt2Model model) throws IOException {
        JsonNode config = JSON.readTree(files.get(CONFIG_FILE));
        Path temporary = Files.createTempFile("dpsynth-adapter", ".safetensors");
        try {
            Files.write(temporary, files.get(WEIGHTS_FILE));
            try (SafetensorsFile weights = SafetensorsFile.open(temporary)) {
                return switch (config.path("peft_type").asText()) {
                    case "PROMPT_TUNING" -> readPrompt(weights, model, config.path("num_virtual_tokens").asInt());
                    case "LORA" -> readLora(weights, model, config.path("r").asInt(), (float) config.path("lora_alpha").asDouble());
                    default -> throw new IOException("unsupported peft_type " + config.path("peft_type").asText());
                };
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** A fully tuned model, which must have the base model's architecture (it is run through the base's code). */
    private static Tuner readFullModel(Map<String, byte[]> files, Gpt2Model model) throws IOException {
        Path directory = Files.createTempDirectory("dpsynth-model");
        try {
            for (String file : MODEL_FILES) {
                Files.write(directory.resolve(file), files.get(file));
            }
            Gpt2Config config = Gpt2Config.read(directory);
            if (!config.equals(model.config())) {
                throw new IOException("the tuned model is " + config + ", the base model " + model.config());
            }
            return FullFineTuner.of(Gpt2Weights.load(directory, model.weights().manager()));
        } finally {
            deleteFlat(directory);
        }
    }

    private static Tuner readPrompt(SafetensorsFile weights, Gpt2Model model, int virtualTokens) throws IOException {
        requireShape(weights, PROMPT_TENSOR, virtualTokens, model.config().embeddingSize());
        return PromptTuner.of(model, floats(weights, PROMPT_TENSOR), virtualTokens);
    }

    /** Refuses a tensor missing or shaped for another model (the message names shapes, never values). */
    private static void requireShape(SafetensorsFile weights, String name, long... expected) throws IOException {
        SafetensorsFile.TensorInfo info = weights.tensors().get(name);
        if (info == null) {
            throw new IOException("adapter tensor " + name + " is missing");
        }
        if (!Arrays.equals(info.shape(), expected)) {
            throw new IOException("adapter tensor " + name + " has shape " + Arrays.toString(info.shape())
                    + " but the base model needs " + Arrays.toString(expected) + ": adapter for a different base model");
        }
    }

    private static Tuner readLora(SafetensorsFile weights, Gpt2Model model, int rank, float alpha) throws IOException {
        List<float[]> values = new ArrayList<>();
        int pairs = model.config().layers() * 2;
        int d = model.config().embeddingSize();
        for (int pair = 0; pair < pairs; pair++) {
            String module = LORA_PREFIX + LoraTuner.moduleName(pair);
            requireShape(weights, module + ".lora_A.weight", rank, d);
            requireShape(weights, module + ".lora_B.weight", pair % 2 == 0 ? 3L * d : d, rank);
            values.add(transposed(weights, module + ".lora_A.weight"));
            values.add(transposed(weights, module + ".lora_B.weight"));
        }
        return LoraTuner.of(model, values, rank, alpha);
    }

    /** Writes {@code adapter_config.json} and {@code adapter_model.safetensors}; returns their names. */
    private static List<String> peftFiles(Path directory, ObjectNode config, List<SafetensorsFile.Tensor> tensors)
            throws IOException {
        Files.write(directory.resolve(CONFIG_FILE), JSON.writeValueAsBytes(config));
        SafetensorsFile.write(directory.resolve(WEIGHTS_FILE), tensors, Map.of("format", "pt"));
        return List.of(CONFIG_FILE, WEIGHTS_FILE);
    }

    private static ObjectNode peftConfig(String peftType) {
        ObjectNode config = JSON.createObjectNode();
        config.put("task_type", "CAUSAL_LM").put("inference_mode", true).putNull("base_model_name_or_path");
        return config.put("peft_type", peftType);
    }

    private static ObjectNode promptConfig(PromptTuner prompt, Gpt2Config base) {
        return peftConfig("PROMPT_TUNING").put("num_virtual_tokens", prompt.virtualTokens())
                .put("token_dim", base.embeddingSize()).put("num_transformer_submodules", 1)
                .put("num_attention_heads", base.heads()).put("num_layers", base.layers())
                .put("prompt_tuning_init", "RANDOM");
    }

    private static ObjectNode loraConfig(LoraTuner lora) {
        return peftConfig("LORA").put("r", lora.rank()).put("lora_alpha", lora.alpha()).put("lora_dropout", 0.0)
                .put("bias", "none").put("fan_in_fan_out", true).put("target_modules", ".*\\.attn\\.(c_attn|c_proj)");
    }

    /** PEFT's names and layouts: LoRA's A and B transposed to nn.Linear's {@code [out, in]}. */
    private static List<SafetensorsFile.Tensor> loraTensors(LoraTuner lora) {
        List<SafetensorsFile.Tensor> out = new ArrayList<>();
        List<NDArray> parameters = lora.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            String module = LORA_PREFIX + LoraTuner.moduleName(i / 2);
            try (NDArray transposed = parameters.get(i).transpose()) {
                out.add(tensor(module + (i % 2 == 0 ? ".lora_A.weight" : ".lora_B.weight"), transposed));
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

    /** Deletes a temporary directory of plain files. */
    private static void deleteFlat(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(directory);
    }

    private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }
}
