package io.dpsynth.evaluation;

import io.dpsynth.dpsgd.PrefixLmEncoder;
import io.dpsynth.evaluation.lm.PerplexityEvaluator;
import io.dpsynth.evaluation.lm.TunedModel;
import io.dpsynth.model.LanguageModel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Perplexity of the real held-out records under the base model and, for a tuned adapter, under the base model with
 * the adapter, both on the same Prefix-LM sequences (the adapter's template, cut to leave room for its soft prompt)
 * so that the two compare. A base value depends only on that conditioning, so the last few are kept: the default one
 * is computed once per read of the real records, another once per conditioning an adapter brings.
 */
public final class HeldOutPerplexity {

    /** Conditionings whose base perplexity is kept (each is one number; the bound only stops unbounded growth). */
    static final int KEPT_CONDITIONINGS = 8;

    private record Conditioning(String template, int virtualTokens) {
    }

    private final LanguageModel model;
    private final List<LabeledText> heldOut;
    private final Map<Conditioning, PerplexityEvaluator.Result> base = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Conditioning, PerplexityEvaluator.Result> eldest) {
            return size() > KEPT_CONDITIONINGS;
        }
    };

    HeldOutPerplexity(LanguageModel model, List<LabeledText> heldOut) {
        this.model = model;
        this.heldOut = List.copyOf(heldOut);
    }

    /** The base model's perplexity with the default template ({@link PrefixLmEncoder#DEFAULT_TEMPLATE}). */
    public PerplexityEvaluator.Result base() {
        return base(PrefixLmEncoder.DEFAULT_TEMPLATE, 0);
    }

    /** The base model's and the tuned model's perplexity, in that order, on the same tokens. */
    public List<PerplexityEvaluator.Result> withTuned(TunedModel tuned) {
        PerplexityEvaluator evaluator = PerplexityEvaluator.tuned(model, tuned.tuner(), tuned.name());
        PerplexityEvaluator.Result tunedResult = evaluator.evaluate(heldOut,
                PerplexityEvaluator.encoder(model, tuned.prefixTemplate(), evaluator.virtualTokens()));
        return List.of(base(tuned.prefixTemplate(), evaluator.virtualTokens()), tunedResult);
    }

    private synchronized PerplexityEvaluator.Result base(String template, int virtualTokens) {
        // synchronized: concurrent FlowFiles wait for one computation instead of each running it
        return base.computeIfAbsent(new Conditioning(template, virtualTokens), conditioning -> PerplexityEvaluator
                .base(model).evaluate(heldOut, PerplexityEvaluator.encoder(model, template, virtualTokens)));
    }
}
