package io.dpsynth.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

/**
 * GPT-2 forward pass (pre-layer-norm transformer, causal attention, tanh-approximated GELU, LM head tied
 * to the token embedding) on {@link Gpt2Weights}, which it reads but never changes.
 *
 * <p>Every intermediate array is created on the manager of the input token ids (operations always take the
 * activation as receiver), so callers free a whole pass by closing that manager.
 */
public final class Gpt2Model {

    /** Added to attention scores of masked keys; finite so fully masked padding rows stay NaN-free. */
    private static final float MASKED = -1e9f;
    private static final float GELU_SCALE = (float) Math.sqrt(2 / Math.PI);

    private final Gpt2Weights weights;
    private final Gpt2Config config;

    public Gpt2Model(Gpt2Weights weights) {
        this.weights = weights;
        this.config = weights.config();
    }

    public Gpt2Config config() {
        return config;
    }

    public Gpt2Weights weights() {
        return weights;
    }

    /** Logits {@code [batch, p + tokens, vocab]} of every new position. */
    public NDArray forward(ForwardInput input) {
        return logits(hiddenStates(input));
    }

    /** Token embeddings {@code [batch, tokens, d]} (e.g. to initialise soft prompts from words). */
    public NDArray embedTokens(NDArray tokenIds) {
        return Embedding.embedding(tokenIds, weights.get("wte.weight"), SparseFormat.DENSE).singletonOrThrow();
    }

    /** Tied LM head: {@code hidden · wteᵀ}. */
    public NDArray logits(NDArray hidden) {
        return Linear.linear(hidden, weights.get("wte.weight")).singletonOrThrow();
    }

    /**
     * The LM head of the pass {@code input}: the same as {@link #logits(NDArray)} while passes can only add soft
     * prompts and adapters; a pass that brings its own weights would take the head from them here, so that callers
     * such as {@link Generator} need no change.
     */
    public NDArray logits(ForwardInput input, NDArray hidden) {
        return logits(hidden);
    }

    /** Final hidden states {@code [batch, p + tokens, d]} after the last layer norm. */
    public NDArray hiddenStates(ForwardInput input) {
        NDArray tokenIds = input.tokenIds();
        NDManager scope = tokenIds.getManager();
        NDArray x = embedTokens(tokenIds);
        if (input.prefixEmbeddings() != null) {
            x = prefixed(input.prefixEmbeddings(), x, scope);
        }
        int batch = Math.toIntExact(x.getShape().get(0));
        int fresh = Math.toIntExact(x.getShape().get(1));
        int past = input.cache() == null ? 0 : Math.toIntExact(input.cache().length());
        x = x.add(Embedding.embedding(positions(input, scope, batch, fresh, past), weights.get("wpe.weight"),
                SparseFormat.DENSE).singletonOrThrow());
        NDArray attentionBias = attentionBias(scope, input.keyMask(), batch, fresh, past);
        Constants constants = new Constants(scope, config.headSize());
        for (int layer = 0; layer < config.layers(); layer++) {
            x = block(x, layer, attentionBias, input, constants);
        }
        return layerNorm(x, "ln_f");
    }

    private static NDArray prefixed(NDArray prefix, NDArray tokens, NDManager scope) {
        Shape shape = prefix.getShape();
        if (shape.dimension() != 3 || shape.get(0) != tokens.getShape().get(0) || shape.get(2) != tokens.getShape().get(2)) {
            throw new IllegalArgumentException("prefix embeddings must be [batch, p, d] = [" + tokens.getShape().get(0)
                    + ", p, " + tokens.getShape().get(2) + "], got " + shape);
        }
        NDArray joined = prefix.concat(tokens, 1);
        joined.attach(scope);
        return joined;
    }

    private NDArray positions(ForwardInput input, NDManager scope, int batch, int fresh, int past) {
        long[][] given = input.positionIds();
        if (given == null) {
            if (past + fresh > config.maxPositions()) {
                throw new IllegalArgumentException("sequence of " + (past + fresh) + " positions exceeds the model's "
                        + config.maxPositions());
            }
            return scope.arange(past, past + fresh, 1, DataType.INT64).reshape(1, fresh);
        }
        if (given.length != batch) {
            throw new IllegalArgumentException("position ids for " + given.length + " rows, batch has " + batch);
        }
        long[] flat = new long[batch * fresh];
        for (int b = 0; b < batch; b++) {
            if (given[b].length != fresh) {
                throw new IllegalArgumentException("position ids row " + b + " has " + given[b].length + " entries, expected " + fresh);
            }
            for (int t = 0; t < fresh; t++) {
                long position = given[b][t];
                if (position < 0 || position >= config.maxPositions()) {
                    throw new IllegalArgumentException("position " + position + " outside [0, " + config.maxPositions() + ")");
                }
                flat[b * fresh + t] = position;
            }
        }
        return NativeArrays.of(scope, flat, new Shape(batch, fresh));
    }

