package io.dpsynth.dpsgd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.dpsynth.model.ForwardInput;
import io.dpsynth.model.Gpt2Model;

import java.util.ArrayList;
import java.util.List;

/**
 * Exact per-example gradients of the Prefix-LM loss in one batched forward and backward pass: per-example
 * copies of the tuner's tensors are made as fresh leaves outside the collector, so the gradient of the summed
 * loss in row i of each copy is example i's own gradient. A tuner whose copies are too large for that
 * ({@link Tuner#maxExamplesPerPass()}: full fine-tuning) gets one such pass per group of examples instead.
 * Opens a gradient collector: PyTorch allows only one per JVM, so callers hold the JVM-wide training lease.
 *
 * @param gradients one array {@code [batch, ...]} per tuner parameter, detached, on the caller's scope
 * @param losses    each example's Prefix-LM loss
 */
public record PerExampleGradients(List<NDArray> gradients, float[] losses) {

    public static PerExampleGradients compute(Gpt2Model model, Tuner tuner, PrefixLmBatch batch, NDManager scope) {
        int perPass = tuner.maxExamplesPerPass();
        if (batch.size() <= perPass) {
            return onePass(model, tuner, batch, scope);
        }
        List<List<NDArray>> parts = new ArrayList<>();
        float[] losses = new float[batch.size()];
        for (int from = 0; from < batch.size(); from += perPass) {
            int to = Math.min(batch.size(), from + perPass);
            try (NDManager pass = scope.newSubManager()) { // frees each pass's activations; the gradients move out
                PerExampleGradients part = onePass(model, tuner, batch.rows(from, to, pass), pass);
                part.gradients().forEach(gradient -> gradient.attach(scope));
                System.arraycopy(part.losses(), 0, losses, from, to - from);
                parts.add(part.gradients());
            }
        }
        List<NDArray> gradients = new ArrayList<>(parts.getFirst().size());
        for (int p = 0; p < parts.getFirst().size(); p++) {
            NDList rows = new NDList();
            for (List<NDArray> part : parts) {
                rows.add(part.get(p));
            }
            gradients.add(NDArrays.concat(rows, 0));
            rows.close(); // the parts, now copied
        }
        return new PerExampleGradients(gradients, losses);
    }

    private static PerExampleGradients onePass(Gpt2Model model, Tuner tuner, PrefixLmBatch batch, NDManager scope) {
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
