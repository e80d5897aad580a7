package io.dpsynth.pretrain;

/**
 * Recipe of a non-private pre-training run on public text.
 *
 * @param contextLength      tokens per training sequence
 * @param batchSize          sequences per step
 * @param steps              optimizer steps
 * @param peakLearningRate   after warm-up
 * @param warmupSteps        linear warm-up steps
 * @param minLearningRateFraction  cosine decays to this fraction of the peak
 * @param weightDecay        decoupled, matrices only
 * @param clipNorm           global gradient-norm limit
 * @param evaluateEvery      steps between held-out evaluations (and checkpoints)
 * @param evaluationBatches  held-out batches per evaluation (0 = all)
 * @param seed               initialisation and batch order
 */
public record PretrainSettings(int contextLength, int batchSize, int steps, double peakLearningRate, int warmupSteps,
                               double minLearningRateFraction, double weightDecay, double clipNorm, int evaluateEvery,
                               int evaluationBatches, long seed) {

    public PretrainSettings {
        if (contextLength < 1 || batchSize < 1 || steps < 1 || evaluateEvery < 1 || evaluationBatches < 0 || !(clipNorm > 0)) {
            throw new IllegalArgumentException("bad pre-training settings: " + contextLength + " context, " + batchSize
                    + " batch, " + steps + " steps, evaluate every " + evaluateEvery + ", clip " + clipNorm);
        }
    }

    /** GPT-style defaults for a small model on a 2-core CPU. */
    public static PretrainSettings defaults(int steps) {
        return new PretrainSettings(256, 16, steps, 1e-3, Math.min(200, steps / 10), 0.1, 0.1, 1.0,
                Math.max(1, steps / 10), 20, 1);
    }
}
