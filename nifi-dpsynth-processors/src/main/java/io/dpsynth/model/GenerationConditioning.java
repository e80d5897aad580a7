package io.dpsynth.model;

import ai.djl.ndarray.NDArray;

/**
 * What a tuned model adds to the forward passes of {@link Generator}: soft-prompt positions, adapters or other
 * weights. The generator calls it for every pass and knows nothing else about the tuning, so a new kind of tuner
 * works with generation by implementing these two methods.
 */
public interface GenerationConditioning {

    /** Soft-prompt positions placed before each prompt (0 when the conditioning adds none). */
    int virtualTokens();

    /**
     * The pass {@code input} of a batch of {@code batch} rows, conditioned. {@code fullSequence} is true when the
     * pass covers the whole sequence (the first step, or every step without a key/value cache) and false for a
     * cached decode step that feeds only the newest token: soft prompts go only into full passes (the cache then
     * holds their keys and values), whereas changes to the weights apply to every pass.
     */
    ForwardInput forGeneration(ForwardInput input, int batch, boolean fullSequence);

    /** The base model as it is. */
    static GenerationConditioning none() {
        return prefix(null);
    }

    /** Fixed prefix embeddings {@code [batch, p, d]} (or none when null) before every row's prompt. */
    static GenerationConditioning prefix(NDArray prefix) {
        int length = prefix == null ? 0 : Math.toIntExact(prefix.getShape().get(1));
        return new GenerationConditioning() {
            @Override
            public int virtualTokens() {
                return length;
            }

            @Override
            public ForwardInput forGeneration(ForwardInput input, int batch, boolean fullSequence) {
                return fullSequence ? input.withPrefix(prefix) : input;
            }
        };
    }
}
