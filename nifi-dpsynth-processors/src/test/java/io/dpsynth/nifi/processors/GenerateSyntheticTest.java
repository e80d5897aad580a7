package io.dpsynth.nifi.processors;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpsynth.dpsgd.AdapterMetadata;
import io.dpsynth.dpsgd.DpSgdAccountant;
import io.dpsynth.dpsgd.DpSgdCalibration;
import io.dpsynth.dpsgd.NoiseMode;
import io.dpsynth.dpsgd.PeftAdapterArchive;
import io.dpsynth.dpsgd.PrefixLmEncoder;
import io.dpsynth.dpsgd.PromptTuner;
import io.dpsynth.model.Gpt2Config;
import io.dpsynth.model.LanguageModel;
import io.dpsynth.model.TinyModelDirectory;
import io.dpsynth.nifi.DpsynthAttributes;
import io.dpsynth.nifi.services.StandardPrivacyLedgerService;
import io.dpsynth.privacy.GaussianEvent;
import io.dpsynth.privacy.LaplaceEvent;
import io.dpsynth.privacy.pld.PldAccountant;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenerateSyntheticTest {

    private static final Gpt2Config MODEL = Gpt2Config.of(257, 64, 16, 1, 2);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;
    private Path modelDirectory;
    private TestRunner runner;
    private StandardPrivacyLedgerService ledger;

    @BeforeEach
    void setUp() throws Exception {
        modelDirectory = TinyModelDirectory.write(Files.createDirectory(temp.resolve("model")), MODEL, 7);
        runner = TestRunners.newTestRunner(GenerateSynthetic.class);
        TestServices.languageModel(runner, "model", modelDirectory);
        JsonLinesRecordWriter writer = new JsonLinesRecordWriter();
        runner.addControllerService("writer", writer);
        runner.enableControllerService(writer);
        JsonLinesRecordReader reader = new JsonLinesRecordReader();
        runner.addControllerService("reader", reader);
        runner.enableControllerService(reader);
        ledger = TestServices.pldLedger(runner, "ledger", "10", "1e-5");
        runner.setProperty(GenerateSynthetic.LANGUAGE_MODEL, "model");
        runner.setProperty(GenerateSynthetic.RECORD_WRITER, "writer");
        runner.setProperty(GenerateSynthetic.RECORD_COUNT, "10");
        runner.setProperty(GenerateSynthetic.RECORDS_PER_FLOWFILE, "4");
        runner.setProperty(GenerateSynthetic.BATCH_SIZE, "3");
        runner.setProperty(GenerateSynthetic.MAX_NEW_TOKENS, "12");
        runner.setProperty(GenerateSynthetic.SEED, "5");
    }

    @Test
    void uniformLabelsSplitIntoFragmentsThatCarryCountsSettingsAndLineageAndChargeNothing() throws Exception {
        runner.enqueue(adapterZip(fingerprint()), lineage());
        runner.run();

        runner.assertTransferCount(GenerateSynthetic.REL_ORIGINAL, 1);
        List<MockFlowFile> outputs = sorted(runner.getFlowFilesForRelationship(GenerateSynthetic.REL_SUCCESS));
        MockFlowFile original = runner.getFlowFilesForRelationship(GenerateSynthetic.REL_ORIGINAL).getFirst();
        int kept = Integer.parseInt(original.getAttribute(DpsynthAttributes.SYNTHETIC_RUN_RECORDS));
        int dropped = Integer.parseInt(original.getAttribute(DpsynthAttributes.SYNTHETIC_DROPPED));
        assertEquals(10, kept + dropped);
        assertEquals((kept + 3) / 4, outputs.size());
        List<JsonNode> records = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            MockFlowFile out = outputs.get(i);
            List<JsonNode> lines = lines(out);
            records.addAll(lines);
            out.assertAttributeEquals("record.count", Integer.toString(lines.size()));
            out.assertAttributeEquals("fragment.index", Integer.toString(i));
            out.assertAttributeEquals("fragment.count", Integer.toString(outputs.size()));
            out.assertAttributeEquals("fragment.identifier", outputs.getFirst().getAttribute("fragment.identifier"));
            out.assertAttributeEquals("mime.type", "application/json");
            out.assertAttributeEquals(DpsynthAttributes.SYNTHETIC_CHARGE, "charged nothing");
            out.assertAttributeEquals(DpsynthAttributes.SYNTHETIC_LABEL_DISTRIBUTION, "UNIFORM");
            out.assertAttributeEquals(DpsynthAttributes.GENERATION_SEED, "5");
            out.assertAttributeEquals(DpsynthAttributes.GENERATION_TEMPERATURE, "1.0");
            out.assertAttributeEquals(DpsynthAttributes.GENERATION_MAX_NEW_TOKENS, "12");
            out.assertAttributeEquals(DpsynthAttributes.DPSGD_EPSILON, "3.5");
            out.assertAttributeEquals(DpsynthAttributes.LEDGER_ENTRY_ID, "entry-1");
            out.assertAttributeEquals(DpsynthAttributes.BUDGET_ID, "tickets");
            out.assertAttributeEquals(DpsynthAttributes.SYNTHETIC_RUN_RECORDS, Integer.toString(kept));
            JsonNode perLabel = JSON.readTree(out.getAttribute(DpsynthAttributes.SYNTHETIC_LABEL_COUNTS));
            assertEquals(lines.size(), perLabel.path("ham").asInt() + perLabel.path("spam").asInt());
        }
        assertEquals(kept, records.size());
        assertTrue(records.stream().allMatch(r -> r.has("text") && r.has("index") && r.has("tokens") && r.has("complete")));
        JsonNode runCounts = JSON.readTree(original.getAttribute(DpsynthAttributes.SYNTHETIC_RUN_LABEL_COUNTS));
        assertEquals(records.stream().filter(r -> r.path("label").asText().equals("spam")).count(), runCounts.path("spam").asLong());
        assertTrue(runCounts.path("spam").asInt() <= 5 && runCounts.path("ham").asInt() <= 5, "uniform plan 5 + 5: " + runCounts);
        assertEquals(0, ledger.totals("tickets").epsilonSpent(), 0, "uniform labels charge nothing");

        ProvenanceEventRecord fork = runner.getProvenanceEvents().stream()
                .filter(e -> e.getEventType() == ProvenanceEventType.FORK && e.getDetails() != null).findFirst().orElseThrow();
        assertEquals(outputs.size(), fork.getChildUuids().size());
        assertTrue(fork.getDetails().contains("kept=" + kept) && fork.getDetails().contains("charge=[charged nothing]")
                && fork.getDetails().contains("seed=5"), fork.getDetails());
    }

    @Test
    void sameSeedSameRecordsAndAnotherSeedOthers() throws Exception {
        String first = allText();
        String again = allText();
        runner.setProperty(GenerateSynthetic.SEED, "6");
        String other = allText();
        assertEquals(first, again);
        assertNotEquals(first, other);
    }

    @Test
    void anEmptySeedIsDrawnAndRecordedSoTheRunCanBeRepeated() throws Exception {
        runner.removeProperty(GenerateSynthetic.SEED);
        String drawn = allText();
        String seed = runner.getFlowFilesForRelationship(GenerateSynthetic.REL_ORIGINAL).getFirst()
                .getAttribute(DpsynthAttributes.GENERATION_SEED);
        runner.setProperty(GenerateSynthetic.SEED, seed);
        assertEquals(drawn, allText());
    }

    @Test
    void givenProportionsAndACountFromTheAdapterLocationsMetadata() throws Exception {
        Path zip = temp.resolve("adapter.zip");
        Files.write(zip, adapterZip(fingerprint()));
        runner.setProperty(GenerateSynthetic.ADAPTER_LOCATION, "${adapter.path}");
        runner.removeProperty(GenerateSynthetic.RECORD_COUNT);
        runner.setProperty(GenerateSynthetic.RECORDS_PER_TRAINING_RECORD, "1.2"); // 10 training records → 12
        runner.setProperty(GenerateSynthetic.LABEL_DISTRIBUTION, "GIVEN");
        runner.setProperty(GenerateSynthetic.LABEL_PROPORTIONS, "spam:1, ham:3");
        runner.setProperty(GenerateSynthetic.RECORDS_PER_FLOWFILE, "100");
        runner.enqueue("trigger", Map.of("adapter.path", zip.toString()));
        runner.run();
        MockFlowFile out = runner.getFlowFilesForRelationship(GenerateSynthetic.REL_SUCCESS).getFirst();
        out.assertAttributeEquals(DpsynthAttributes.SYNTHETIC_REQUESTED, "12");
        out.assertAttributeEquals(DpsynthAttributes.SYNTHETIC_DROPPED, "0");
        assertEquals(Map.of("spam", 3, "ham", 9), JSON.readValue(out.getAttribute(DpsynthAttributes.SYNTHETIC_RUN_LABEL_COUNTS), Map.class));
        out.assertAttributeEquals(DpsynthAttributes.SYNTHETIC_CHARGE, "charged nothing");
        out.assertAttributeEquals(DpsynthAttributes.DPSGD_EPSILON, "3.5"); // from the metadata: the trigger had none
        out.assertAttributeEquals(DpsynthAttributes.DPSGD_DELTA, "1.0E-5");
        out.assertAttributeEquals("fragment.count", "1");

        Path folder = Files.createDirectory(temp.resolve("unzipped"));
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Files.write(folder.resolve(entry.getName()), in.readAllBytes());
            }
        }
        runner.clearTransferState();
        runner.enqueue("trigger", Map.of("adapter.path", folder.toString()));
        runner.run();
        runner.assertTransferCount(GenerateSynthetic.REL_SUCCESS, 1);
        assertEquals(new String(out.toByteArray(), StandardCharsets.UTF_8), new String(runner.getFlowFilesForRelationship(
                GenerateSynthetic.REL_SUCCESS).getFirst().toByteArray(), StandardCharsets.UTF_8), "zip and folder agree");
    }

    @Test
    void laplaceHistogramIsReservedCommittedAndPricedByTheLedger() throws Exception {
        histogram("LAPLACE", "0.5", "sensitive.jsonl", "spam", "ham", "ham", "ham");
        runner.enqueue(adapterZip(fingerprint()), lineage());
        runner.run();
        runner.assertTransferCount(GenerateSynthetic.REL_ORIGINAL, 1);
        MockFlowFile out = runner.getFlowFilesForRelationship(GenerateSynthetic.REL_SUCCESS).getFirst();
        out.assertAttributeEquals(DpsynthAttributes.SYNTHETIC_LABEL_DISTRIBUTION, "DP_HISTOGRAM");
        out.assertAttributeEquals(DpsynthAttributes.SYNTHETIC_HISTOGRAM_MECHANISM, "LAPLACE");
        out.assertAttributeEquals(DpsynthAttributes.SYNTHETIC_HISTOGRAM_NOISE_SCALE, "2.0");
        out.assertAttributeEquals(DpsynthAttributes.SYNTHETIC_HISTOGRAM_BUDGET_ID, "tickets");
        assertTrue(out.getAttribute(DpsynthAttributes.SYNTHETIC_CHARGE).startsWith("label histogram LAPLACE: epsilon=0.5"));
        out.assertAttributeEquals(DpsynthAttributes.LEDGER_ENTRY_ID, "entry-1"); // the adapter's lineage is kept
        double accountant = new PldAccountant().epsilon(new LaplaceEvent(2.0, 1), 1e-5);
        assertEquals(accountant, ledger.totals("tickets").epsilonSpent(), 1e-9, "the ledger prices the committed Laplace event");
        assertTrue(accountant <= 0.5 + 1e-9);
        ProvenanceEventRecord fork = runner.getProvenanceEvents().stream()
                .filter(e -> e.getEventType() == ProvenanceEventType.FORK && e.getDetails() != null).findFirst().orElseThrow();
        assertTrue(fork.getDetails().contains("label histogram LAPLACE: epsilon=0.5"), fork.getDetails());
        assertTrue(fork.getDetails().contains(out.getAttribute(DpsynthAttributes.SYNTHETIC_HISTOGRAM_ENTRY_ID)), fork.getDetails());
    }

    @Test
    void gaussianHistogramCommitsTheCalibratedGaussian() throws Exception {
        histogram("GAUSSIAN", "1.0", "sensitive.jsonl", "spam", "ham");
        runner.enqueue(adapterZip(fingerprint()), lineage());
        runner.run();
        MockFlowFile out = runner.getFlowFilesForRelationship(GenerateSynthetic.REL_SUCCESS).getFirst();
        double sigma = Double.parseDouble(out.getAttribute(DpsynthAttributes.SYNTHETIC_HISTOGRAM_NOISE_SCALE));
        double accountant = new PldAccountant().epsilon(new GaussianEvent(sigma, 1), 1e-5);
        assertEquals(accountant, ledger.totals("tickets").epsilonSpent(), 1e-9);
        assertTrue(accountant <= 1.0 + 1e-9, "within the reservation: " + accountant);
    }

    @Test
    void aRefusedHistogramGoesToExceededAndGeneratesNothing() throws Exception {
        histogram("LAPLACE", "20", "sensitive.jsonl", "spam");
        runner.enqueue(adapterZip(fingerprint()), lineage());
        runner.run();
        runner.assertAllFlowFilesTransferred(GenerateSynthetic.REL_EXCEEDED, 1);
        assertTrue(runner.getFlowFilesForRelationship(GenerateSynthetic.REL_EXCEEDED).getFirst()
                .getAttribute(DpsynthAttributes.ERROR).contains("exceed"));
        assertEquals(0, ledger.totals("tickets").epsilonSpent(), 0);
    }

    @Test
    void sensitiveLabelsOutsideTheAdaptersFailAndTheReservationStaysCharged() throws Exception {
        histogram("LAPLACE", "0.5", "sensitive.jsonl", "spam", "eggs-Zanzibar");
        runner.enqueue(adapterZip(fingerprint()), lineage());
        runner.run();
        runner.assertAllFlowFilesTransferred(GenerateSynthetic.REL_FAILURE, 1);
        String error = error();
        assertTrue(error.contains("labels the adapter was not tuned on") && error.contains("stays charged"), error);
        assertFalse(error.contains("Zanzibar"));
        assertEquals(0.5, ledger.totals("tickets").epsilonSpent(), 1e-9, "reserved, never refunded");
    }

    @Test
    void badInputFailsWithAClearError() throws Exception {
        runner.enqueue("not a zip", lineage());
        runner.run();
        assertTrue(error().startsWith("adapter not usable: not a") && error().contains("adapter archive"), error());

        runner.clearTransferState();
        runner.enqueue(adapterZip("0123456789abcdef-other-model"), lineage());
        runner.run();
        assertTrue(error().startsWith("adapter not usable: the adapter was tuned on base model fingerprint 0123456789ab"), error());

        runner.clearTransferState();
        runner.enqueue(adapterZipFor(Gpt2Config.of(257, 64, 32, 1, 2), fingerprint()), lineage());
        runner.run();
        assertTrue(error().contains("has shape [2, 32] but the base model needs [2, 16]"), error());

        for (String count : List.of("0", "-3", "many")) {
            runner.clearTransferState();
            runner.setProperty(GenerateSynthetic.RECORD_COUNT, count);
            runner.enqueue(adapterZip(fingerprint()), lineage());
            runner.run();
            assertTrue(error().contains("record count must be"), error());
        }

        runner.clearTransferState();
        runner.setProperty(GenerateSynthetic.RECORD_COUNT, "4");
        runner.setProperty(GenerateSynthetic.LABEL_DISTRIBUTION, "GIVEN");
        runner.setProperty(GenerateSynthetic.LABEL_PROPORTIONS, "spam:1, eggs:1");
        runner.enqueue(adapterZip(fingerprint()), lineage());
        runner.run();
        assertTrue(error().contains("label 'eggs' is not among the adapter's labels"), error());

        runner.clearTransferState();
        runner.setProperty(GenerateSynthetic.LABEL_DISTRIBUTION, "UNIFORM");
        runner.setProperty(GenerateSynthetic.ADAPTER_LOCATION, temp.resolve("missing.zip").toString());
        runner.enqueue("trigger");
        runner.run();
        assertTrue(error().endsWith("missing.zip does not exist"), error());
        runner.assertTransferCount(GenerateSynthetic.REL_SUCCESS, 0);
    }

    @Test
    void aWriterFailingMidRunReleasesNothing() throws Exception {
        FailingWriter failing = new FailingWriter();
        runner.addControllerService("failing", failing);
        runner.enableControllerService(failing);
        runner.setProperty(GenerateSynthetic.RECORD_WRITER, "failing"); // fails on the 6th record: in the second FlowFile
        runner.enqueue(adapterZip(fingerprint()), lineage());
        runner.run();
        runner.assertAllFlowFilesTransferred(GenerateSynthetic.REL_FAILURE, 1);
        assertTrue(error().startsWith("generation failed after"), error());
        assertEquals(0, runner.getFlowFilesForRelationship(GenerateSynthetic.REL_SUCCESS).size());
        runner.assertQueueEmpty();
    }

    /** A writer whose sixth record fails. */
    private static final class FailingWriter extends org.apache.nifi.controller.AbstractControllerService
            implements org.apache.nifi.serialization.RecordSetWriterFactory {
        private int records;

        @Override
        public org.apache.nifi.serialization.record.RecordSchema getSchema(Map<String, String> variables,
                                                                          org.apache.nifi.serialization.record.RecordSchema readSchema) {
            return readSchema;
        }

        @Override
        public org.apache.nifi.serialization.RecordSetWriter createWriter(org.apache.nifi.logging.ComponentLog logger,
                org.apache.nifi.serialization.record.RecordSchema schema, java.io.OutputStream out, Map<String, String> variables) {
            return new org.apache.nifi.serialization.AbstractRecordSetWriter(out) {
                @Override
                protected Map<String, String> writeRecord(org.apache.nifi.serialization.record.Record record) throws IOException {
                    if (++records == 6) {
                        throw new IOException("disk full");
                    }
                    getOutputStream().write('x');
                    return Map.of();
                }

                @Override
                public String getMimeType() {
                    return "text/plain";
                }
            };
        }
    }

    @Test
    void exactlyOneCountPropertyAndALedgerForTheHistogram() {
        runner.setProperty(GenerateSynthetic.RECORDS_PER_TRAINING_RECORD, "2");
        runner.assertNotValid();
        runner.removeProperty(GenerateSynthetic.RECORD_COUNT);
        runner.assertValid();
        runner.removeProperty(GenerateSynthetic.RECORDS_PER_TRAINING_RECORD);
        runner.assertNotValid();
        runner.setProperty(GenerateSynthetic.RECORD_COUNT, "3");
        runner.setProperty(GenerateSynthetic.LABEL_DISTRIBUTION, "DP_HISTOGRAM");
        runner.setProperty(GenerateSynthetic.SENSITIVE_LOCATION, temp.toString());
        runner.setProperty(GenerateSynthetic.SENSITIVE_READER, "reader");
        runner.assertNotValid();
        runner.setProperty(GenerateSynthetic.LEDGER, "ledger");
        runner.assertValid();
    }

    private void histogram(String mechanism, String epsilon, String file, String... labels) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (String label : labels) {
            lines.append("{\"text\": \"secret\", \"label\": \"").append(label).append("\"}\n");
        }
        Path sensitive = Files.writeString(temp.resolve(file), lines);
        runner.setProperty(GenerateSynthetic.LABEL_DISTRIBUTION, "DP_HISTOGRAM");
        runner.setProperty(GenerateSynthetic.LEDGER, "ledger");
        runner.setProperty(GenerateSynthetic.HISTOGRAM_MECHANISM, mechanism);
        runner.setProperty(GenerateSynthetic.HISTOGRAM_EPSILON, epsilon);
        runner.setProperty(GenerateSynthetic.HISTOGRAM_DELTA, "1e-6");
        runner.setProperty(GenerateSynthetic.SENSITIVE_LOCATION, sensitive.toString());
        runner.setProperty(GenerateSynthetic.SENSITIVE_READER, "reader");
        runner.setProperty(GenerateSynthetic.NOISE_MODE, "SEEDED");
        runner.setProperty(GenerateSynthetic.RECORDS_PER_FLOWFILE, "100");
    }

    private String allText() throws IOException {
        runner.clearTransferState();
        runner.enqueue(adapterZip(fingerprint()), lineage());
        runner.run();
        StringBuilder text = new StringBuilder();
        for (MockFlowFile out : sorted(runner.getFlowFilesForRelationship(GenerateSynthetic.REL_SUCCESS))) {
            text.append(new String(out.toByteArray(), StandardCharsets.UTF_8));
        }
        assertFalse(text.isEmpty());
        return text.toString();
    }

    private String error() {
        return runner.getFlowFilesForRelationship(GenerateSynthetic.REL_FAILURE).getFirst().getAttribute(DpsynthAttributes.ERROR);
    }

    private static List<MockFlowFile> sorted(List<MockFlowFile> flowFiles) {
        List<MockFlowFile> sorted = new ArrayList<>(flowFiles);
        sorted.sort(Comparator.comparingInt(f -> Integer.parseInt(f.getAttribute("fragment.index"))));
        return sorted;
    }

    private static List<JsonNode> lines(MockFlowFile flowFile) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : new String(flowFile.toByteArray(), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    /** What DpPromptTune leaves on an adapter FlowFile. */
    private static Map<String, String> lineage() {
        Map<String, String> attributes = new HashMap<>();
        attributes.put(DpsynthAttributes.BUDGET_ID, "tickets");
        attributes.put(DpsynthAttributes.LEDGER_ENTRY_ID, "entry-1");
        attributes.put(DpsynthAttributes.DPSGD_EPSILON, "3.5");
        attributes.put(DpsynthAttributes.DPSGD_DELTA, "1.0E-5");
        return attributes;
    }

    private String fingerprint() throws IOException {
        return LanguageModel.fingerprint(modelDirectory);
    }

    private byte[] adapterZip(String fingerprint) throws IOException {
        return adapterZipFor(MODEL, fingerprint);
    }

    /** An untuned two-token soft prompt for a model of {@code config}, with metadata naming {@code fingerprint}. */
    private byte[] adapterZipFor(Gpt2Config config, String fingerprint) throws IOException {
        Path directory = config.equals(MODEL) ? modelDirectory
                : TinyModelDirectory.write(Files.createTempDirectory(temp, "other"), config, 3);
        AdapterMetadata metadata = new AdapterMetadata(fingerprint, PrefixLmEncoder.DEFAULT_TEMPLATE, List.of("ham", "spam"),
                10, 0, 24, new DpSgdCalibration(10, 0.4, 1.1, 5, 3.5, 1e-5, DpSgdAccountant.PLD), 5, 3.5, 1, 4, 0.03,
                NoiseMode.SEEDED);
        try (LanguageModel language = LanguageModel.load(directory, Device.cpu());
             PromptTuner tuner = PromptTuner.initialize(language.model(), 2, 1)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PeftAdapterArchive.write(out, tuner, language.model().config(), metadata);
            assertInstanceOf(PromptTuner.class, PeftAdapterArchive.read(new java.io.ByteArrayInputStream(out.toByteArray()), language.model()));
            return out.toByteArray();
        }
    }

}
