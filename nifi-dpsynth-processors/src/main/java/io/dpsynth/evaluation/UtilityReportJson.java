package io.dpsynth.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dpsynth.evaluation.downstream.ClassificationScores;
import io.dpsynth.evaluation.downstream.DownstreamEvaluation;
import io.dpsynth.evaluation.lm.PerplexityEvaluator;
import io.dpsynth.evaluation.mauve.MauveSettings;
import io.dpsynth.evaluation.ngram.LengthHistogram;
import io.dpsynth.evaluation.ngram.TextStatisticsComparison;

import java.util.List;
import java.util.Map;

/**
 * Writes a {@link UtilityReport} as the JSON document described in EvaluateUtility's
 * additionalDetails.md (schema version {@value #SCHEMA_VERSION}). Built node by node rather than
 * by reflection so that the schema changes only on purpose.
 */
public final class UtilityReportJson {

    public static final int SCHEMA_VERSION = 2;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private UtilityReportJson() {
    }

    public static byte[] write(UtilityReport report, List<String> missedThresholds) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.set("counts", counts(report.counts()));
        root.set("downstream", downstream(report.downstream()));
        root.set("mauve", mauve(report.mauve()));
        root.set("ngrams", ngrams(report.statistics()));
        root.set("lengths", lengths(report.statistics()));
        root.set("distinctN", distinctN(report.statistics()));
        root.set("perplexity", perplexity(report.perplexity()));
        root.set("belowThreshold", strings(missedThresholds));
        root.set("pending", strings(report.pending()));
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of numbers and names always serialises", e);
        }
    }

    private static ObjectNode counts(UtilityReport.Counts counts) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("syntheticRecords", counts.synthetic());
        node.put("realTrainRecords", counts.realTrain());
        node.put("realHeldOutRecords", counts.realTest());
        node.put("classes", counts.classes());
        return node;
    }

    private static ObjectNode downstream(DownstreamEvaluation.Result result) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("classifier", result.classifier());
        ObjectNode settings = node.putObject("settings");
        for (Map.Entry<String, Object> setting : result.settings().entrySet()) {
            settings.putPOJO(setting.getKey(), setting.getValue());
        }
        node.set("syntheticToReal", scores(result.syntheticToReal()));
        node.set("realToReal", scores(result.realToReal()));
        node.put("majorityClassAccuracy", result.majorityClassAccuracy());
        return node;
    }

    private static ObjectNode scores(ClassificationScores scores) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("accuracy", scores.accuracy());
        node.put("macroF1", scores.macroF1());
        node.put("testRecords", scores.examples());
        return node;
    }

    private static ObjectNode mauve(UtilityReport.MauveSection section) {
        MauveSettings settings = section.settings();
        ObjectNode node = MAPPER.createObjectNode();
        node.put("score", section.result().score());
        node.put("embedding", section.embedding());
        node.put("truncatedTexts", section.truncatedTexts());
        node.put("syntheticPoints", section.result().pPoints());
        node.put("realPoints", section.result().qPoints());
        node.put("pcaComponents", section.result().pcaComponents());
        node.put("clusters", section.result().clusters());
        node.put("explainedVariance", settings.explainedVariance());
        node.put("kMeansRestarts", settings.kMeansRestarts());
        node.put("kMeansMaxIterations", settings.kMeansMaxIterations());
        node.put("mixtureGridPoints", settings.gridPoints());
        node.put("scalingFactor", settings.scalingFactor());
        node.put("seed", settings.seed());
        return node;
    }

    private static ArrayNode perplexity(List<PerplexityEvaluator.Result> results) {
        ArrayNode array = MAPPER.createArrayNode();
        for (PerplexityEvaluator.Result result : results) {
            ObjectNode node = array.addObject();
            node.put("model", result.model());
            node.put("adapter", result.adapter());
            node.put("prefixTemplate", result.prefixTemplate());
            node.put("perplexity", result.perplexity());
            node.put("meanNll", result.meanNll());
            node.put("tokens", result.tokens());
            node.put("realHeldOutRecords", result.texts());
            node.put("truncatedRecords", result.truncatedTexts());
        }
        return array;
    }

    private static ObjectNode ngrams(TextStatisticsComparison statistics) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("distance", "jensen-shannon-divergence-base-2");
        node.put("unigram", statistics.unigramDivergence());
        node.put("bigram", statistics.bigramDivergence());
        return node;
    }

    private static ObjectNode lengths(TextStatisticsComparison statistics) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("unit", "tokens");
        ArrayNode edges = node.putArray("binLowerEdges");
        for (int edge : LengthHistogram.LOWER_EDGES) {
            edges.add(edge);
        }
        node.set("synthetic", histogram(statistics.meanLengthSynthetic(), statistics.lengthHistogramSynthetic()));
        node.set("real", histogram(statistics.meanLengthReal(), statistics.lengthHistogramReal()));
        node.put("jensenShannonDivergence", statistics.lengthDivergence());
        return node;
    }

    private static ObjectNode histogram(double mean, long[] counts) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("mean", mean);
        ArrayNode array = node.putArray("counts");
        for (long count : counts) {
            array.add(count);
        }
        return node;
    }

    private static ObjectNode distinctN(TextStatisticsComparison statistics) {
        ObjectNode node = MAPPER.createObjectNode();
        node.set("synthetic", byN(statistics.distinctSynthetic()));
        node.set("real", byN(statistics.distinctReal()));
        return node;
    }

    private static ObjectNode byN(double[] ratios) {
        ObjectNode node = MAPPER.createObjectNode();
        for (int n = 1; n <= ratios.length; n++) {
            node.put(Integer.toString(n), ratios[n - 1]);
        }
        return node;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = MAPPER.createArrayNode();
        values.forEach(array::add);
        return array;
    }
}
