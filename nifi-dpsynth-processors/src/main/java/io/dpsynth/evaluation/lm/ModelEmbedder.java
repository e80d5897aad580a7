package io.dpsynth.evaluation.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.dpsynth.evaluation.mauve.EmbedderFactory;
import io.dpsynth.evaluation.mauve.TextEmbedder;
import io.dpsynth.model.ForwardInput;
import io.dpsynth.model.Gpt2Model;
import io.dpsynth.model.LanguageModel;
import io.dpsynth.model.NativeArrays;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * MAUVE features from the base language model: the mean of the final hidden states (after the last layer norm)
 * over a text's tokens. Each text is fed after an end-of-text token, as in pre-training, so its first token has
 * context; that start position is left out of the mean (it is the same for every text) unless the text is empty.
 * Texts longer than the model's limit are cut explicitly, and {@link #truncatedTexts()} counts them.
 * Right padding cannot change a text's vector: attention is causal and padding is masked out of the mean.
 */
public final class ModelEmbedder implements TextEmbedder {

    /** Padded tokens per forward pass; bounds the activations' memory. */
    static final int TOKEN_BUDGET = 4096;
    static final int MAX_BATCH = 16;

    private final LanguageModel model;
    private final String name;
    private final AtomicInteger truncatedTexts = new AtomicInteger();

    public ModelEmbedder(LanguageModel model) {
        this.model = model;
        this.name = model.name() + " mean-pooled";
    }

    @Override
    public String name() {
        return name;
    }

    /** A fresh embedder per comparison, so that {@link #truncatedTexts()} counts that comparison's texts. */
    public static EmbedderFactory factory(LanguageModel model) {
        return (synthetic, real) -> new ModelEmbedder(model);
    }

    /** Texts cut to the model's maximum sequence length by all {@link #embed} calls of this embedder. */
    @Override
    public int truncatedTexts() {
        return truncatedTexts.get();
    }

    /** The model's name, weights and length limit determine every vector. */
    @Override
    public Optional<String> reuseKey() {
        return Optional.of(name + " " + model.fingerprint() + " " + model.maxSequenceLength());
    }

    @Override
    public double[][] embed(List<String> texts) {
        TokenizedTexts tokens = TokenizedTexts.encode(model.tokenizer(), texts,
                new long[] {model.tokenizer().endOfTextId()}, model.maxSequenceLength());
        truncatedTexts.addAndGet(tokens.truncated());
        double[][] vectors = new double[texts.size()][];
        Gpt2Model gpt2 = model.model();
        int width = gpt2.config().embeddingSize();
        for (int[] batch : tokens.batches(MAX_BATCH, TOKEN_BUDGET)) {
            long[][] rows = tokens.padded(batch, model.tokenizer().endOfTextId());
            int length = rows[0].length;
            float[] weights = new float[batch.length * length];
            for (int b = 0; b < batch.length; b++) {
                int tokenCount = tokens.ids(batch[b]).length;
                int first = tokenCount > 1 ? 1 : 0;
                for (int t = first; t < tokenCount; t++) {
                    weights[b * length + t] = 1f / (tokenCount - first);
                }
            }
            try (NDManager pass = gpt2.weights().manager().newSubManager()) {
                NDArray ids = NativeArrays.of(pass, rows);
                NDArray hidden = gpt2.hiddenStates(ForwardInput.of(ids).withKeyMask(keyMask(batch, tokens, length)));
                NDArray pooled = hidden.mul(NativeArrays.of(pass, weights, new Shape(batch.length, length, 1)))
                        .sum(new int[] {1});
                float[] flat = pooled.toFloatArray();
                for (int b = 0; b < batch.length; b++) {
                    double[] vector = new double[width];
                    for (int d = 0; d < width; d++) {
                        vector[d] = flat[b * width + d];
                    }
                    vectors[batch[b]] = vector;
                }
            }
        }
        return vectors;
    }

    /** Keys a text may attend to: its own tokens, not the padding after them. */
    static boolean[][] keyMask(int[] batch, TokenizedTexts tokens, int length) {
        boolean[][] mask = new boolean[batch.length][length];
        for (int b = 0; b < batch.length; b++) {
            Arrays.fill(mask[b], 0, tokens.ids(batch[b]).length, true);
        }
        return mask;
    }
}
