package io.dpsynth.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The tensors of a GPT-2 model under their Hugging Face names ({@code wte.weight}, {@code h.0.attn.c_attn.weight},
 * …), all FLOAT32 and owned by one {@link NDManager}. Linear weights keep GPT-2's Conv1D layout
 * {@code [in, out]}; the LM head is tied to {@code wte.weight}.
 */
public final class Gpt2Weights implements AutoCloseable {

    public static final String WEIGHTS_FILE = "model.safetensors";
    /** Prefix used by checkpoints saved from {@code GPT2LMHeadModel}. */
    private static final String HF_PREFIX = "transformer.";

    private final Gpt2Config config;
    private final NDManager manager;
    private final Map<String, NDArray> tensors;
    /** False for views ({@link #replacedBy}): closing one must not free the tensors it borrows. */
    private final boolean owner;

    private Gpt2Weights(Gpt2Config config, NDManager manager, Map<String, NDArray> tensors, boolean owner) {
        this.config = config;
        this.manager = manager;
        this.tensors = Collections.unmodifiableMap(tensors);
        this.owner = owner;
    }

    /** Every tensor a GPT-2 of this configuration has, with its shape, in a fixed order. */
    public static Map<String, long[]> expectedShapes(Gpt2Config config) {
        long d = config.embeddingSize();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("wte.weight", new long[] {config.vocabularySize(), d});
        shapes.put("wpe.weight", new long[] {config.maxPositions(), d});
        for (int i = 0; i < config.layers(); i++) {
            String p = "h." + i + ".";
            shapes.put(p + "ln_1.weight", new long[] {d});
            shapes.put(p + "ln_1.bias", new long[] {d});
            shapes.put(p + "attn.c_attn.weight", new long[] {d, 3 * d});
            shapes.put(p + "attn.c_attn.bias", new long[] {3 * d});
            shapes.put(p + "attn.c_proj.weight", new long[] {d, d});
            shapes.put(p + "attn.c_proj.bias", new long[] {d});
            shapes.put(p + "ln_2.weight", new long[] {d});
            shapes.put(p + "ln_2.bias", new long[] {d});
            shapes.put(p + "mlp.c_fc.weight", new long[] {d, 4 * d});
            shapes.put(p + "mlp.c_fc.bias", new long[] {4 * d});
            shapes.put(p + "mlp.c_proj.weight", new long[] {4 * d, d});
            shapes.put(p + "mlp.c_proj.bias", new long[] {d});
        }
        shapes.put("ln_f.weight", new long[] {d});
        shapes.put("ln_f.bias", new long[] {d});
        return shapes;
    }

    /**
     * Loads {@code config.json} and {@code model.safetensors} from a Hugging Face GPT-2 directory into a new
     * sub-manager of {@code parent}. Tensors are copied into memory PyTorch owns, so they may be updated in place.
     * Extra tensors (e.g. the attention-mask buffers {@code h.N.attn.bias} of old checkpoints, or an untied
     * {@code lm_head.weight}) are ignored.
     */
    public static Gpt2Weights load(Path modelDirectory, NDManager parent) throws IOException {
        Gpt2Config config = Gpt2Config.read(modelDirectory);
        Path file = modelDirectory.resolve(WEIGHTS_FILE);
        NDManager manager = parent.newSubManager();
        try (SafetensorsFile safetensors = SafetensorsFile.open(file)) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, long[]> expected : expectedShapes(config).entrySet()) {
                String stored = checkedTensor(safetensors, expected.getKey(), expected.getValue());
                long[] shape = expected.getValue();
                ByteBuffer data = safetensors.readFloat32(stored);
                tensors.put(expected.getKey(), owned(manager.create(data, new Shape(shape), DataType.FLOAT32),
                        expected.getKey()));
            }
            return new Gpt2Weights(config, manager, tensors, true);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Checks {@code config.json} and the header of {@code model.safetensors} (every tensor present with the shape the
     * configuration needs, data inside the file) without reading any weight: cheap, and nothing reaches native code.
     *
     * @return the configuration
     */
    public static Gpt2Config check(Path modelDirectory) throws ModelFormatException {
        Gpt2Config config = Gpt2Config.read(modelDirectory);
        try (SafetensorsFile safetensors = SafetensorsFile.open(modelDirectory.resolve(WEIGHTS_FILE))) {
            for (Map.Entry<String, long[]> expected : expectedShapes(config).entrySet()) {
                checkedTensor(safetensors, expected.getKey(), expected.getValue());
            }
        } catch (ModelFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelFormatException(modelDirectory.resolve(WEIGHTS_FILE) + ": unreadable (" + e.getClass().getSimpleName() + ")", e);
        }
        return config;
    }

    /** The stored name of tensor {@code name}, after checking its shape against the configuration's. */
    private static String checkedTensor(SafetensorsFile file, String name, long[] expectedShape) throws ModelFormatException {
        String stored = storedName(file, name);
        long[] shape = file.tensors().get(stored).shape();
        if (!Arrays.equals(shape, expectedShape)) {
            throw new ModelFormatException(file.file() + ": tensor '" + stored + "' has shape " + Arrays.toString(shape)
                    + ", expected " + Arrays.toString(expectedShape) + " for config.json");
        }
        return stored;
    }

