package io.dpsynth.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;

/**
 * Hyper-parameters of a GPT-2 model as stored in a Hugging Face {@code config.json}.
 *
 * @param vocabularySize    {@code vocab_size}
 * @param maxPositions      {@code n_positions}: longest sequence (prompt + generated tokens) the model accepts
 * @param embeddingSize     {@code n_embd}
 * @param layers            {@code n_layer}
 * @param heads             {@code n_head}
 * @param layerNormEpsilon  {@code layer_norm_epsilon}
 * @param bosTokenId        {@code bos_token_id}
 * @param eosTokenId        {@code eos_token_id}
 */
public record Gpt2Config(int vocabularySize, int maxPositions, int embeddingSize, int layers, int heads,
                         double layerNormEpsilon, long bosTokenId, long eosTokenId) {

    public static final String FILE_NAME = "config.json";

    /** GPT-2's activation is the tanh approximation of GELU; HF names it in several ways. */
    private static final Set<String> TANH_GELU_NAMES = Set.of("gelu_new", "gelu_pytorch_tanh", "gelu_fast");
    private static final ObjectMapper JSON = new ObjectMapper();

    public Gpt2Config {
        if (vocabularySize < 1 || maxPositions < 1 || embeddingSize < 1 || layers < 1 || heads < 1) {
            throw new IllegalArgumentException("GPT-2 sizes must be positive: vocab " + vocabularySize + ", positions "
                    + maxPositions + ", embedding " + embeddingSize + ", layers " + layers + ", heads " + heads);
        }
        if (embeddingSize % heads != 0) {
            throw new IllegalArgumentException("embedding size " + embeddingSize + " is not divisible by " + heads + " heads");
        }
        if (!(layerNormEpsilon > 0)) {
            throw new IllegalArgumentException("layer norm epsilon must be positive: " + layerNormEpsilon);
        }
    }

    /** A configuration with GPT-2's defaults for epsilon and special tokens (end-of-text is the last id). */
    public static Gpt2Config of(int vocabularySize, int maxPositions, int embeddingSize, int layers, int heads) {
        return new Gpt2Config(vocabularySize, maxPositions, embeddingSize, layers, heads, 1e-5,
                vocabularySize - 1, vocabularySize - 1);
    }

    public int headSize() {
        return embeddingSize / heads;
    }

    /** Number of trainable values (the LM head is tied to the token embedding). */
    public long parameterCount() {
        long d = embeddingSize;
        long perLayer = 2 * d + (d * 3 * d + 3 * d) + (d * d + d) + 2 * d + (d * 4 * d + 4 * d) + (4 * d * d + d);
        return (long) vocabularySize * d + (long) maxPositions * d + layers * perLayer + 2 * d;
    }

    /** Reads {@code config.json} of a model directory. */
    public static Gpt2Config read(Path modelDirectory) throws ModelFormatException {
        Path file = modelDirectory.resolve(FILE_NAME);
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(file + ": missing (a Hugging Face model directory needs config.json)", e);
        } catch (IOException e) {
            throw new ModelFormatException(file + ": not valid JSON (" + e.getClass().getSimpleName() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelFormatException(file + ": expected a JSON object");
        }
        String modelType = root.path("model_type").asText("");
        if (!"gpt2".equals(modelType)) {
            throw new ModelFormatException(file + ": unsupported model_type '" + modelType + "' (only gpt2 is supported)");
        }
        String activation = root.path("activation_function").asText("gelu_new");
        if (!TANH_GELU_NAMES.contains(activation)) {
            throw new ModelFormatException(file + ": unsupported activation_function '" + activation + "'");
        }
        try {
            int vocab = requiredInt(root, "vocab_size", file);
            return new Gpt2Config(vocab, requiredInt(root, "n_positions", file), requiredInt(root, "n_embd", file),
                    requiredInt(root, "n_layer", file), requiredInt(root, "n_head", file),
                    root.path("layer_norm_epsilon").asDouble(1e-5),
                    root.path("bos_token_id").asLong(vocab - 1), root.path("eos_token_id").asLong(vocab - 1));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file + ": " + e.getMessage(), e);
        }
    }

    private static int requiredInt(JsonNode root, String field, Path file) throws ModelFormatException {
        JsonNode node = root.get(field);
        if (node == null || !node.canConvertToInt()) {
            throw new ModelFormatException(file + ": missing or non-integer '" + field + "'");
        }
        return node.asInt();
    }

    /** Writes {@code config.json} in the form Hugging Face transformers reads. */
    public void write(Path modelDirectory) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.putArray("architectures").add("GPT2LMHeadModel");
        root.put("model_type", "gpt2");
        root.put("activation_function", "gelu_new");
        root.put("vocab_size", vocabularySize);
        root.put("n_positions", maxPositions);
        root.put("n_ctx", maxPositions);
        root.put("n_embd", embeddingSize);
        root.put("n_layer", layers);
        root.put("n_head", heads);
        root.put("layer_norm_epsilon", layerNormEpsilon);
        root.put("bos_token_id", bosTokenId);
        root.put("eos_token_id", eosTokenId);
        root.put("tie_word_embeddings", true);
        root.put("torch_dtype", "float32");
        Files.createDirectories(modelDirectory);
        Files.write(modelDirectory.resolve(FILE_NAME), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }
}
