package io.dpsynth.nifi.processors;

import io.dpsynth.dpsgd.PeftAdapterArchive;
import io.dpsynth.dpsgd.PromptTuner;
import io.dpsynth.dpsgd.Tuner;
import io.dpsynth.ledger.ReservationResult;
import io.dpsynth.model.Gpt2Config;
import io.dpsynth.model.TinyModelDirectory;
import io.dpsynth.nifi.DpsynthAttributes;
import io.dpsynth.nifi.services.DjlLanguageModelService;
import io.dpsynth.nifi.services.StandardPrivacyLedgerService;
import io.dpsynth.privacy.DpEvent;
import io.dpsynth.privacy.pld.PldAccountant;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DpPromptTuneTest {

    private static final String SECRET = "Zanzibar-7731";
    private static final Gpt2Config MODEL = Gpt2Config.of(257, 64, 16, 1, 2);

    @TempDir
    Path temp;
    private TestRunner runner;
    private StandardPrivacyLedgerService ledger;
    private DjlLanguageModelService models;

    @BeforeEach
    void setUp() throws Exception {
        Path directory = TinyModelDirectory.write(Files.createDirectory(temp.resolve("model")), MODEL, 7);
        runner = TestRunners.newTestRunner(DpPromptTune.class);
        JsonLinesRecordReader reader = new JsonLinesRecordReader();
        runner.addControllerService("reader", reader);
        runner.enableControllerService(reader);
        models = TestServices.languageModel(runner, "model", directory);
        ledger = TestServices.pldLedger(runner, "ledger", "10", "1e-5");
        runner.setProperty(DpPromptTune.RECORD_READER, "reader");
        runner.setProperty(DpPromptTune.LANGUAGE_MODEL, "model");
        runner.setProperty(DpPromptTune.LEDGER, "ledger");
        runner.setProperty(DpPromptTune.VIRTUAL_TOKENS, "2");
        runner.setProperty(DpPromptTune.STEPS, "6");
        runner.setProperty(DpPromptTune.EXPECTED_BATCH, "4");
        runner.setProperty(DpPromptTune.MAX_TOKENS, "24");
        runner.setProperty(DpPromptTune.NOISE_MODE, "SEEDED");
    }

    @Test
    void trainsCommitsTheSpendTheAccountantPricesAndReleasesALoadablePeftAdapter() throws Exception {
        Map<String, String> grant = grant(4, 1e-5);
        runner.enqueue(records(40, true, true), grant);
        runner.run();

        runner.assertTransferCount(DpPromptTune.REL_SUCCESS, 1);
        runner.assertTransferCount(DpPromptTune.REL_ORIGINAL, 1);
        MockFlowFile adapter = runner.getFlowFilesForRelationship(DpPromptTune.REL_SUCCESS).getFirst();
        double sigma = Double.parseDouble(adapter.getAttribute(DpsynthAttributes.DPSGD_NOISE_MULTIPLIER));
        double q = Double.parseDouble(adapter.getAttribute(DpsynthAttributes.DPSGD_SAMPLING_RATE));
        assertEquals(0.1, q, 1e-12);
        adapter.assertAttributeEquals(DpsynthAttributes.DPSGD_STEPS, "6");
        adapter.assertAttributeEquals(DpsynthAttributes.DPSGD_DATASET_SIZE, "40");
        adapter.assertAttributeEquals(DpsynthAttributes.DPSGD_NOISE_MODE, "SEEDED");
        adapter.assertAttributeEquals(DpsynthAttributes.DPSGD_ACCOUNTANT, "PLD");
        adapter.assertAttributeEquals(DpsynthAttributes.LEDGER_ENTRY_ID, grant.get(DpsynthAttributes.LEDGER_ENTRY_ID));
        adapter.assertAttributeEquals("mime.type", "application/zip");

        double accountant = new PldAccountant().epsilon(DpEvent.dpSgd(q, sigma, 6), 1e-5);
        assertEquals(accountant, ledger.totals("tickets").epsilonSpent(), 1e-9, "the ledger prices the committed event");
        assertTrue(accountant <= 4, "calibrated within the grant: " + accountant);
        assertEquals(accountant, Double.parseDouble(adapter.getAttribute(DpsynthAttributes.DPSGD_EPSILON)), 1e-9);

        try (io.dpsynth.model.LanguageModel language = io.dpsynth.model.LanguageModel.load(temp.resolve("model"), ai.djl.Device.cpu());
             Tuner back = PeftAdapterArchive.read(new ByteArrayInputStream(adapter.toByteArray()), language.model())) {
            assertEquals(2, assertInstanceOf(PromptTuner.class, back).virtualTokens());
        }
        ProvenanceEventRecord route = runner.getProvenanceEvents().stream()
                .filter(e -> e.getEventType() == ProvenanceEventType.ROUTE).findFirst().orElseThrow();
        assertTrue(route.getDetails().contains("sigma=" + sigma) && route.getDetails().contains("steps=6"), route.getDetails());
        assertNoSecretLeaked();
    }

    @Test
    void stoppingTheProcessorEndsTheRunAndCommitsTheStepsRun() throws Exception {
        runner.setProperty(DpPromptTune.STEPS, "100000");
        runner.enqueue(records(40, true, true), grant(4, 1e-5));
        Thread training = new Thread(() -> runner.run(1, false, true));
        training.start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (counter() < 3 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        ((DpPromptTune) runner.getProcessor()).updateScheduledFalse(); // what NiFi does when the processor is stopped
        training.join(60_000);
        assertFalse(training.isAlive());

        runner.assertAllFlowFilesTransferred(DpPromptTune.REL_FAILURE, 1);
        MockFlowFile failed = runner.getFlowFilesForRelationship(DpPromptTune.REL_FAILURE).getFirst();
        int steps = Integer.parseInt(failed.getAttribute(DpsynthAttributes.DPSGD_STEPS));
        assertTrue(steps >= 3 && steps < 100000, "steps " + steps);
        assertTrue(error().startsWith("stopped after " + steps + " of 100000 steps; spend of " + steps + " steps committed"), error());
        double sigma = Double.parseDouble(failed.getAttribute(DpsynthAttributes.DPSGD_NOISE_MULTIPLIER));
        assertEquals(new PldAccountant().epsilon(DpEvent.dpSgd(0.1, sigma, steps), 1e-5), ledger.totals("tickets").epsilonSpent(), 1e-9);
        List<ProvenanceEventRecord> spends = runner.getProvenanceEvents().stream()
                .filter(event -> event.getEventType() == ProvenanceEventType.ROUTE).toList();
        assertEquals(1, spends.size());
        assertTrue(spends.getFirst().getDetails().contains("ended early: sigma=" + sigma + " q=0.1 steps=" + steps + " "),
                spends.getFirst().getDetails());
    }

    private long counter() {
        Long value = runner.getCounterValue("DP-SGD steps");
        return value == null ? 0 : value;
    }

    @Test
    void withALedgerNoGrantMeansNoRunAndNothingCharged() throws Exception {
        runner.enqueue(records(40, true, true));
        runner.run();
        runner.assertAllFlowFilesTransferred(DpPromptTune.REL_FAILURE, 1);
        assertTrue(error().startsWith("no privacy grant"), error());
        assertEquals(0, ledger.totals("tickets").epsilonSpent(), 0);
    }

    @ParameterizedTest
    @CsvSource({"LORA, io.dpsynth.dpsgd.LoraTuner", "FULL_FINE_TUNING, io.dpsynth.dpsgd.FullFineTuner"})
    void withoutALedgerTheTargetComesFromPropertiesForTheComparedMethods(String method, Class<? extends Tuner> tuner) throws Exception {
        runner.removeProperty(DpPromptTune.LEDGER);
        runner.setProperty(DpPromptTune.TARGET_EPSILON, "4");
        runner.setProperty(DpPromptTune.TARGET_DELTA, "1e-5");
        runner.setProperty(DpPromptTune.TUNING, method);
        runner.setProperty(DpPromptTune.LORA_RANK, "2");
        runner.setProperty(DpPromptTune.EPOCHS, "1"); // 40 records / 4 per step
        runner.enqueue(records(40, true, true));
        runner.run();
        runner.assertTransferCount(DpPromptTune.REL_SUCCESS, 1);
        MockFlowFile adapter = runner.getFlowFilesForRelationship(DpPromptTune.REL_SUCCESS).getFirst();
        adapter.assertAttributeEquals(DpsynthAttributes.DPSGD_TUNING, method);
        adapter.assertAttributeEquals(DpsynthAttributes.DPSGD_STEPS, "10");
        try (io.dpsynth.model.LanguageModel language = io.dpsynth.model.LanguageModel.load(temp.resolve("model"), ai.djl.Device.cpu());
             Tuner back = PeftAdapterArchive.read(new ByteArrayInputStream(adapter.toByteArray()), language.model())) {
            assertInstanceOf(tuner, back);
        }
        assertNoSecretLeaked();
    }

    @Test
    void recordsMissingTextOrLabelFailWithoutCommitting() throws Exception {
        for (boolean text : new boolean[] {false, true}) {
            runner.clearTransferState();
            Map<String, String> grant = grant(1, 1e-6);
            runner.enqueue(records(40, text, !text), grant);
            runner.run();
            runner.assertAllFlowFilesTransferred(DpPromptTune.REL_FAILURE, 1);
            assertTrue(error().contains("has no field '" + (text ? "label" : "text") + "'"), error());
        }
        // both reservations stay as reserved (1 + 1 at delta 1e-6 each): nothing committed, nothing refunded
        assertEquals(2, ledger.totals("tickets").epsilonSpent(), 1e-9);
        assertNoSecretLeaked();
    }

    @Test
    void emptyInputFails() throws Exception {
        runner.enqueue("", grant(1, 1e-6));
        runner.run();
        runner.assertAllFlowFilesTransferred(DpPromptTune.REL_FAILURE, 1);
        assertEquals("no records to train on", error());
    }

    @Test
    void datasetTooSmallForTheTargetFailsWithACleanError() throws Exception {
        runner.setProperty(DpPromptTune.STEPS, "5000");
        runner.enqueue(records(6, true, true), grant(0.05, 1e-6));
        runner.run();
        runner.assertAllFlowFilesTransferred(DpPromptTune.REL_FAILURE, 1);
        assertTrue(error().startsWith("dataset too small"), error());
    }

    private String error() {
        return runner.getFlowFilesForRelationship(DpPromptTune.REL_FAILURE).getFirst().getAttribute(DpsynthAttributes.ERROR);
    }

    private Map<String, String> grant(double epsilon, double delta) throws Exception {
        ReservationResult.Granted granted = assertInstanceOf(ReservationResult.Granted.class, ledger.reserve("tickets", epsilon, delta));
        Map<String, String> attributes = new HashMap<>();
        attributes.put(DpsynthAttributes.BUDGET_ID, "tickets");
        attributes.put(DpsynthAttributes.EPSILON_GRANTED, Double.toString(epsilon));
        attributes.put(DpsynthAttributes.DELTA_GRANTED, Double.toString(delta));
        attributes.put(DpsynthAttributes.LEDGER_ENTRY_ID, granted.entryId());
        attributes.put("filename", "tickets.jsonl");
        return attributes;
    }

    /** JSON Lines records, each with a planted secret; optionally without the text or the label field. */
    private static String records(int count, boolean withText, boolean withLabel) {
        return IntStream.range(0, count).mapToObj(i -> {
            List<String> fields = new ArrayList<>();
            if (withText) {
                fields.add("\"text\": \"account " + SECRET + " locked, ticket " + i + "\"");
            }
            if (withLabel) {
                fields.add("\"label\": \"" + (i % 2 == 0 ? "billing" : "access") + "\"");
            }
            return "{" + String.join(", ", fields) + "}";
        }).collect(Collectors.joining("\n"));
    }

    private void assertNoSecretLeaked() {
        List<LogMessage> messages = new ArrayList<>(runner.getLogger().getErrorMessages());
        messages.addAll(runner.getLogger().getWarnMessages());
        messages.addAll(runner.getLogger().getInfoMessages());
        for (LogMessage message : messages) {
            String line = message.getMsg() + " " + java.util.Arrays.toString(message.getArgs()) + " " + message.getThrowable();
            assertFalse(line.contains(SECRET), "a log line holds record text: " + line);
        }
        for (ProvenanceEventRecord event : runner.getProvenanceEvents()) {
            assertFalse(String.valueOf(event.getDetails()).contains(SECRET));
        }
        List<MockFlowFile> all = new ArrayList<>(runner.getFlowFilesForRelationship(DpPromptTune.REL_SUCCESS));
        all.addAll(runner.getFlowFilesForRelationship(DpPromptTune.REL_FAILURE));
        for (MockFlowFile flowFile : all) {
            flowFile.getAttributes().values().forEach(v -> assertFalse(v.contains(SECRET), "an attribute holds record text"));
        }
    }
}
