package io.dpsynth.evaluation.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.dpsynth.model.ForwardInput;
import io.dpsynth.model.Gpt2Model;
import io.dpsynth.model.LanguageModel;
import io.dpsynth.model.LoraAdapters;
import io.dpsynth.model.NativeArrays;
import io.dpsynth.training.NextTokenLoss;

import java.util.Arrays;
import java.util.List;

/**
 * Per-token perplexity of texts under the base model or the base model with a tuning adapter (a soft prompt
 * and/or LoRA deltas): {@code exp(total NLL / total text tokens)} over all texts together. Each text is scored
 * after an end-of-text start token (placed after the soft prompt, if any), so every text token is predicted
 * and counted; the start token and padding are not. Texts longer than the model's limit (less the soft prompt)
 * are cut explicitly and counted in the result.
 */
public final class PerplexityEvaluator {

    /**
     * @param model          the base model's name
     * @param adapter        {@code none}, {@code soft-prompt-<p>}, {@code lora} or both joined by {@code +}
     * @param perplexity     exp of {@code meanNll}
     * @param meanNll        mean negative log-likelihood per text token, in nats
     * @param tokens         text tokens scored
     * @param texts          texts scored
     * @param truncatedTexts texts cut to the model's limit
     */
    public record Result(String model, String adapter, double perplexity, double meanNll, long tokens, int texts,
                         int truncatedTexts) {
    }

    /** The adapter name of the base model alone. */
    public static final String BASE = "none";

    /** Padded tokens per forward pass; the logits of a pass take this × vocabulary × 4 bytes (twice). */
    static final int TOKEN_BUDGET = 1024;
    static final int MAX_BATCH = 16;

    private final LanguageModel model;
    private final NDArray softPrompt;
    private final LoraAdapters lora;
    private final String adapter;

    private PerplexityEvaluator(LanguageModel model, NDArray softPrompt, LoraAdapters lora, String adapter) {
        this.model = model;
        this.softPrompt = softPrompt;
        this.lora = lora;
        this.adapter = adapter;
    }

    /** The frozen base model alone. */
    public static PerplexityEvaluator base(LanguageModel model) {
        return new PerplexityEvaluator(model, null, LoraAdapters.none(), BASE);
    }

    /**
     * The base model with a tuning adapter; the caller keeps ownership of the arrays.
     *
     * @param softPrompt FLOAT32 {@code [p, d]} embeddings placed before every text, or null
     * @param lora       low-rank deltas, {@link LoraAdapters#none()} for none
     */
    public static PerplexityEvaluator tuned(LanguageModel model, NDArray softPrompt, LoraAdapters lora) {
        boolean isLora = !lora.isEmpty();
        int width = model.model().config().embeddingSize();
        if (softPrompt != null && (softPrompt.getShape().dimension() != 2 || softPrompt.getShape().get(1) != width)) {
            throw new IllegalArgumentException("a soft prompt must be [p, " + width + "], got " + softPrompt.getShape());
        }
        String prompt = softPrompt == null ? null : "soft-prompt-" + softPrompt.getShape().get(0);
        String name = prompt == null ? (isLora ? "lora" : BASE) : (isLora ? prompt + "+lora" : prompt);
        return new PerplexityEvaluator(model, softPrompt, lora, name);
    }

    public Result evaluate(List<String> texts) {
        int prefix = softPrompt == null ? 0 : Math.toIntExact(softPrompt.getShape().get(0));
        long start = model.tokenizer().endOfTextId();
        TokenizedTexts tokens = TokenizedTexts.encode(model.tokenizer(), texts, new long[] {start},
                model.maxSequenceLength() - prefix);
        double totalNll = 0;
        long scored = 0;
        for (int[] batch : tokens.batches(MAX_BATCH, TOKEN_BUDGET)) {
            long[][] rows = tokens.padded(batch, start);
            int length = rows[0].length;
            if (length < 2) {
                continue; // only empty texts: nothing to predict
            }
            float[] counted = new float[batch.length * (length - 1)];
            for (int b = 0; b < batch.length; b++) {
                int textTokens = tokens.ids(batch[b]).length - 1;
                Arrays.fill(counted, b * (length - 1), b * (length - 1) + textTokens, 1f);
                scored += textTokens;
            }
            totalNll += batchNll(rows, batch, tokens, prefix, counted);
        }
        if (scored == 0) {
            throw new IllegalArgumentException("the texts have no tokens to score");
        }
        double meanNll = totalNll / scored;
        return new Result(model.name(), adapter, Math.exp(meanNll), meanNll, scored, texts.size(), tokens.truncated());
    }

    /** Sum of the counted positions' NLL in one forward pass. */
    private double batchNll(long[][] rows, int[] batch, TokenizedTexts tokens, int prefix, float[] counted) {
        Gpt2Model gpt2 = model.model();
        int length = rows[0].length;
        try (NDManager pass = gpt2.weights().manager().newSubManager()) {
            NDArray ids = NativeArrays.of(pass, rows);
            boolean[][] keyMask = new boolean[batch.length][prefix + length];
            for (int b = 0; b < batch.length; b++) {
                Arrays.fill(keyMask[b], 0, prefix + tokens.ids(batch[b]).length, true);
            }
            ForwardInput input = ForwardInput.of(ids).withKeyMask(keyMask).withLora(lora);
            if (softPrompt != null) {
                NDArray expanded = softPrompt.broadcast(new Shape(batch.length, prefix, softPrompt.getShape().get(1)));
                expanded.attach(pass);
                input = input.withPrefix(expanded);
            }
            // Position prefix + t predicts token t + 1: the logits of the last position are never needed.
            NDArray hidden = gpt2.hiddenStates(input).get(new NDIndex(":, {}:{}, :", prefix, prefix + length - 1));
            NDArray targets = ids.get(new NDIndex(":, 1:"));
            NDArray mask = NativeArrays.of(pass, counted, new Shape(batch.length, length - 1));
            return NextTokenLoss.perPosition(gpt2.logits(input, hidden), targets).mul(mask).sum().toType(DataType.FLOAT64, false)
                    .getDouble();
        }
    }
}
