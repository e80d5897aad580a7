package io.dpsynth.evaluation.lm;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.dpsynth.dpsgd.PrefixLmBatch;
import io.dpsynth.dpsgd.PrefixLmEncoder;
import io.dpsynth.dpsgd.PrefixLmExample;
import io.dpsynth.dpsgd.Tuner;
import io.dpsynth.evaluation.LabeledText;
import io.dpsynth.model.ForwardInput;
import io.dpsynth.model.Gpt2Model;
import io.dpsynth.model.LanguageModel;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-token perplexity of labelled records under the base model, or under the base model with a {@link Tuner}
 * applied, with the Prefix-LM conditioning of tuning: each record is encoded exactly as DP tuning encodes it
 * ({@link PrefixLmEncoder}: the template's prefix with the record's label, the text, end-of-text) and scored as the
 * tuning loss scores it ({@link PrefixLmBatch}): the prefix conditions the text but its tokens are not predicted;
 * every text token and the end-of-text token are. Result: {@code exp(total NLL / scored tokens)} over all records
 * together. A base and a tuned perplexity are comparable when computed with the same encoder.
 */
public final class PerplexityEvaluator {

    /**
     * @param model          the base model's name
     * @param adapter        {@value #BASE} for the base model, else the adapter's name (e.g. {@code soft-prompt-20})
     * @param prefixTemplate the Prefix-LM template the records were conditioned on ({@code <label>} for the label)
     * @param perplexity     exp of {@code meanNll}
     * @param meanNll        mean negative log-likelihood per scored token, in nats
     * @param tokens         tokens scored: text tokens and the end-of-text token of records that were not cut
     * @param texts          records scored
     * @param truncatedTexts records cut to the model's limit
     */
    public record Result(String model, String adapter, String prefixTemplate, double perplexity, double meanNll,
                         long tokens, int texts, int truncatedTexts) {
    }

    /** The adapter name of the base model alone. */
    public static final String BASE = "none";

    /** Padded tokens per forward pass; the logits of a pass take this × vocabulary × 4 bytes (twice). */
    static final int TOKEN_BUDGET = 1024;
    static final int MAX_BATCH = 16;

    private final LanguageModel model;
    private final Tuner tuner;
    private final String adapter;

    private PerplexityEvaluator(LanguageModel model, Tuner tuner, String adapter) {
        this.model = model;
        this.tuner = tuner;
        this.adapter = adapter;
    }

    /** The frozen base model alone. */
    public static PerplexityEvaluator base(LanguageModel model) {
        return new PerplexityEvaluator(model, null, BASE);
    }

    /**
     * The base model with {@code tuner} applied through its shared forward decoration ({@link Tuner#withShared}),
     * so any kind of tuner works; the caller keeps ownership of the tuner.
     */
    public static PerplexityEvaluator tuned(LanguageModel model, Tuner tuner, String adapter) {
        if (BASE.equals(adapter)) {
            throw new IllegalArgumentException("'" + BASE + "' names the base model, not an adapter");
        }
        return new PerplexityEvaluator(model, tuner, adapter);
    }

    /**
     * The encoder for records scored with {@code virtualTokens} soft-prompt positions in front: sequences are cut so
     * that the soft prompt and the inputs (every token but the last, which is only a target) fit the model, as DP
     * tuning cuts them. Use one encoder for a base and a tuned perplexity that are to be compared.
     */
    public static PrefixLmEncoder encoder(LanguageModel model, String template, int virtualTokens) {
        return new PrefixLmEncoder(model.tokenizer(), template, model.maxSequenceLength() - virtualTokens + 1);
    }

    /** Soft-prompt positions this evaluator's model puts before the tokens. */
    public int virtualTokens() {
        return tuner == null ? 0 : tuner.virtualTokens();
    }

    /**
     * @throws IllegalArgumentException when there are no records, or a label's prefix alone fills the length limit
     *                                  (the message has counts only)
     */
    public Result evaluate(List<LabeledText> records, PrefixLmEncoder encoder) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("no records to score");
        }
        List<PrefixLmExample> examples = new ArrayList<>(records.size());
        int truncated = 0;
        for (LabeledText record : records) {
            PrefixLmExample example = encoder.encode(record.label(), record.text());
            truncated += example.truncated() ? 1 : 0;
            examples.add(example);
        }
        int[] lengths = examples.stream().mapToInt(example -> example.tokens().length).toArray();
        double totalNll = 0;
        long scored = 0;
        for (int[] batch : LengthBatches.of(lengths, MAX_BATCH, TOKEN_BUDGET)) {
            List<PrefixLmExample> part = new ArrayList<>(batch.length);
            for (int index : batch) {
                part.add(examples.get(index));
            }
            BatchLoss loss = summedNll(part);
            totalNll += loss.nll();
            scored += loss.tokens();
        }
        if (scored == 0) {
            throw new IllegalArgumentException("the records have no tokens to score");
        }
        double meanNll = totalNll / scored;
        return new Result(model.name(), adapter, encoder.template(), Math.exp(meanNll), meanNll, scored, records.size(),
                truncated);
    }

    private record BatchLoss(double nll, long tokens) {
    }

    /** The summed Prefix-LM loss of one batch and the tokens it covers, in the pass that tuning's loss would use. */
    private BatchLoss summedNll(List<PrefixLmExample> examples) {
        Gpt2Model gpt2 = model.model();
        try (NDManager pass = gpt2.weights().manager().newSubManager()) {
            PrefixLmBatch batch = PrefixLmBatch.of(examples, pass);
            ForwardInput input = ForwardInput.of(batch.inputs());
            if (tuner != null) {
                input = tuner.withShared(input, batch.size());
            }
            double nll = batch.summedLoss(gpt2.forward(input), virtualTokens()).toType(DataType.FLOAT64, false).getDouble();
            return new BatchLoss(nll, batch.weightedTargets());
        }
    }
}
