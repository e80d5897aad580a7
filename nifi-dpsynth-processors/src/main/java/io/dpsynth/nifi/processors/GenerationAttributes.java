package io.dpsynth.nifi.processors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpsynth.dpsgd.AdapterMetadata;
import io.dpsynth.generation.GenerationSummary;
import io.dpsynth.model.GenerationSettings;
import io.dpsynth.nifi.DpsynthAttributes;

import java.util.HashMap;
import java.util.Map;

/** GenerateSynthetic's attributes and provenance details: counts, settings and lineage, never record text. */
final class GenerationAttributes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GenerationAttributes() {
    }

    static String json(Map<String, ?> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of labels to numbers is always serialisable", e);
        }
    }

    /** Decoding settings and the seed: known before anything is generated, so also written on failures. */
    static Map<String, String> settings(GenerationSettings settings, int batchSize, String distribution) {
        Map<String, String> attributes = new HashMap<>();
        attributes.put(DpsynthAttributes.GENERATION_TEMPERATURE, Double.toString(settings.temperature()));
        attributes.put(DpsynthAttributes.GENERATION_TOP_K, Integer.toString(settings.topK()));
        attributes.put(DpsynthAttributes.GENERATION_TOP_P, Double.toString(settings.topP()));
        attributes.put(DpsynthAttributes.GENERATION_MAX_NEW_TOKENS, Integer.toString(settings.maxNewTokens()));
        attributes.put(DpsynthAttributes.GENERATION_SEED, Long.toString(settings.seed()));
        attributes.put(DpsynthAttributes.GENERATION_BATCH_SIZE, Integer.toString(batchSize));
        attributes.put(DpsynthAttributes.SYNTHETIC_LABEL_DISTRIBUTION, distribution);
        return attributes;
    }

    /** What the label plan charged (and the histogram's mechanism when there was one). */
    static Map<String, String> charge(LabelPlanOutcome plan, String noiseMode) {
        Map<String, String> attributes = new HashMap<>();
        attributes.put(DpsynthAttributes.SYNTHETIC_CHARGE, plan.charge());
        attributes.put(DpsynthAttributes.SYNTHETIC_LABEL_PROPORTIONS, json(plan.proportions()));
        if (plan.charged()) {
            attributes.put(DpsynthAttributes.SYNTHETIC_HISTOGRAM_MECHANISM, plan.histogram().mechanism().name());
            attributes.put(DpsynthAttributes.SYNTHETIC_HISTOGRAM_EPSILON, Double.toString(plan.histogram().epsilon()));
            attributes.put(DpsynthAttributes.SYNTHETIC_HISTOGRAM_DELTA, Double.toString(plan.histogram().delta()));
            attributes.put(DpsynthAttributes.SYNTHETIC_HISTOGRAM_NOISE_SCALE, Double.toString(plan.histogram().noiseScale()));
            attributes.put(DpsynthAttributes.SYNTHETIC_HISTOGRAM_NOISE_MODE, noiseMode);
            attributes.put(DpsynthAttributes.SYNTHETIC_HISTOGRAM_BUDGET_ID, plan.budgetId());
            attributes.put(DpsynthAttributes.SYNTHETIC_HISTOGRAM_ENTRY_ID, plan.entryId());
        }
        return attributes;
    }

    /** The whole run's counts. */
    static Map<String, String> run(GenerationSummary summary, int requested) {
        Map<String, String> attributes = new HashMap<>();
        attributes.put(DpsynthAttributes.SYNTHETIC_RUN_RECORDS, Integer.toString(summary.kept()));
        attributes.put(DpsynthAttributes.SYNTHETIC_RUN_LABEL_COUNTS, json(summary.keptPerLabel()));
        attributes.put(DpsynthAttributes.SYNTHETIC_REQUESTED, Integer.toString(requested));
        attributes.put(DpsynthAttributes.SYNTHETIC_DROPPED, Integer.toString(summary.dropped()));
        attributes.put(DpsynthAttributes.GENERATION_TOKENS, Long.toString(summary.tokens()));
        attributes.put(DpsynthAttributes.GENERATION_MAX_NEW_TOKENS, Integer.toString(summary.maxNewTokens()));
        return attributes;
    }

    /**
     * The adapter's privacy lineage from its metadata: what its DP-SGD run cost and which base model it belongs to.
     * With {@code override} false, attributes the adapter FlowFile already carries (from DpPromptTune) are kept.
     */
    static Map<String, String> lineage(AdapterMetadata metadata, Map<String, String> present, boolean override) {
        Map<String, String> attributes = new HashMap<>();
        Map<String, String> fromMetadata = Map.of(
                DpsynthAttributes.DPSGD_EPSILON, Double.toString(metadata.epsilonSpent()),
                DpsynthAttributes.DPSGD_DELTA, metadata.mechanism() == null ? "" : Double.toString(metadata.mechanism().delta()),
                DpsynthAttributes.BASE_MODEL_FINGERPRINT, metadata.baseModelFingerprint());
        fromMetadata.forEach((name, value) -> {
            if (override || present.get(name) == null) {
                attributes.put(name, value);
            }
        });
        return attributes;
    }

    static String provenanceDetails(GenerationSummary summary, int requested, GenerationSettings settings, int batchSize,
                                    String distribution, LabelPlanOutcome plan, Map<String, String> lineage) {
        return String.format("synthetic records: kept=%d dropped=%d requested=%d perLabel=%s distribution=%s charge=[%s] "
                        + "temperature=%s topK=%d topP=%s maxNewTokens=%d seed=%d batch=%d tokens=%d adapterEpsilon=%s "
                        + "adapterDelta=%s budget=%s entry=%s", summary.kept(), summary.dropped(), requested,
                json(summary.keptPerLabel()), distribution, plan.charge(), settings.temperature(), settings.topK(),
                settings.topP(), summary.maxNewTokens(), settings.seed(), batchSize, summary.tokens(),
                lineage.get(DpsynthAttributes.DPSGD_EPSILON), lineage.get(DpsynthAttributes.DPSGD_DELTA),
                lineage.get(DpsynthAttributes.BUDGET_ID), lineage.get(DpsynthAttributes.LEDGER_ENTRY_ID));
    }
}