    /** A named copy in PyTorch memory (see {@link NativeArrays}); a file mapping must also never be updated in place. */
    private static NDArray owned(NDArray wrapped, String name) {
        NDArray copy = NativeArrays.owned(wrapped);
        copy.setName(name);
        return copy;
    }

    private static String storedName(SafetensorsFile file, String name) throws ModelFormatException {
        if (file.tensors().containsKey(name)) {
            return name;
        }
        if (file.tensors().containsKey(HF_PREFIX + name)) {
            return HF_PREFIX + name;
        }
        throw new ModelFormatException(file.file() + ": missing tensor '" + name + "'");
    }

    /**
     * GPT-2's initialisation, seeded and computed in Java so it is the same on every device: normal(0, 0.02)
     * weights, residual projections scaled by 1/sqrt(2·layers), zero biases, unit layer-norm gains.
     */
    public static Gpt2Weights initialize(Gpt2Config config, NDManager parent, long seed) {
        NDManager manager = parent.newSubManager();
        SplittableRandom random = new SplittableRandom(seed);
        double residualStd = 0.02 / Math.sqrt(2.0 * config.layers());
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> entry : expectedShapes(config).entrySet()) {
            String name = entry.getKey();
            long[] shape = entry.getValue();
            int count = Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact));
            float[] values = new float[count];
            if (name.endsWith("ln_1.weight") || name.endsWith("ln_2.weight") || name.equals("ln_f.weight")) {
                Arrays.fill(values, 1f);
            } else if (name.endsWith(".weight")) {
                double std = name.endsWith("c_proj.weight") ? residualStd : 0.02;
                for (int i = 0; i < count; i++) {
                    values[i] = (float) (random.nextGaussian() * std);
                }
            }
            tensors.put(name, owned(manager.create(values, new Shape(shape)), name));
        }
        return new Gpt2Weights(config, manager, tensors, true);
    }

    /** A copy of every tensor in a new sub-manager of {@code parent}: it may be trained without touching these. */
    public Gpt2Weights copy(NDManager parent) {
        NDManager copyManager = parent.newSubManager();
        Map<String, NDArray> copies = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> entry : tensors.entrySet()) {
            NDArray copy = entry.getValue().duplicate();
            copy.attach(copyManager);
            copy.setName(entry.getKey());
            copies.put(entry.getKey(), copy);
        }
        return new Gpt2Weights(config, copyManager, copies, true);
    }

    /**
     * A view of the same configuration whose tensors are {@code replacements}, in {@link #tensors()} order and of
     * the same shapes (e.g. per-example gradient leaves). It owns nothing: closing it frees nothing.
     */
    public Gpt2Weights replacedBy(List<NDArray> replacements) {
        if (replacements.size() != tensors.size()) {
            throw new IllegalArgumentException(replacements.size() + " tensors for " + tensors.size());
        }
        Map<String, NDArray> view = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, NDArray> entry : tensors.entrySet()) {
            NDArray replacement = replacements.get(i++);
            if (!replacement.getShape().equals(entry.getValue().getShape())) {
                throw new IllegalArgumentException(entry.getKey() + " has shape " + entry.getValue().getShape()
                        + ", its replacement " + replacement.getShape());
            }
            view.put(entry.getKey(), replacement);
        }
        return new Gpt2Weights(config, replacements.get(0).getManager(), view, false);
    }

    /** Writes {@code config.json} and {@code model.safetensors} (F32) into the directory. */
    public void save(Path modelDirectory) throws IOException {
        config.write(modelDirectory);
        List<SafetensorsFile.Tensor> out = new ArrayList<>();
        for (Map.Entry<String, NDArray> entry : tensors.entrySet()) {
            ByteBuffer data = entry.getValue().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            out.add(new SafetensorsFile.Tensor(entry.getKey(), "F32", entry.getValue().getShape().getShape(), data));
        }
        SafetensorsFile.write(modelDirectory.resolve(WEIGHTS_FILE), out, Map.of("format", "pt"));
    }

    public Gpt2Config config() {
        return config;
    }

    public NDManager manager() {
        return manager;
    }

    /** All tensors by Hugging Face name, in {@link #expectedShapes} order. */
    public Map<String, NDArray> tensors() {
        return tensors;
    }

    public NDArray get(String name) {
        NDArray array = tensors.get(name);
        if (array == null) {
            throw new IllegalArgumentException("no tensor " + name);
        }
        return array;
    }

    /** A tensor of transformer block {@code layer}, e.g. {@code layer(0, "attn.c_attn.weight")}. */
    public NDArray layer(int layer, String suffix) {
        return get("h." + layer + "." + suffix);
    }

    @Override
    public void close() {
        if (owner) {
            manager.close();
        }
    }
}