    /** Additive bias {@code [batch or 1, 1, fresh, past + fresh]}: 0 where a query may attend a key, else MASKED. */
    private static NDArray attentionBias(NDManager scope, boolean[][] keyMask, int batch, int fresh, int past) {
        int keys = past + fresh;
        int rows = keyMask == null ? 1 : batch;
        if (keyMask != null && keyMask.length != batch) {
            throw new IllegalArgumentException("key mask for " + keyMask.length + " rows, batch has " + batch);
        }
        float[] bias = new float[rows * fresh * keys];
        for (int b = 0; b < rows; b++) {
            if (keyMask != null && keyMask[b].length != keys) {
                throw new IllegalArgumentException("key mask row " + b + " has " + keyMask[b].length + " entries, expected " + keys);
            }
            for (int q = 0; q < fresh; q++) {
                int base = (b * fresh + q) * keys;
                for (int k = 0; k < keys; k++) {
                    boolean visible = k <= past + q && (keyMask == null || keyMask[b][k]);
                    bias[base + k] = visible ? 0f : MASKED;
                }
            }
        }
        return NativeArrays.of(scope, bias, new Shape(rows, 1, fresh, keys));
    }

    private NDArray block(NDArray x, int layer, NDArray attentionBias, ForwardInput input, Constants constants) {
        NDArray attended = attention(layerNorm(x, "h." + layer + ".ln_1"), layer, attentionBias, input, constants);
        x = x.add(attended);
        NDArray hidden = gelu(projection(layerNorm(x, "h." + layer + ".ln_2"), layer, "mlp.c_fc", null), constants);
        return x.add(projection(hidden, layer, "mlp.c_proj", null));
    }

    private NDArray attention(NDArray x, int layer, NDArray attentionBias, ForwardInput input, Constants constants) {
        long batch = x.getShape().get(0);
        long fresh = x.getShape().get(1);
        int heads = config.heads();
        int headSize = config.headSize();
        NDArray qkv = projection(x, layer, "attn.c_attn", input.lora().get(layer, LoraAdapters.Target.ATTENTION_QKV));
        NDList parts = qkv.split(3, 2);
        NDArray query = splitHeads(parts.get(0), batch, fresh, heads, headSize);
        NDArray key = splitHeads(parts.get(1), batch, fresh, heads, headSize);
        NDArray value = splitHeads(parts.get(2), batch, fresh, heads, headSize);
        if (input.cache() != null) {
            NDArray[] all = input.cache().append(layer, key, value);
            key = all[0];
            value = all[1];
        }
        NDArray scores = query.matMul(key.transpose(0, 1, 3, 2)).mul(constants.attentionScale).add(attentionBias);
        NDArray context = scores.softmax(-1).matMul(value).transpose(0, 2, 1, 3).reshape(batch, fresh, (long) heads * headSize);
        return projection(context, layer, "attn.c_proj", input.lora().get(layer, LoraAdapters.Target.ATTENTION_OUTPUT));
    }

    private static NDArray splitHeads(NDArray x, long batch, long length, int heads, int headSize) {
        return x.reshape(batch, length, heads, headSize).transpose(0, 2, 1, 3);
    }

    /** Conv1D projection {@code x·W + b} (W is {@code [in, out]}), plus an optional LoRA delta. */
    private NDArray projection(NDArray x, int layer, String name, LoraAdapters.Delta lora) {
        NDArray out = x.matMul(weights.layer(layer, name + ".weight")).add(weights.layer(layer, name + ".bias"));
        return lora == null ? out : out.add(lora.apply(x));
    }

    private NDArray layerNorm(NDArray x, String name) {
        return LayerNorm.layerNorm(x, new Shape(config.embeddingSize()), weights.get(name + ".weight"),
                weights.get(name + ".bias"), (float) config.layerNormEpsilon()).singletonOrThrow();
    }

    /** GPT-2's GELU: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
    private static NDArray gelu(NDArray x, Constants c) {
        NDArray inner = x.mul(x).mul(x).mul(c.geluCubic).add(x).mul(c.geluScale);
        return inner.tanh().add(c.one).mul(x).mul(c.half);
    }

    /**
     * Scalars of one pass in PyTorch memory: DJL's {@code x.mul(0.5f)} wraps the number in JVM memory that
     * autograd keeps after DJL frees it (see {@link NativeArrays}).
     */
    private static final class Constants {
        final NDArray attentionScale;
        final NDArray geluCubic;
        final NDArray geluScale;
        final NDArray one;
        final NDArray half;

        Constants(NDManager scope, int headSize) {
            attentionScale = NativeArrays.scalar(scope, 1f / (float) Math.sqrt(headSize));
            geluCubic = NativeArrays.scalar(scope, 0.044715f);
            geluScale = NativeArrays.scalar(scope, GELU_SCALE);
            one = NativeArrays.scalar(scope, 1f);
            half = NativeArrays.scalar(scope, 0.5f);
        }
    }
}
