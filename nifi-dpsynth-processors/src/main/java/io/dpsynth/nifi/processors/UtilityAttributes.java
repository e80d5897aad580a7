package io.dpsynth.nifi.processors;

import io.dpsynth.evaluation.UtilityReport;
import io.dpsynth.evaluation.lm.PerplexityEvaluator;
import io.dpsynth.nifi.DpsynthAttributes;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The headline metrics of a report as FlowFile attributes, in plain decimals that RouteOnAttribute compares. */
final class UtilityAttributes {

    private UtilityAttributes() {
    }

    static Map<String, String> of(UtilityReport report, List<String> missedThresholds) {
        Map<String, String> attributes = new HashMap<>();
        attributes.put(DpsynthAttributes.UTILITY_ACCURACY, decimal(report.downstream().syntheticToReal().accuracy()));
        attributes.put(DpsynthAttributes.UTILITY_MACRO_F1, decimal(report.downstream().syntheticToReal().macroF1()));
        attributes.put(DpsynthAttributes.UTILITY_REFERENCE_ACCURACY, decimal(report.downstream().realToReal().accuracy()));
        attributes.put(DpsynthAttributes.UTILITY_REFERENCE_MACRO_F1, decimal(report.downstream().realToReal().macroF1()));
        attributes.put(DpsynthAttributes.UTILITY_MAUVE, decimal(report.mauve().result().score()));
        attributes.put(DpsynthAttributes.UTILITY_MAUVE_EMBEDDING, report.mauve().embedding());
        attributes.put(DpsynthAttributes.UTILITY_UNIGRAM_JSD, decimal(report.statistics().unigramDivergence()));
        attributes.put(DpsynthAttributes.UTILITY_BIGRAM_JSD, decimal(report.statistics().bigramDivergence()));
        attributes.put(DpsynthAttributes.UTILITY_LENGTH_JSD, decimal(report.statistics().lengthDivergence()));
        attributes.put(DpsynthAttributes.UTILITY_CLASSIFIER, report.downstream().classifier());
        for (PerplexityEvaluator.Result perplexity : report.perplexity()) {
            attributes.put(PerplexityEvaluator.BASE.equals(perplexity.adapter()) ? DpsynthAttributes.UTILITY_PERPLEXITY_BASE
                    : DpsynthAttributes.UTILITY_PERPLEXITY_TUNED, decimal(perplexity.perplexity()));
        }
        attributes.put(DpsynthAttributes.UTILITY_SYNTHETIC_RECORDS, Integer.toString(report.counts().synthetic()));
        attributes.put(DpsynthAttributes.UTILITY_BELOW_THRESHOLD, String.join(",", missedThresholds));
        return attributes;
    }

    /** Six decimals, never scientific notation (1.0E-4 would not compare as a number in the Expression Language). */
    static String decimal(double value) {
        return String.format(Locale.ROOT, "%.6f", value);
    }
}
