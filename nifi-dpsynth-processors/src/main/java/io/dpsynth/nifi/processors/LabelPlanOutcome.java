package io.dpsynth.nifi.processors;

import io.dpsynth.generation.DpLabelHistogram;

import java.util.Map;

/**
 * The labels GenerateSynthetic generates for, and what deciding them cost.
 *
 * @param counts      records per label
 * @param proportions the proportions the counts were rounded from
 * @param histogram   the DP label histogram that was released and charged; null for UNIFORM and GIVEN
 * @param budgetId    its budget; null without a histogram
 * @param entryId     its ledger entry; null without a histogram
 */
record LabelPlanOutcome(Map<String, Integer> counts, Map<String, Double> proportions, DpLabelHistogram histogram,
                        String budgetId, String entryId) {

    static final String CHARGED_NOTHING = "charged nothing";

    boolean charged() {
        return histogram != null;
    }

    /** For dpsynth.synthetic.charge and provenance: the spend's mechanism, or that there was none. */
    String charge() {
        if (histogram == null) {
            return CHARGED_NOTHING;
        }
        return String.format("label histogram %s: epsilon=%s delta=%s noiseScale=%s budget=%s entry=%s",
                histogram.mechanism(), histogram.epsilon(), histogram.delta(), histogram.noiseScale(), budgetId, entryId);
    }
}
