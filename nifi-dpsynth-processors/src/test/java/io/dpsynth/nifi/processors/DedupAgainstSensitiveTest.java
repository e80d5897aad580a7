package io.dpsynth.nifi.processors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpsynth.dedup.PlantedCorpus;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DedupAgainstSensitiveTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SECRET = "zqxsecretpayloadqq";

    private static PlantedCorpus corpus;

    @TempDir
    Path dir;

    private TestRunner runner;

    @BeforeAll
    static void plant() {
        corpus = new PlantedCorpus(11, 10);
    }

    @BeforeEach
    void setUp() throws IOException, InitializationException {
        Path reference = dir.resolve("sensitive");
        Files.createDirectories(reference);
        writeJsonLines(reference.resolve("part-1.jsonl"), corpus.sensitive.subList(0, 5));
        writeGzipJsonLines(reference.resolve("part-2.jsonl.gz"), corpus.sensitive.subList(5, 10));
        runner = TestRunners.newTestRunner(DedupAgainstSensitive.class);
        JsonLinesRecordReader reader = new JsonLinesRecordReader();
        runner.addControllerService("reader", reader);
        runner.enableControllerService(reader);
        JsonLinesRecordWriter writer = new JsonLinesRecordWriter();
        runner.addControllerService("writer", writer);
        runner.enableControllerService(writer);
        runner.setProperty(DedupAgainstSensitive.SENSITIVE_LOCATION, reference.toString());
        runner.setProperty(DedupAgainstSensitive.SENSITIVE_READER, "reader");
    }

    @Test
    void documentsAreRoutedByOverlapWithCountsAsAttributes() {
        enqueue("verbatim-1", "quote60-6", "reformatted-2", "edited-8", "negative-3", "unrelated-4");
        runner.enqueue("");
        runner.run(7);

        runner.assertTransferCount(DedupAgainstSensitive.REL_OVERLAPPING, 4);
        runner.assertTransferCount(DedupAgainstSensitive.REL_CLEAN, 3);
        Map<String, MockFlowFile> byName = new java.util.HashMap<>();
        Stream.concat(runner.getFlowFilesForRelationship(DedupAgainstSensitive.REL_OVERLAPPING).stream(),
                runner.getFlowFilesForRelationship(DedupAgainstSensitive.REL_CLEAN).stream())
                .forEach(ff -> byName.put(ff.getAttribute("planted"), ff));

        MockFlowFile quote = byName.get("quote60-6");
        quote.assertAttributeEquals(DedupAttributes.OVERLAP, "exact");
        assertTrue(Integer.parseInt(quote.getAttribute(DedupAttributes.LONGEST_MATCH_TOKENS)) >= 60);
        byName.get("edited-8").assertAttributeEquals(DedupAttributes.OVERLAP, "near-duplicate");
        byName.get("negative-3").assertAttributeEquals(DedupAttributes.OVERLAP, "none");
        MockFlowFile empty = byName.get(null);
        empty.assertAttributeEquals(DedupAttributes.TOKENS, "0");
        empty.assertAttributeEquals(DedupAttributes.OVERLAP, "none");
        quote.assertAttributeEquals(DedupAttributes.INDEX_RECORDS, "10");
        quote.assertContentEquals(text("quote60-6"));
        assertEquals(7, runner.getProvenanceEvents().size());
    }

    @Test
    void recordsAreSplitIntoCleanAndOverlappingFlowFiles() throws IOException {
        useRecords();
        runner.enqueue(jsonLines("verbatim-0", "negative-1", "edited-9", "unrelated-2", "quote60-3"));
        runner.run();

        runner.assertTransferCount(DedupAgainstSensitive.REL_CLEAN, 1);
        runner.assertTransferCount(DedupAgainstSensitive.REL_OVERLAPPING, 1);
        runner.assertTransferCount(DedupAgainstSensitive.REL_FAILURE, 0);
        MockFlowFile clean = runner.getFlowFilesForRelationship(DedupAgainstSensitive.REL_CLEAN).getFirst();
        MockFlowFile overlapping = runner.getFlowFilesForRelationship(DedupAgainstSensitive.REL_OVERLAPPING).getFirst();
        assertEquals(List.of("negative-1", "unrelated-2"), ids(clean));
        assertEquals(List.of("verbatim-0", "edited-9", "quote60-3"), ids(overlapping));
        clean.assertAttributeEquals("record.count", "2");
        overlapping.assertAttributeEquals("record.count", "3");
        for (MockFlowFile out : List.of(clean, overlapping)) {
            out.assertAttributeEquals(DedupAttributes.RECORDS_SCANNED, "5");
            out.assertAttributeEquals(DedupAttributes.RECORDS_EXACT, "2");
            out.assertAttributeEquals(DedupAttributes.RECORDS_NEAR, "1");
        }
        overlapping.assertAttributeEquals(DedupAttributes.OVERLAP, "exact");
        clean.assertAttributeEquals(DedupAttributes.OVERLAP, "none");
    }

    @Test
    void emptyRecordInputPassesAsOneEmptyCleanFlowFile() {
        useRecords();
        runner.enqueue("");
        runner.run();
        runner.assertAllFlowFilesTransferred(DedupAgainstSensitive.REL_CLEAN, 1);
        MockFlowFile clean = runner.getFlowFilesForRelationship(DedupAgainstSensitive.REL_CLEAN).getFirst();
        clean.assertAttributeEquals("record.count", "0");
        clean.assertAttributeEquals(DedupAttributes.RECORDS_SCANNED, "0");
    }

    @Test
    void nullTextCountsAsEmptyCleanRecord() {
        useRecords();
        runner.enqueue("{\"id\":\"a\",\"text\":null}\n");
        runner.run();
        MockFlowFile clean = runner.getFlowFilesForRelationship(DedupAgainstSensitive.REL_CLEAN).getFirst();
        clean.assertAttributeEquals(DedupAttributes.RECORDS_EMPTY, "1");
        clean.assertAttributeEquals("record.count", "1");
    }

    @Test
    void malformedRecordSendsTheWholeFlowFileToFailureUnchanged() throws IOException {
        useRecords();
        String content = new String(jsonLines("verbatim-0", "negative-1"), StandardCharsets.UTF_8) + "{not json\n";
        runner.enqueue(content);
        runner.run();
        runner.assertAllFlowFilesTransferred(DedupAgainstSensitive.REL_FAILURE, 1);
        MockFlowFile failed = runner.getFlowFilesForRelationship(DedupAgainstSensitive.REL_FAILURE).getFirst();
        failed.assertContentEquals(content);
        assertTrue(failed.getAttribute(DedupAttributes.ERROR).contains("line 3"), failed.getAttribute(DedupAttributes.ERROR));
    }

    @Test
    void recordWithoutTheTextFieldIsMalformed() {
        useRecords();
        runner.enqueue("{\"id\":\"a\",\"body\":\"x\"}\n");
        runner.run();
        runner.assertAllFlowFilesTransferred(DedupAgainstSensitive.REL_FAILURE, 1);
        runner.getFlowFilesForRelationship(DedupAgainstSensitive.REL_FAILURE).getFirst()
                .assertAttributeEquals(DedupAttributes.ERROR, "malformed record: record 1 has no field 'text'");
    }

    @Test
    void missingOrEmptyReferenceMakesTheProcessorInvalid() throws IOException {
        runner.setProperty(DedupAgainstSensitive.SENSITIVE_LOCATION, dir.resolve("nowhere").toString());
        runner.assertNotValid();
        Path emptyDir = Files.createDirectories(dir.resolve("empty"));
        runner.setProperty(DedupAgainstSensitive.SENSITIVE_LOCATION, emptyDir.toString());
        assertTrue(runner.validate().stream().anyMatch(r -> !r.isValid()
                && r.getExplanation().contains("directory without regular files")), runner.validate().toString());
    }

    @Test
    void unreadableSensitiveRecordStopsSchedulingWithoutLeakingItsText() throws IOException {
        Path reference = dir.resolve("broken.jsonl");
        Files.writeString(reference, "{\"text\":\"fine\"}\n{\"text\": \"" + SECRET + " broken\n");
        runner.setProperty(DedupAgainstSensitive.SENSITIVE_LOCATION, reference.toString());
        runner.enqueue("anything");
        AssertionError error = assertThrows(AssertionError.class, () -> runner.run());
        assertFalse(String.valueOf(error).contains(SECRET));
        Throwable cause = error.getCause();
        while (cause != null) {
            assertFalse(String.valueOf(cause.getMessage()).contains(SECRET));
            cause = cause.getCause();
        }
        for (LogMessage message : allLogMessages()) {
            assertFalse(message.getMsg().contains(SECRET));
            assertFalse(java.util.Arrays.toString(message.getArgs()).contains(SECRET));
        }
    }

    @Test
    void sensitiveRecordWithoutTheTextFieldStopsSchedulingNamingOnlyItsPosition() throws IOException {
        Path reference = dir.resolve("wrong-field.jsonl");
        Files.writeString(reference, "{\"text\":\"fine\"}\n{\"body\":\"" + SECRET + "\"}\n");
        runner.setProperty(DedupAgainstSensitive.SENSITIVE_LOCATION, reference.toString());
        runner.enqueue("anything");
        AssertionError error = assertThrows(AssertionError.class, () -> runner.run());
        Throwable cause = error;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertEquals("Sensitive reference file 1 of 1 (wrong-field.jsonl): record 2 has no field 'text'",
                cause.getMessage());
        assertFalse(String.valueOf(error).contains(SECRET));
    }

    @Test
    void sensitiveTextNeverAppearsInAttributesOrProvenance() {
        enqueue("verbatim-1", "quote60-6", "edited-8");
        runner.run(3);
        String sensitivePhrase = String.join(" ", PlantedCorpus.words(corpus.sensitive.get(1)).subList(10, 14));
        for (MockFlowFile ff : runner.getFlowFilesForRelationship(DedupAgainstSensitive.REL_OVERLAPPING)) {
            ff.getAttributes().forEach((key, value) -> assertFalse(value.contains(sensitivePhrase), key));
        }
        for (ProvenanceEventRecord event : runner.getProvenanceEvents()) {
            assertFalse(String.valueOf(event.getDetails()).contains(sensitivePhrase));
        }
    }

    @Test
    void indexIsSharedAcrossConcurrentTasks() {
        runner.setThreadCount(4);
        for (int i = 0; i < 40; i++) {
            runner.enqueue(text(i % 2 == 0 ? "verbatim-" + (i % 10) : "unrelated-" + (i % 10)));
        }
        runner.run(40);
        runner.assertTransferCount(DedupAgainstSensitive.REL_OVERLAPPING, 20);
        runner.assertTransferCount(DedupAgainstSensitive.REL_CLEAN, 20);
    }

    private void useRecords() {
        runner.setProperty(DedupAgainstSensitive.INPUT_FORMAT, PublicInputFormat.RECORDS.getValue());
        runner.setProperty(DedupAgainstSensitive.RECORD_READER, "reader");
        runner.setProperty(DedupAgainstSensitive.RECORD_WRITER, "writer");
    }

    private void enqueue(String... names) {
        for (String name : names) {
            runner.enqueue(text(name), Map.of("planted", name));
        }
    }

    private List<LogMessage> allLogMessages() {
        List<LogMessage> all = new ArrayList<>(runner.getLogger().getErrorMessages());
        all.addAll(runner.getLogger().getWarnMessages());
        all.addAll(runner.getLogger().getInfoMessages());
        return all;
    }

    private static String text(String name) {
        return corpus.publicDocs.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow().text();
    }

    private static byte[] jsonLines(String... names) throws IOException {
        StringBuilder out = new StringBuilder();
        for (String name : names) {
            out.append(MAPPER.writeValueAsString(Map.of("id", name, "text", text(name)))).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> ids(MockFlowFile flowFile) throws IOException {
        List<String> ids = new ArrayList<>();
        for (String line : flowFile.getContent().split("\n")) {
            ids.add(MAPPER.readTree(line).get("id").asText());
        }
        return ids;
    }

    private static void writeJsonLines(Path file, List<String> texts) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            writeRecords(out, texts);
        }
    }

    private static void writeGzipJsonLines(Path file, List<String> texts) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            writeRecords(out, texts);
        }
    }

    private static void writeRecords(OutputStream out, List<String> texts) throws IOException {
        for (String text : texts) {
            out.write((MAPPER.writeValueAsString(Map.of("text", text)) + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
