package io.dpsynth.dpsgd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.dpsynth.model.ForwardInput;
import io.dpsynth.model.Gpt2Model;
import io.dpsynth.model.NativeArrays;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Prompt tuning (Lester et al. 2021): a soft prompt of {@code p} trainable embeddings {@code [p, d]} placed
 * before every sequence of the frozen model. Initialised from the embeddings of vocabulary tokens drawn with a
 * public seed, so the start never depends on sensitive data.
 */
public final class PromptTuner implements Tuner {

    private final NDManager manager;
    private final NDArray prompt;

    private PromptTuner(NDManager manager, NDArray prompt) {
        this.manager = manager;
        this.prompt = prompt;
    }

    /** A soft prompt of {@code virtualTokens} embeddings of random vocabulary tokens (seeded, data-independent). */
    public static PromptTuner initialize(Gpt2Model model, int virtualTokens, long seed) {
        if (virtualTokens < 1) {
            throw new IllegalArgumentException("virtual tokens must be >= 1, got " + virtualTokens);
        }
        SplittableRandom random = new SplittableRandom(seed);
        long[] ids = new long[virtualTokens];
        int vocabulary = model.config().vocabularySize();
        for (int i = 0; i < virtualTokens; i++) {
            ids[i] = random.nextInt(vocabulary - 1); // never the end-of-text id (the last one)
        }
        NDManager manager = model.weights().manager().newSubManager();
        try (NDManager scope = manager.newSubManager()) {
            NDArray embedded = model.embedTokens(NativeArrays.of(scope, ids, new Shape(1, virtualTokens)));
            NDArray prompt = embedded.squeeze(0).duplicate();
            prompt.attach(manager);
            return new PromptTuner(manager, prompt);
        }
    }

    /** A soft prompt with the given values {@code [p, d]} (e.g. read back from an adapter). */
    public static PromptTuner of(Gpt2Model model, float[] values, int virtualTokens) {
        NDManager manager = model.weights().manager().newSubManager();
        return new PromptTuner(manager, NativeArrays.of(manager, values,
                new Shape(virtualTokens, model.config().embeddingSize())));
    }

    public NDArray prompt() {
        return prompt;
    }

    @Override
    public List<NDArray> parameters() {
        return List.of(prompt);
    }

    @Override
    public int virtualTokens() {
        return Math.toIntExact(prompt.getShape().get(0));
    }

    @Override
    public ForwardInput withShared(ForwardInput input, int batch) {
        NDManager scope = input.tokenIds().getManager();
        NDArray view = prompt.expandDims(0);
        view.attach(scope);
        return input.withPrefix(view.repeat(0, batch));
    }

    @Override
    public ForwardInput withPerExample(ForwardInput input, List<NDArray> perExample) {
        return input.withPrefix(perExample.get(0));
    }

    @Override
    public void close() {
        manager.close();
    }
}
