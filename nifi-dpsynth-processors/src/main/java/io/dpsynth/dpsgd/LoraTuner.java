package io.dpsynth.dpsgd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.dpsynth.model.ForwardInput;
import io.dpsynth.model.Gpt2Config;
import io.dpsynth.model.Gpt2Model;
import io.dpsynth.model.LoraAdapters;
import io.dpsynth.model.NativeArrays;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * LoRA (Hu et al. 2021) on the attention projections ({@code c_attn}, {@code c_proj}) of every layer:
 * {@code y = x·W + b + (alpha / r)·(x·A)·B}. A starts uniform in ±1/√in (PEFT's default bound), B at zero, so
 * the tuned model starts as the base model. Parameters are ordered layer by layer: A, B of c_attn, then of c_proj.
 */
public final class LoraTuner implements Tuner {

    private static final LoraAdapters.Target[] TARGETS = {LoraAdapters.Target.ATTENTION_QKV, LoraAdapters.Target.ATTENTION_OUTPUT};

    private final NDManager manager;
    private final List<NDArray> parameters;
    private final int layers;
    private final int rank;
    private final float alpha;

    private LoraTuner(NDManager manager, List<NDArray> parameters, int layers, int rank, float alpha) {
        this.manager = manager;
        this.parameters = List.copyOf(parameters);
        this.layers = layers;
        this.rank = rank;
        this.alpha = alpha;
    }

    public static LoraTuner initialize(Gpt2Model model, int rank, float alpha, long seed) {
        if (rank < 1) {
            throw new IllegalArgumentException("LoRA rank must be >= 1, got " + rank);
        }
        Gpt2Config config = model.config();
        int d = config.embeddingSize();
        SplittableRandom random = new SplittableRandom(seed);
        NDManager manager = model.weights().manager().newSubManager();
        List<NDArray> parameters = new ArrayList<>();
        for (int layer = 0; layer < config.layers(); layer++) {
            for (LoraAdapters.Target target : TARGETS) {
                int out = target == LoraAdapters.Target.ATTENTION_QKV ? 3 * d : d;
                float[] a = new float[d * rank];
                double bound = 1 / Math.sqrt(d);
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) random.nextDouble(-bound, bound);
                }
                parameters.add(NativeArrays.of(manager, a, new Shape(d, rank)));
                parameters.add(NativeArrays.of(manager, new float[rank * out], new Shape(rank, out)));
            }
        }
        return new LoraTuner(manager, parameters, config.layers(), rank, alpha);
    }

    /** LoRA with given tensors (A {@code [in, r]}, B {@code [r, out]} per projection, in {@link #parameters()} order). */
    public static LoraTuner of(Gpt2Model model, List<float[]> values, int rank, float alpha) {
        Gpt2Config config = model.config();
        int d = config.embeddingSize();
        if (values.size() != config.layers() * TARGETS.length * 2) {
            throw new IllegalArgumentException(values.size() + " LoRA tensors for " + config.layers() + " layers");
        }
        NDManager manager = model.weights().manager().newSubManager();
        List<NDArray> parameters = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            int out = TARGETS[(i / 2) % TARGETS.length] == LoraAdapters.Target.ATTENTION_QKV ? 3 * d : d;
            parameters.add(NativeArrays.of(manager, values.get(i), i % 2 == 0 ? new Shape(d, rank) : new Shape(rank, out)));
        }
        return new LoraTuner(manager, parameters, config.layers(), rank, alpha);
    }

    public int rank() {
        return rank;
    }

    public float alpha() {
        return alpha;
    }

    /** Which layer and projection parameter pair {@code index / 2} belongs to. */
    static String moduleName(int pair) {
        int layer = pair / TARGETS.length;
        String module = TARGETS[pair % TARGETS.length] == LoraAdapters.Target.ATTENTION_QKV ? "c_attn" : "c_proj";
        return "h." + layer + ".attn." + module;
    }

    @Override
    public List<NDArray> parameters() {
        return parameters;
    }

    @Override
    public int virtualTokens() {
        return 0;
    }

    @Override
    public ForwardInput withShared(ForwardInput input, int batch) {
        return input.withLora(adapters(parameters));
    }

    @Override
    public ForwardInput withPerExample(ForwardInput input, List<NDArray> perExample) {
        return input.withLora(adapters(perExample));
    }

    private LoraAdapters adapters(List<NDArray> tensors) {
        LoraAdapters adapters = LoraAdapters.none();
        float scale = alpha / rank;
        for (int layer = 0; layer < layers; layer++) {
            for (int t = 0; t < TARGETS.length; t++) {
                int pair = layer * TARGETS.length + t;
                adapters = adapters.with(layer, TARGETS[t],
                        new LoraAdapters.Delta(tensors.get(2 * pair), tensors.get(2 * pair + 1), scale));
            }
        }
        return adapters;
    }

    @Override
    public void close() {
        manager.close();
    }
}
