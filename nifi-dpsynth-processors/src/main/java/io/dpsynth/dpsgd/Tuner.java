package io.dpsynth.dpsgd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.dpsynth.model.ForwardInput;
import io.dpsynth.model.GenerationConditioning;

import java.util.ArrayList;
import java.util.List;

/**
 * The trainable part of a fine-tune on a frozen model (soft prompt, LoRA, or a full copy of the weights): the
 * shared tensors the optimiser updates, and how they, or per-example copies of them, enter a forward pass.
 */
public sealed interface Tuner extends AutoCloseable, GenerationConditioning permits PromptTuner, LoraTuner, FullFineTuner {

    /** The shared trainable tensors, in a fixed order that every list of gradients follows. */
    List<NDArray> parameters();

    /** Soft-prompt positions the tuner puts before the tokens (0 for LoRA and full fine-tuning). */
    int virtualTokens();

    /**
     * Most examples whose per-example copies one pass may hold: every example of a micro-batch for small tuners;
     * 1 when a copy is as large as the model, so each example's gradient is clipped and summed before the next.
     */
    default int maxExamplesPerPass() {
        return Integer.MAX_VALUE;
    }

    /** The pass with the shared tensors, repeated for a batch of {@code batch} rows. */
    ForwardInput withShared(ForwardInput input, int batch);

    /** The pass with per-example tensors ({@link #perExampleLeaves}), row i using copy i. */
    ForwardInput withPerExample(ForwardInput input, List<NDArray> perExample);

    /**
     * Generation with the shared tensors: soft-prompt positions ({@link #virtualTokens()} &gt; 0) only in passes over
     * the whole sequence, since the key/value cache keeps them afterwards; a tuner without virtual tokens changes
     * the weights, so it conditions every pass. A tuner that needs something else overrides this.
     */
    @Override
    default ForwardInput forGeneration(ForwardInput input, int batch, boolean fullSequence) {
        return fullSequence || virtualTokens() == 0 ? withShared(input, batch) : input;
    }

    /**
     * One copy per example of every parameter, {@code [batch, ...]}, each a fresh leaf that requires a gradient.
     * Must be called outside any gradient collector: made inside one, the copy is no leaf and PyTorch returns
     * no gradient for it. One backward of the summed per-example losses then leaves example i's exact gradient
     * in row i (docs: djl-notes §2).
     */
    default List<NDArray> perExampleLeaves(int batch, NDManager scope) {
        List<NDArray> leaves = new ArrayList<>();
        for (NDArray parameter : parameters()) {
            NDArray detached = parameter.stopGradient();
            detached.attach(scope); // so the views and the copy below live on the pass's scope too
            NDArray copy = detached.expandDims(0).repeat(0, batch);
            copy.setRequiresGradient(true);
            leaves.add(copy);
        }
        return leaves;
    }

    @Override
    void close();
}
