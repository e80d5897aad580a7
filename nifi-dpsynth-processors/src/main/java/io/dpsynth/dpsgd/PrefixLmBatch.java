package io.dpsynth.dpsgd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.dpsynth.model.NativeArrays;
import io.dpsynth.training.NextTokenLoss;

import java.util.List;

/**
 * A right-padded batch of {@link PrefixLmExample}s: inputs are each sequence but its last token, targets the
 * sequence shifted by one, and the loss weight is 1 only where the target is a text or end-of-text token —
 * 0 on prefix targets and on padding — so each example's loss is its mean over its own text tokens.
 */
public final class PrefixLmBatch {

    private final NDArray inputs;
    private final NDArray targets;
    private final NDArray weights;
    private final int size;

    private PrefixLmBatch(NDArray inputs, NDArray targets, NDArray weights, int size) {
        this.inputs = inputs;
        this.targets = targets;
        this.weights = weights;
        this.size = size;
    }

    /** Builds the arrays on {@code scope}; {@code examples} must not be empty. */
    public static PrefixLmBatch of(List<PrefixLmExample> examples, NDManager scope) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one example");
        }
        int positions = 1;
        for (PrefixLmExample example : examples) {
            positions = Math.max(positions, example.tokens().length - 1);
        }
        int rows = examples.size();
        long[] inputs = new long[rows * positions];
        long[] targets = new long[rows * positions];
        float[] weights = new float[rows * positions];
        for (int b = 0; b < rows; b++) {
            PrefixLmExample example = examples.get(b);
            long[] tokens = example.tokens();
            for (int t = 0; t + 1 < tokens.length; t++) {
                inputs[b * positions + t] = tokens[t];
                targets[b * positions + t] = tokens[t + 1];
                weights[b * positions + t] = t + 1 >= example.prefixLength() ? 1f : 0f;
            }
        }
        Shape shape = new Shape(rows, positions);
        return new PrefixLmBatch(NativeArrays.of(scope, inputs, shape), NativeArrays.of(scope, targets, shape),
                NativeArrays.of(scope, weights, shape), rows);
    }

    /**
     * Rows {@code [from, to)} as a batch of their own, views on {@code scope} (a pass on them then lives there too);
     * the padding width stays (padding has no weight).
     */
    public PrefixLmBatch rows(int from, int to, NDManager scope) {
        if (from < 0 || to > size || from >= to) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") of a batch of " + size);
        }
        NDIndex rows = new NDIndex("{}:{}", from, to);
        NDArray[] views = {inputs.get(rows), targets.get(rows), weights.get(rows)};
        for (NDArray view : views) {
            view.attach(scope);
        }
        return new PrefixLmBatch(views[0], views[1], views[2], to - from);
    }

    public int size() {
        return size;
    }

    /** INT64 {@code [batch, positions]}. */
    public NDArray inputs() {
        return inputs;
    }

    public NDArray targets() {
        return targets;
    }

    /** FLOAT32 {@code [batch, positions]}, 1 on text targets. */
    public NDArray weights() {
        return weights;
    }

    /**
     * Per-example Prefix-LM loss {@code [batch]} from logits {@code [batch, virtualTokens + positions, vocab]};
     * the logits of the soft-prompt positions are dropped (nothing is predicted from them alone).
     */
    public NDArray perExampleLoss(NDArray logits, int virtualTokens) {
        NDArray tokenLogits = virtualTokens == 0 ? logits : logits.get(new NDIndex(":, {}:, :", virtualTokens));
        return NextTokenLoss.perExample(tokenLogits, targets, weights);
    }
}
