package io.dpsynth.dpsgd;

import ai.djl.ndarray.NDArray;
import io.dpsynth.model.ForwardInput;
import io.dpsynth.model.Gpt2Model;
import io.dpsynth.model.Gpt2Weights;

import java.util.ArrayList;
import java.util.List;

/**
 * Full fine-tuning, for comparison only: every weight of a private copy of the model is trainable. The shared
 * base model stays frozen (other processors read it concurrently); a pass runs on the copy through
 * {@link ForwardInput#withWeights}. A per-example copy is as large as the model, so DP-SGD computes per-example
 * gradients with one forward and backward per example ({@link #maxExamplesPerPass()} = 1): slow.
 */
public final class FullFineTuner implements Tuner {

    private final Gpt2Weights weights;
    private final List<NDArray> parameters;

    private FullFineTuner(Gpt2Weights weights) {
        this.weights = weights;
        this.parameters = List.copyOf(weights.tensors().values());
    }

    /** Starts from a copy of the base model's weights. */
    public static FullFineTuner initialize(Gpt2Model model) {
        return new FullFineTuner(model.weights().copy(model.weights().manager()));
    }

    /** Tunes (or uses) {@code weights}, which it then owns and closes (e.g. read back from an archive). */
    public static FullFineTuner of(Gpt2Weights weights) {
        return new FullFineTuner(weights);
    }

    /** The tuned weights, under their Hugging Face names. */
    public Gpt2Weights weights() {
        return weights;
    }

    /** Every tensor of the copy, in {@link Gpt2Weights#tensors()} order. */
    @Override
    public List<NDArray> parameters() {
        return parameters;
    }

    @Override
    public int virtualTokens() {
        return 0;
    }

    @Override
    public int maxExamplesPerPass() {
        return 1;
    }

    @Override
    public ForwardInput withShared(ForwardInput input, int batch) {
        return input.withWeights(weights);
    }

    @Override
    public ForwardInput withPerExample(ForwardInput input, List<NDArray> perExample) {
        if (perExample.get(0).getShape().get(0) != 1) {
            throw new IllegalArgumentException("full fine-tuning takes one example per pass, got "
                    + perExample.get(0).getShape().get(0));
        }
        List<NDArray> single = new ArrayList<>(perExample.size());
        for (NDArray copy : perExample) {
            single.add(copy.squeeze(0));
        }
        return input.withWeights(weights.replacedBy(single));
    }

    @Override
    public void close() {
        weights.close();
    }
}
