package io.dpsynth.dpsgd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.dpsynth.model.ForwardInput;
import io.dpsynth.model.Gpt2Model;

import java.util.ArrayList;
import java.util.List;

/**
 * Exact per-example gradients of the Prefix-LM loss in one batched forward and backward pass: per-example
 * copies of the tuner's tensors are made as fresh leaves outside the collector, so the gradient of the summed
 * loss in row i of each copy is example i's own gradient. Opens a gradient collector: PyTorch allows only one
 * per JVM, so callers hold the JVM-wide training lease.
 *
 * @param gradients one array {@code [batch, ...]} per tuner parameter, detached, on the caller's scope
 * @param losses    each example's Prefix-LM loss
 */
public record PerExampleGradients(List<NDArray> gradients, float[] losses) {

    public static PerExampleGradients compute(Gpt2Model model, Tuner tuner, PrefixLmBatch batch, NDManager scope) {
        List<NDArray> leaves = tuner.perExampleLeaves(batch.size(), scope);
        float[] losses;
        try (GradientCollector collector = scope.getEngine().newGradientCollector()) {
            NDArray logits = model.forward(tuner.withPerExample(ForwardInput.of(batch.inputs()), leaves));
            NDArray perExample = batch.perExampleLoss(logits, tuner.virtualTokens());
            collector.backward(perExample.sum());
            losses = perExample.toFloatArray();
        }
        List<NDArray> gradients = new ArrayList<>(leaves.size());
        for (NDArray leaf : leaves) {
            NDArray gradient = leaf.getGradient().duplicate();
            gradient.attach(scope);
            gradients.add(gradient);
        }
        return new PerExampleGradients(gradients, losses);
    }
}
