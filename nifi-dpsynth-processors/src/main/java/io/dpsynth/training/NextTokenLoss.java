package io.dpsynth.training;

import ai.djl.ndarray.NDArray;

/** Cross-entropy of the next token: {@code -log softmax(logits)[target]}. */
public final class NextTokenLoss {

    private NextTokenLoss() {
    }

    /** Per-position losses {@code [batch, tokens]} for logits {@code [batch, tokens, vocab]} and INT64 targets {@code [batch, tokens]}. */
    public static NDArray perPosition(NDArray logits, NDArray targets) {
        return logits.logSoftmax(-1).gather(targets.expandDims(-1), -1).squeeze(-1).neg();
    }

    /** Mean loss over all positions (a scalar). */
    public static NDArray mean(NDArray logits, NDArray targets) {
        return perPosition(logits, targets).mean();
    }

    /**
     * Mean loss of each example {@code [batch]} over the positions where {@code mask} (FLOAT32 0/1, {@code [batch, tokens]})
     * is 1, e.g. to ignore right padding; an example without any counted position has loss 0.
     */
    public static NDArray perExample(NDArray logits, NDArray targets, NDArray mask) {
        NDArray counted = perPosition(logits, targets).mul(mask).sum(new int[] {1});
        return counted.div(mask.sum(new int[] {1}).maximum(1f));
    }
}
