package io.dpsynth.evaluation;

import io.dpsynth.evaluation.downstream.DownstreamEvaluation;
import io.dpsynth.evaluation.downstream.MiniLmProbe;
import io.dpsynth.evaluation.lm.PerplexityEvaluator;
import io.dpsynth.evaluation.mauve.Mauve;
import io.dpsynth.evaluation.mauve.MauveSettings;
import io.dpsynth.evaluation.ngram.TextStatisticsComparison;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything one evaluation measured: counts and metrics only, never a text or a label value.
 *
 * @param perplexity of the real held-out texts, per model (base, then tuned when an adapter was given); empty
 *                   without a language model
 * @param pending    model metrics this report lacks because they were not configured (no language model, no
 *                   adapter, another classifier than the sentence-encoder probe)
 */
public record UtilityReport(Counts counts, DownstreamEvaluation.Result downstream, MauveSection mauve,
                            TextStatisticsComparison statistics, List<PerplexityEvaluator.Result> perplexity,
                            List<String> pending) {

    public static final String PERPLEXITY_BASE_MODEL = "perplexity-base-model";
    public static final String PERPLEXITY_TUNED_MODEL = "perplexity-tuned-model";
    public static final String MAUVE_MODEL_EMBEDDING = "mauve-model-embedding";
    public static final String SENTENCE_ENCODER_PROBE = "downstream-sentence-encoder-probe";

    /** The pending list for a report with these metrics. */
    static List<String> pending(List<PerplexityEvaluator.Result> perplexity, boolean modelEmbedding, String classifier) {
        List<String> pending = new ArrayList<>();
        if (perplexity.stream().noneMatch(result -> PerplexityEvaluator.BASE.equals(result.adapter()))) {
            pending.add(PERPLEXITY_BASE_MODEL);
        }
        if (perplexity.stream().allMatch(result -> PerplexityEvaluator.BASE.equals(result.adapter()))) {
            pending.add(PERPLEXITY_TUNED_MODEL);
        }
        if (!modelEmbedding) {
            pending.add(MAUVE_MODEL_EMBEDDING);
        }
        if (!MiniLmProbe.NAME.equals(classifier)) {
            pending.add(SENTENCE_ENCODER_PROBE);
        }
        return List.copyOf(pending);
    }

    public record Counts(int synthetic, int realTrain, int realTest, int classes) {
    }

    /**
     * MAUVE of synthetic (P) against real held-out (Q) and the settings that produced it.
     *
     * @param truncatedTexts texts of both sets cut to the embedding model's length limit (0 for TF-IDF)
     */
    public record MauveSection(Mauve.Result result, String embedding, int truncatedTexts, MauveSettings settings) {
    }
}
