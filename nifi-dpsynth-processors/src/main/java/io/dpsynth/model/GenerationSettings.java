package io.dpsynth.model;

/**
 * How to generate.
 *
 * @param maxNewTokens  most tokens generated per row (end-of-text stops a row earlier)
 * @param temperature   0 = greedy (arg-max); otherwise logits are divided by it before sampling
 * @param topK          keep only the k most likely tokens (0 = no limit)
 * @param topP          keep the smallest set of most likely tokens whose probability reaches p (1 = no limit)
 * @param seed          same seed, model and prompts → same tokens
 * @param useCache      reuse keys/values of earlier positions (off only to check and measure the cache)
 */
public record GenerationSettings(int maxNewTokens, double temperature, int topK, double topP, long seed, boolean useCache) {

    public GenerationSettings {
        if (maxNewTokens < 0) {
            throw new IllegalArgumentException("max new tokens must be >= 0: " + maxNewTokens);
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number >= 0: " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top-k must be >= 0: " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top-p must be in (0, 1]: " + topP);
        }
    }

    public static GenerationSettings greedy(int maxNewTokens) {
        return new GenerationSettings(maxNewTokens, 0, 0, 1, 0, true);
    }

    public GenerationSettings withCache(boolean cache) {
        return new GenerationSettings(maxNewTokens, temperature, topK, topP, seed, cache);
    }
}
