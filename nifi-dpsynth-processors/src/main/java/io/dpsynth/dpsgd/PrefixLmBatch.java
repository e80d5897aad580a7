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
    private final long weightedTargets;

    private PrefixLmBatch(NDArray inputs, NDArray targets, NDArray weights, int size, long weightedTargets) {
        this.inputs = inputs;
        this.targets = targets;
        this.weights = weights;
        this.size = size;
        this.weightedTargets = weightedTargets;
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
        long weighted = 0;
        for (int b = 0; b < rows; b++) {
            PrefixLmExample example = examples.get(b);
            long[] tokens = example.tokens();
            for (int t = 0; t + 1 < tokens.length; t++) {
                inputs[b * positions + t] = tokens[t];
                targets[b * positions + t] = tokens[t + 1];
                boolean textTarget = t + 1 >= example.prefixLength();
                weights[b * positions + t] = textTarget ? 1f : 0f;
                weighted += textTarget ? 1 : 0;
            }
        }
        Shape shape = new Shape(rows, positions);
        return new PrefixLmBatch(NativeArrays.of(scope, inputs, shape), NativeArrays.of(scope, targets, shape),
                NativeArrays.of(scope, weights, shape), rows, weighted);
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
        try (NDArray weighted = views[2].sum()) {
            return new PrefixLmBatch(views[0], views[1], views[2], to - from, Math.round(weighted.getFloat()));
        }
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

    /** Targets with loss weight 1 (text and end-of-text tokens) over the whole batch. */
    public long weightedTargets() {
        return weightedTargets;
    }

    /**
     * Per-example Prefix-LM loss {@code [batch]} from logits {@code [batch, virtualTokens + positions, vocab]};
     * the logits of the soft-prompt positions are dropped (nothing is predicted from them alone).
     */
    public NDArray perExampleLoss(NDArray logits, int virtualTokens) {
        return NextTokenLoss.perExample(tokenLogits(logits, virtualTokens), targets, weights);
    }

    /**
     * The Prefix-LM loss summed over every weighted target of the batch (a FLOAT32 scalar), from logits as for
     * {@link #perExampleLoss}: divided by {@link #weightedTargets()} it is the per-token mean that perplexity uses.
     */
    public NDArray summedLoss(NDArray logits, int virtualTokens) {
        return NextTokenLoss.perPosition(tokenLogits(logits, virtualTokens), targets).mul(weights).sum();
    }

    private static NDArray tokenLogits(NDArray logits, int virtualTokens) {
        return virtualTokens == 0 ? logits : logits.get(new NDIndex(":, {}:, :", virtualTokens));
    }
}
