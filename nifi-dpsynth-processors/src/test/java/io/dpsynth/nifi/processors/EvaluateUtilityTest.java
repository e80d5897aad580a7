package io.dpsynth.nifi.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ai.djl.Device;
import io.dpsynth.dpsgd.AdapterFiles;
import io.dpsynth.dpsgd.PromptTuner;
import io.dpsynth.evaluation.LabeledText;
import io.dpsynth.evaluation.PlantedTopics;
import io.dpsynth.evaluation.UtilityReportJson;
import io.dpsynth.model.Gpt2Config;
import io.dpsynth.model.LanguageModel;
import io.dpsynth.model.TinyModelDirectory;
import io.dpsynth.nifi.DpsynthAttributes;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluateUtilityTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> LABELS = List.of("alpha", "beta");
    /** A word planted in every real and synthetic text: it must never leave the records. */
    private static final String SECRET = "zqxsecretpayloadqq";

    @TempDir
    Path dir;

    private TestRunner runner;
    private Path realFile;

    @BeforeEach
    void setUp() throws IOException, InitializationException {
        realFile = dir.resolve("real.jsonl");
        List<String> lines = new ArrayList<>();
        PlantedTopics.texts(200, LABELS, 1).forEach(t -> lines.add(line(t, "train")));
        PlantedTopics.texts(100, LABELS, 2).forEach(t -> lines.add(line(t, "test")));
        PlantedTopics.texts(10, LABELS, 3).forEach(t -> lines.add(line(t, "validation"))); // skipped
        Files.write(realFile, lines);

        runner = TestRunners.newTestRunner(EvaluateUtility.class);
        JsonLinesRecordReader reader = new JsonLinesRecordReader();
        runner.addControllerService("reader", reader);
        runner.enableControllerService(reader);
        runner.setProperty(EvaluateUtility.RECORD_READER, "reader");
        runner.setProperty(EvaluateUtility.REAL_READER, "reader");
        runner.setProperty(EvaluateUtility.REAL_LOCATION, realFile.toString());
    }

    @Test
    void reportGoesToSuccessWithMetricsAttributesAndLineage() throws IOException {
        Map<String, String> lineage = Map.of(DpsynthAttributes.BUDGET_ID, "tickets",
                DpsynthAttributes.EPSILON_SPENT, "3.0", DpsynthAttributes.DELTA_SPENT, "1.0E-6",
                DpsynthAttributes.LEDGER_ENTRY_ID, "entry-7");
        runner.enqueue(synthetic(PlantedTopics.texts(150, LABELS, 4)), lineage);
        runner.run();

        runner.assertTransferCount(EvaluateUtility.REL_SUCCESS, 1);
        runner.assertTransferCount(EvaluateUtility.REL_ORIGINAL, 1);
        MockFlowFile report = runner.getFlowFilesForRelationship(EvaluateUtility.REL_SUCCESS).get(0);
        lineage.forEach(report::assertAttributeEquals);
        report.assertAttributeEquals("mime.type", "application/json");
        report.assertAttributeEquals(DpsynthAttributes.UTILITY_SYNTHETIC_RECORDS, "150");
        report.assertAttributeEquals(DpsynthAttributes.UTILITY_BELOW_THRESHOLD, "");
        report.assertAttributeEquals(DpsynthAttributes.UTILITY_MAUVE_EMBEDDING, "tfidf-256");
        assertTrue(Double.parseDouble(report.getAttribute(DpsynthAttributes.UTILITY_ACCURACY)) > 0.9);
        assertTrue(Double.parseDouble(report.getAttribute(DpsynthAttributes.UTILITY_REFERENCE_ACCURACY)) > 0.9);

        JsonNode json = MAPPER.readTree(report.getContent());
        assertEquals(UtilityReportJson.SCHEMA_VERSION, json.get("schemaVersion").asInt());
        assertEquals(200, json.at("/counts/realTrainRecords").asInt());
        assertEquals(100, json.at("/counts/realHeldOutRecords").asInt());
        assertEquals(report.getAttribute(DpsynthAttributes.UTILITY_MAUVE),
                String.format(java.util.Locale.ROOT, "%.6f", json.at("/mauve/score").asDouble()));

        MockFlowFile original = runner.getFlowFilesForRelationship(EvaluateUtility.REL_ORIGINAL).get(0);
        original.assertAttributeEquals(DpsynthAttributes.UTILITY_ACCURACY,
                report.getAttribute(DpsynthAttributes.UTILITY_ACCURACY));
        assertNothingFromTheRecordsLeaks();
    }

    /** A tiny GPT-2 behind a DjlLanguageModelService set as the Language Model; returns its directory. */
    private Path tinyLanguageModel() throws IOException, InitializationException {
        // 64 positions: most planted texts are longer in byte tokens, so the explicit cut is exercised too
        Path modelDirectory = TinyModelDirectory.write(Files.createDirectory(dir.resolve("tiny-gpt2")),
                Gpt2Config.of(257, 64, 16, 1, 2), 7);
        TestServices.languageModel(runner, "model", modelDirectory);
        runner.setProperty(EvaluateUtility.LANGUAGE_MODEL, "model");
        return modelDirectory;
    }

    @Test
    void languageModelServiceGivesModelEmbeddingsForMauveAndTheBaseModelPerplexity() throws Exception {
        tinyLanguageModel();
        runner.enqueue(synthetic(PlantedTopics.texts(150, LABELS, 4)));
        runner.run();

        runner.assertTransferCount(EvaluateUtility.REL_SUCCESS, 1);
        MockFlowFile report = runner.getFlowFilesForRelationship(EvaluateUtility.REL_SUCCESS).get(0);
        report.assertAttributeEquals(DpsynthAttributes.UTILITY_MAUVE_EMBEDDING, "tiny-gpt2 mean-pooled");
        report.assertAttributeEquals(DpsynthAttributes.UTILITY_CLASSIFIER, "tfidf-logistic-regression");
        double perplexity = Double.parseDouble(report.getAttribute(DpsynthAttributes.UTILITY_PERPLEXITY_BASE));
        assertTrue(perplexity > 1, "perplexity " + perplexity);
        report.assertAttributeNotExists(DpsynthAttributes.UTILITY_PERPLEXITY_TUNED);
        double mauve = Double.parseDouble(report.getAttribute(DpsynthAttributes.UTILITY_MAUVE));
        assertTrue(mauve > 0 && mauve <= 1, "mauve " + mauve);

        JsonNode json = MAPPER.readTree(report.getContent());
        assertEquals("tiny-gpt2 mean-pooled", json.at("/mauve/embedding").asText());
        assertTrue(json.at("/mauve/truncatedTexts").asInt() > 0);
        assertEquals(1, json.at("/perplexity").size());
        assertEquals("tiny-gpt2", json.at("/perplexity/0/model").asText());
        assertEquals("none", json.at("/perplexity/0/adapter").asText());
        assertEquals(100, json.at("/perplexity/0/realHeldOutRecords").asInt());
        assertTrue(json.at("/perplexity/0/truncatedRecords").asInt() > 0);
        assertEquals(Math.exp(json.at("/perplexity/0/meanNll").asDouble()), json.at("/perplexity/0/perplexity").asDouble(),
                1e-9 * perplexity);
        List<String> pending = new ArrayList<>();
        json.at("/pending").forEach(node -> pending.add(node.asText()));
        assertEquals(List.of("perplexity-tuned-model", "downstream-sentence-encoder-probe"), pending);
        assertNothingFromTheRecordsLeaks();
    }

    @Test
    void adapterLocationAddsTheTunedPerplexityNextToTheBaseOnTheSameTokens() throws Exception {
        Path modelDirectory = tinyLanguageModel();
        Path adapters = Files.createDirectory(dir.resolve("adapters"));
        try (LanguageModel language = LanguageModel.load(modelDirectory, Device.cpu());
             PromptTuner tuner = PromptTuner.initialize(language.model(), 3, 9)) {
            Path zip = AdapterFiles.zip(adapters.resolve("entry-7.zip"), tuner, language.model().config(),
                    language.fingerprint(), "<label>: ");
            AdapterFiles.unzipped(zip, adapters.resolve("entry-7-unzipped"));
        }
        // as the release flow sets it
        runner.setProperty(EvaluateUtility.ADAPTER_LOCATION, adapters + "/${dpsynth.ledger.entry.id}.zip");
        runner.enqueue(synthetic(PlantedTopics.texts(150, LABELS, 4)), Map.of(DpsynthAttributes.LEDGER_ENTRY_ID, "entry-7"));
        runner.run(1, false, true);
        runner.setProperty(EvaluateUtility.ADAPTER_LOCATION, adapters + "/${dpsynth.ledger.entry.id}-unzipped");
        runner.enqueue(synthetic(PlantedTopics.texts(150, LABELS, 4)), Map.of(DpsynthAttributes.LEDGER_ENTRY_ID, "entry-7"));
        runner.run(1, true, false);

        runner.assertTransferCount(EvaluateUtility.REL_SUCCESS, 2);
        List<MockFlowFile> reports = runner.getFlowFilesForRelationship(EvaluateUtility.REL_SUCCESS);
        for (MockFlowFile report : reports) {
            JsonNode json = MAPPER.readTree(report.getContent());
            assertEquals(2, json.at("/perplexity").size());
            assertEquals("none", json.at("/perplexity/0/adapter").asText());
            assertEquals("soft-prompt-3", json.at("/perplexity/1/adapter").asText());
            for (JsonNode perplexity : json.at("/perplexity")) {
                assertEquals("<label>: ", perplexity.get("prefixTemplate").asText());
                assertEquals(json.at("/perplexity/0/tokens").asLong(), perplexity.get("tokens").asLong());
                assertEquals(json.at("/perplexity/0/truncatedRecords").asInt(), perplexity.get("truncatedRecords").asInt());
            }
            double base = Double.parseDouble(report.getAttribute(DpsynthAttributes.UTILITY_PERPLEXITY_BASE));
            double tuned = Double.parseDouble(report.getAttribute(DpsynthAttributes.UTILITY_PERPLEXITY_TUNED));
            assertEquals(json.at("/perplexity/1/perplexity").asDouble(), tuned, 1e-6);
            assertTrue(Math.abs(tuned - base) > 1e-3 * base, base + " vs " + tuned); // the soft prompt acts
            assertEquals(List.of("downstream-sentence-encoder-probe"), pending(json));
        }
        // the zip and the folder are the same adapter
        assertEquals(reports.get(0).getAttribute(DpsynthAttributes.UTILITY_PERPLEXITY_TUNED),
                reports.get(1).getAttribute(DpsynthAttributes.UTILITY_PERPLEXITY_TUNED));
        assertNothingFromTheRecordsLeaks();
    }

    @Test
    void anAdapterOfAnotherBaseModelOrNoAdapterFails() throws Exception {
        Path modelDirectory = tinyLanguageModel();
        Path adapters = Files.createDirectory(dir.resolve("adapters"));
        try (LanguageModel language = LanguageModel.load(modelDirectory, Device.cpu());
             PromptTuner tuner = PromptTuner.initialize(language.model(), 3, 9)) {
            AdapterFiles.zip(adapters.resolve("other.zip"), tuner, language.model().config(), "ab".repeat(32), "[<label>] ");
        }
        runner.setProperty(EvaluateUtility.ADAPTER_LOCATION, adapters + "/${adapter}.zip");
        runner.enqueue(synthetic(PlantedTopics.texts(50, LABELS, 4)), Map.of("adapter", "other"));
        runner.enqueue(synthetic(PlantedTopics.texts(50, LABELS, 4)), Map.of("adapter", "absent"));
        runner.run(2);

        runner.assertAllFlowFilesTransferred(EvaluateUtility.REL_FAILURE, 2);
        List<MockFlowFile> failed = runner.getFlowFilesForRelationship(EvaluateUtility.REL_FAILURE);
        String mismatch = failed.get(0).getAttribute(DpsynthAttributes.ERROR);
        assertTrue(mismatch.startsWith("the adapter was tuned on base model fingerprint abababababab, not on the "
                + "Language Model's tiny-gpt2 (fingerprint "), mismatch);
        failed.get(1).assertAttributeEquals(DpsynthAttributes.ERROR, "no adapter at " + adapters.resolve("absent.zip"));
        assertNothingFromTheRecordsLeaks();
    }

    @Test
    void miniLmProbeAndMiniLmMauveEmbeddingAreChosenByProperty() throws IOException {
        runner.setProperty(EvaluateUtility.CLASSIFIER, "minilm-probe");
        runner.setProperty(EvaluateUtility.MAUVE_EMBEDDING, "minilm");
        MockFlowFile report = reportOfOneFlowFile(60);
        report.assertAttributeEquals(DpsynthAttributes.UTILITY_CLASSIFIER, "minilm-probe");
        report.assertAttributeEquals(DpsynthAttributes.UTILITY_MAUVE_EMBEDDING, "all-minilm-l6-v2-q");
        JsonNode json = MAPPER.readTree(report.getContent());
        assertEquals("all-minilm-l6-v2-q", json.at("/downstream/settings/encoder").asText());
        assertEquals(List.of("perplexity-base-model", "perplexity-tuned-model", "mauve-model-embedding"), pending(json));
        assertNothingFromTheRecordsLeaks();
    }

    @Test
    void languageModelMauveEmbeddingNeedsALanguageModel() {
        runner.setProperty(EvaluateUtility.MAUVE_EMBEDDING, "language-model");
        runner.assertNotValid();
    }

    @Test
    void adapterLocationNeedsALanguageModel() {
        runner.setProperty(EvaluateUtility.ADAPTER_LOCATION, "/adapters/${dpsynth.ledger.entry.id}.zip");
        runner.assertNotValid();
    }

    /** Evaluates one FlowFile of {@code records} planted-topic records and returns its report. */
    private MockFlowFile reportOfOneFlowFile(int records) throws IOException {
        runner.enqueue(synthetic(PlantedTopics.texts(records, LABELS, 4)));
        runner.run();
        runner.assertTransferCount(EvaluateUtility.REL_SUCCESS, 1);
        return runner.getFlowFilesForRelationship(EvaluateUtility.REL_SUCCESS).get(0);
    }

    private static List<String> pending(JsonNode json) {
        List<String> pending = new ArrayList<>();
        json.at("/pending").forEach(node -> pending.add(node.asText()));
        return pending;
    }

    @Test
    void withoutLanguageModelTheModelMetricsArePending() throws IOException {
        runner.enqueue(synthetic(PlantedTopics.texts(150, LABELS, 4)));
        runner.run();
        runner.assertTransferCount(EvaluateUtility.REL_SUCCESS, 1);
        MockFlowFile report = runner.getFlowFilesForRelationship(EvaluateUtility.REL_SUCCESS).get(0);
        report.assertAttributeNotExists(DpsynthAttributes.UTILITY_PERPLEXITY_BASE);
        JsonNode json = MAPPER.readTree(report.getContent());
        assertEquals(0, json.at("/perplexity").size());
        assertEquals(0, json.at("/mauve/truncatedTexts").asInt());
        List<String> pending = new ArrayList<>();
        json.at("/pending").forEach(node -> pending.add(node.asText()));
        assertEquals(List.of("perplexity-base-model", "perplexity-tuned-model", "mauve-model-embedding",
                "downstream-sentence-encoder-probe"), pending);
    }

    @Test
    void wordCnnClassifierIsChosenByProperty() throws IOException {
        runner.setProperty(EvaluateUtility.CLASSIFIER, "svm");
        runner.assertNotValid();
        runner.setProperty(EvaluateUtility.CLASSIFIER, "word-cnn");
        MockFlowFile report = reportOfOneFlowFile(150);
        report.assertAttributeEquals(DpsynthAttributes.UTILITY_CLASSIFIER, "word-cnn");
        assertTrue(Double.parseDouble(report.getAttribute(DpsynthAttributes.UTILITY_REFERENCE_ACCURACY)) > 0.8);
        assertTrue(Double.parseDouble(report.getAttribute(DpsynthAttributes.UTILITY_ACCURACY)) > 0.8);
        JsonNode json = MAPPER.readTree(report.getContent());
        assertEquals("word-cnn", json.at("/downstream/classifier").asText());
        assertEquals(25, json.at("/downstream/settings/seed").asInt());
        assertNothingFromTheRecordsLeaks();
    }

    @Test
    void missedThresholdRoutesToBelowThreshold() {
        runner.setProperty(EvaluateUtility.MIN_ACCURACY, "0.5");
        runner.setProperty(EvaluateUtility.MIN_MAUVE, "1.0");
        runner.enqueue(synthetic(PlantedTopics.texts(150, LABELS, 4)));
        runner.run();

        runner.assertTransferCount(EvaluateUtility.REL_BELOW_THRESHOLD, 1);
        runner.assertTransferCount(EvaluateUtility.REL_SUCCESS, 0);
        runner.getFlowFilesForRelationship(EvaluateUtility.REL_BELOW_THRESHOLD).get(0)
                .assertAttributeEquals(DpsynthAttributes.UTILITY_BELOW_THRESHOLD, "mauve");
    }

    @Test
    void emptySyntheticSetFails() {
        assertFailure("", "there are no synthetic records");
    }

    @Test
    void syntheticLabelAbsentFromTheRealRecordsFails() {
        String content = synthetic(List.of(new LabeledText("a b", "alpha"), new LabeledText("c d", "gamma")));
        assertFailure(content, "1 label(s) of the synthetic records do not occur in the real records");
    }

    @Test
    void syntheticRecordWithoutLabelFails() {
        assertFailure("{\"text\":\"" + SECRET + "\"}\n", "synthetic record 1 has no field 'label'");
    }

    @Test
    void unreadableSyntheticContentFailsWithoutQuotingIt() {
        assertFailure("{\"text\": \"" + SECRET + " broken\n", "synthetic records could not be read (MalformedRecordException)");
    }

    @Test
    void realRecordsWithoutSplitFieldStopScheduling() throws IOException {
        Files.writeString(realFile, "{\"text\":\"" + SECRET + "\",\"label\":\"alpha\"}\n");
        runner.enqueue(synthetic(PlantedTopics.texts(10, LABELS, 4)));
        AssertionError error = assertThrows(AssertionError.class, () -> runner.run());
        assertTrue(causes(error).contains("has no field 'split'"), causes(error));
        assertFalse(causes(error).contains(SECRET));
        assertNothingFromTheRecordsLeaks();
    }

    @Test
    void realRecordsWithoutHeldOutSplitStopScheduling() throws IOException {
        Files.writeString(realFile, "{\"text\":\"a\",\"label\":\"alpha\",\"split\":\"train\"}\n");
        runner.enqueue(synthetic(PlantedTopics.texts(10, LABELS, 4)));
        AssertionError error = assertThrows(AssertionError.class, () -> runner.run());
        assertTrue(causes(error).contains("no held-out records"), causes(error));
    }

    private static String causes(Throwable error) {
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            messages.append(cause.getMessage()).append(" | ");
        }
        return messages.toString();
    }

    private void assertFailure(String content, String expectedError) {
        runner.enqueue(content);
        runner.run();
        runner.assertAllFlowFilesTransferred(EvaluateUtility.REL_FAILURE, 1);
        runner.getFlowFilesForRelationship(EvaluateUtility.REL_FAILURE).get(0)
                .assertAttributeEquals(DpsynthAttributes.ERROR, expectedError);
        assertNothingFromTheRecordsLeaks();
    }

    /** No record text and no label value in any report, attribute, provenance detail or log message. */
    private void assertNothingFromTheRecordsLeaks() {
        List<String> outputs = new ArrayList<>();
        for (var relationship : List.of(EvaluateUtility.REL_SUCCESS, EvaluateUtility.REL_BELOW_THRESHOLD)) {
            for (MockFlowFile report : runner.getFlowFilesForRelationship(relationship)) {
                outputs.add(report.getContent());
                outputs.add(report.getAttributes().toString());
            }
        }
        for (var relationship : List.of(EvaluateUtility.REL_ORIGINAL, EvaluateUtility.REL_FAILURE)) {
            runner.getFlowFilesForRelationship(relationship).forEach(ff -> outputs.add(ff.getAttributes().toString()));
        }
        for (ProvenanceEventRecord event : runner.getProvenanceEvents()) {
            outputs.add(String.valueOf(event.getDetails()));
        }
        List<LogMessage> logs = new ArrayList<>(runner.getLogger().getErrorMessages());
        logs.addAll(runner.getLogger().getWarnMessages());
        logs.addAll(runner.getLogger().getInfoMessages());
        for (LogMessage message : logs) {
            outputs.add(message.getMsg());
            outputs.add(java.util.Arrays.toString(message.getArgs()));
        }
        for (String output : outputs) {
            assertFalse(output.contains(SECRET), output);
            assertFalse(output.contains("common1"), output); // a planted word
            for (String label : List.of("alpha", "beta", "gamma")) {
                assertFalse(output.contains(label), output);
            }
        }
    }

    private static String line(LabeledText text, String split) {
        Map<String, String> record = new HashMap<>();
        record.put("text", text.text() + " " + SECRET);
        record.put("label", text.label());
        record.put("split", split);
        try {
            return MAPPER.writeValueAsString(record);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String synthetic(List<LabeledText> texts) {
        StringBuilder content = new StringBuilder();
        for (LabeledText text : texts) {
            content.append(line(text, "synthetic")).append('\n');
        }
        return content.toString();
    }
}
