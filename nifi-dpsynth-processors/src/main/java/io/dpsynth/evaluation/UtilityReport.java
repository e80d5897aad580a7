package io.dpsynth.evaluation;

import io.dpsynth.evaluation.downstream.DownstreamEvaluation;
import io.dpsynth.evaluation.mauve.Mauve;
import io.dpsynth.evaluation.mauve.MauveSettings;
import io.dpsynth.evaluation.ngram.TextStatisticsComparison;

import java.util.List;

/**
 * Everything one evaluation measured: counts and metrics only, never a text or a label value.
 *
 * @param pending metrics of issue 7 that need the language model and are not computed yet
 */
public record UtilityReport(Counts counts, DownstreamEvaluation.Result downstream, MauveSection mauve,
                            TextStatisticsComparison statistics, List<String> pending) {

    /** Metrics that arrive with the model service. */
    public static final List<String> PENDING_MODEL_METRICS = List.of("perplexity-tuned-model", "perplexity-base-model",
            "mauve-model-embedding", "downstream-word-cnn", "downstream-sentence-encoder-probe");

    public record Counts(int synthetic, int realTrain, int realTest, int classes) {
    }

    /** MAUVE of synthetic (P) against real held-out (Q) and the settings that produced it. */
    public record MauveSection(Mauve.Result result, String embedding, MauveSettings settings) {
    }
}
