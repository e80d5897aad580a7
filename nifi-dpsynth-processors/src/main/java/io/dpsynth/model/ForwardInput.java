package io.dpsynth.model;

import ai.djl.ndarray.NDArray;

/**
 * What one forward pass reads. Only {@code tokenIds} is required.
 *
 * @param tokenIds          INT64 {@code [batch, tokens]}; intermediate arrays are attached to its manager
 * @param prefixEmbeddings  optional FLOAT32 {@code [batch, p, d]} placed before the token embeddings (soft prompts)
 * @param keyMask           optional {@code [batch][cached + p + tokens]}: false marks padding that no position may
 *                          attend to (left padding in generation); absent = every key is valid
 * @param positionIds       optional {@code [batch][p + tokens]} position of each new input; absent = consecutive
 *                          positions after the cache
 * @param lora              low-rank deltas on attention projections ({@link LoraAdapters#none()} for none)
 * @param cache             optional key/value cache that this pass reads and extends
 * @param weights           optional weights used instead of the model's own (a fully fine-tuned copy); absent =
 *                          the model's; the model's own weights are never changed
 */
public record ForwardInput(NDArray tokenIds, NDArray prefixEmbeddings, boolean[][] keyMask, long[][] positionIds,
                           LoraAdapters lora, KvCache cache, Gpt2Weights weights) {

    public ForwardInput {
        if (tokenIds == null) {
            throw new IllegalArgumentException("tokenIds are required");
        }
        if (lora == null) {
            lora = LoraAdapters.none();
        }
    }

    public static ForwardInput of(NDArray tokenIds) {
        return new ForwardInput(tokenIds, null, null, null, LoraAdapters.none(), null, null);
    }

    public ForwardInput withPrefix(NDArray prefix) {
        return new ForwardInput(tokenIds, prefix, keyMask, positionIds, lora, cache, weights);
    }

    public ForwardInput withKeyMask(boolean[][] mask) {
        return new ForwardInput(tokenIds, prefixEmbeddings, mask, positionIds, lora, cache, weights);
    }

    public ForwardInput withPositions(long[][] positions) {
        return new ForwardInput(tokenIds, prefixEmbeddings, keyMask, positions, lora, cache, weights);
    }

    public ForwardInput withLora(LoraAdapters adapters) {
        return new ForwardInput(tokenIds, prefixEmbeddings, keyMask, positionIds, adapters, cache, weights);
    }

    public ForwardInput withCache(KvCache kvCache) {
        return new ForwardInput(tokenIds, prefixEmbeddings, keyMask, positionIds, lora, kvCache, weights);
    }

    public ForwardInput withWeights(Gpt2Weights replacement) {
        return new ForwardInput(tokenIds, prefixEmbeddings, keyMask, positionIds, lora, cache, replacement);
    }
}
