package io.dpsynth.nifi.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dpsynth.dedup.DemoData;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Runs DedupAgainstSensitive, with default settings, over the bundled public corpus against the
 * bundled sensitive set and writes the de-duplicated corpus plus an audit list of what was removed
 * (public ids only) next to the data. Only with {@code -Ddpsynth.demo=true}; see docs/data.md.
 */
@EnabledIfSystemProperty(named = "dpsynth.demo", matches = "true")
class DedupDemoCorpusRun {

    private static final ObjectMapper MAPPER = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    @Test
    void dedupBundledPublicCorpus() throws Exception {
        TestRunner runner = TestRunners.newTestRunner(DedupAgainstSensitive.class);
        JsonLinesRecordReader reader = new JsonLinesRecordReader();
        runner.addControllerService("reader", reader);
        runner.enableControllerService(reader);
        runner.setProperty(DedupAgainstSensitive.SENSITIVE_LOCATION, DemoData.directory().resolve("sensitive.jsonl.gz").toString());
        runner.setProperty(DedupAgainstSensitive.SENSITIVE_READER, "reader");

        List<JsonNode> publicRecords = DemoData.read("public.jsonl.gz");
        for (int i = 0; i < publicRecords.size(); i++) {
            runner.enqueue(publicRecords.get(i).get("text").asText(), Map.of("ordinal", Integer.toString(i)));
        }
        long start = System.nanoTime();
        runner.run(publicRecords.size());
        long millis = (System.nanoTime() - start) / 1_000_000;
        runner.assertTransferCount(DedupAgainstSensitive.REL_FAILURE, 0);

        Map<Integer, MockFlowFile> removed = new TreeMap<>();
        runner.getFlowFilesForRelationship(DedupAgainstSensitive.REL_OVERLAPPING)
                .forEach(ff -> removed.put(Integer.parseInt(ff.getAttribute("ordinal")), ff));
        Map<String, int[]> bySource = new TreeMap<>(); // source -> {scanned, exact, near}
        for (int i = 0; i < publicRecords.size(); i++) {
            int[] counts = bySource.computeIfAbsent(publicRecords.get(i).get("source").asText(), s -> new int[3]);
            counts[0]++;
            MockFlowFile ff = removed.get(i);
            if (ff != null) {
                counts[ff.getAttribute(DedupAttributes.OVERLAP).equals("exact") ? 1 : 2]++;
            }
        }
        writeOutputs(publicRecords, removed);
        System.out.printf("demo dedup: %d documents in %d ms%n", publicRecords.size(), millis);
        bySource.forEach((source, c) -> System.out.printf("| %s | %d | %d | %d | %d |%n", source, c[0], c[1], c[2],
                c[0] - c[1] - c[2]));
    }

    private static void writeOutputs(List<JsonNode> publicRecords, Map<Integer, MockFlowFile> removed) throws IOException {
        Path out = DemoData.directory();
        try (OutputStream clean = new GZIPOutputStream(Files.newOutputStream(out.resolve("public-dedup.jsonl.gz")))) {
            for (int i = 0; i < publicRecords.size(); i++) {
                if (!removed.containsKey(i)) {
                    Map<String, Object> record = MAPPER.convertValue(publicRecords.get(i), HashMap.class);
                    clean.write(MAPPER.writeValueAsBytes(record));
                    clean.write('\n');
                }
            }
        }
        try (Writer audit = Files.newBufferedWriter(out.resolve("public-removed.tsv"), StandardCharsets.UTF_8)) {
            audit.write("id\toverlap\tlongest_match_tokens\tjaccard\n");
            for (Map.Entry<Integer, MockFlowFile> entry : removed.entrySet()) {
                MockFlowFile ff = entry.getValue();
                audit.write(publicRecords.get(entry.getKey()).get("id").asText() + "\t"
                        + ff.getAttribute(DedupAttributes.OVERLAP) + "\t"
                        + ff.getAttribute(DedupAttributes.LONGEST_MATCH_TOKENS) + "\t"
                        + ff.getAttribute(DedupAttributes.JACCARD) + "\n");
            }
        }
    }
}
