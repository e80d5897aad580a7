package io.dpsynth.dpsgd;

import ai.djl.ndarray.NDManager;
import io.dpsynth.model.ForwardInput;
import io.dpsynth.model.Gpt2Model;

import java.util.List;

/** Mean Prefix-LM loss of examples under a tuner (no gradients), e.g. on held-out public or synthetic records. */
public final class PrefixLmEvaluator {

    private PrefixLmEvaluator() {
    }

    /** Average of the per-example losses, in batches of {@code batchSize}. */
    public static double meanLoss(Gpt2Model model, Tuner tuner, List<PrefixLmExample> examples, int batchSize) {
        double sum = 0;
        for (int from = 0; from < examples.size(); from += batchSize) {
            List<PrefixLmExample> part = examples.subList(from, Math.min(examples.size(), from + batchSize));
            try (NDManager scope = model.weights().manager().newSubManager()) {
                PrefixLmBatch batch = PrefixLmBatch.of(part, scope);
                ForwardInput input = tuner.withShared(ForwardInput.of(batch.inputs()), batch.size());
                for (float loss : batch.perExampleLoss(model.forward(input), tuner.virtualTokens()).toFloatArray()) {
                    sum += loss;
                }
            }
        }
        return sum / examples.size();
    }
}
