package io.dpsynth.nifi.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpsynth.dedup.DemoData;
import io.dpsynth.nifi.DpsynthAttributes;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.List;
import java.util.SplittableRandom;

/**
 * EvaluateUtility on the bundled data: 5,000 synthetic records against the SpamAssassin set's
 * train/test split, TF-IDF classifier, TF-IDF MAUVE. Until GenerateSynthetic exists the "synthetic"
 * records are a bootstrap sample (with replacement, seed 1) of the real training records, so the
 * scores are those of a perfect generator; the timing is what this benchmark is for. Opt-in with
 * {@code -Ddpsynth.bench=true}; prints numbers, asserts nothing (see docs/benchmarks.md).
 */
@EnabledIfSystemProperty(named = "dpsynth.bench", matches = "true")
class EvaluateUtilityBenchmark {

    private static final int SYNTHETIC_RECORDS = 5_000;

    @Test
    void fiveThousandSyntheticRecordsOnBundledData() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> train = DemoData.read("sensitive.jsonl.gz").stream()
                .filter(r -> r.get("split").asText().equals("train")).toList();
        SplittableRandom random = new SplittableRandom(1);
        StringBuilder synthetic = new StringBuilder();
        for (int i = 0; i < SYNTHETIC_RECORDS; i++) {
            JsonNode record = train.get(random.nextInt(train.size()));
            synthetic.append(mapper.writeValueAsString(mapper.createObjectNode()
                    .put("text", record.get("text").asText()).put("label", record.get("label").asText()))).append('\n');
        }
        byte[] content = synthetic.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);

        TestRunner runner = TestRunners.newTestRunner(EvaluateUtility.class);
        JsonLinesRecordReader reader = new JsonLinesRecordReader();
        runner.addControllerService("reader", reader);
        runner.enableControllerService(reader);
        runner.setProperty(EvaluateUtility.RECORD_READER, "reader");
        runner.setProperty(EvaluateUtility.REAL_READER, "reader");
        runner.setProperty(EvaluateUtility.REAL_LOCATION, DemoData.directory().resolve("sensitive.jsonl.gz").toString());

        runner.enqueue(content);
        Stopwatch watch = new Stopwatch();
        runner.run(1, false, true); // schedule (read the real records, train the reference) and evaluate once
        System.out.println("first FlowFile, including scheduling (read sensitive.jsonl.gz, train the real->real "
                + "reference): " + watch.lap());
        for (int run = 0; run < 2; run++) {
            runner.enqueue(content);
            runner.run(1, false, false);
            System.out.println("evaluation of " + SYNTHETIC_RECORDS + " synthetic records (real reference cached): "
                    + watch.lap());
        }
        runner.stop();

        runner.assertTransferCount(EvaluateUtility.REL_SUCCESS, 3);
        MockFlowFile report = runner.getFlowFilesForRelationship(EvaluateUtility.REL_SUCCESS).get(2);
        System.out.println("attributes: " + report.getAttributes().entrySet().stream()
                .filter(e -> e.getKey().startsWith("dpsynth.utility")).sorted(java.util.Map.Entry.comparingByKey())
                .toList());
        System.out.println("reference (real->real) accuracy " + report.getAttribute(DpsynthAttributes.UTILITY_REFERENCE_ACCURACY)
                + ", macro-F1 " + report.getAttribute(DpsynthAttributes.UTILITY_REFERENCE_MACRO_F1));
        System.out.println(report.getContent());
    }

    /** Wall time and the whole JVM's CPU time (all threads, GC included): on a shared machine the CPU time is the stable figure. */
    private static final class Stopwatch {
        private final com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        private long wall = System.nanoTime();
        private long cpu = os.getProcessCpuTime();

        String lap() {
            long nowWall = System.nanoTime();
            long nowCpu = os.getProcessCpuTime();
            String result = String.format(java.util.Locale.ROOT, "%.1f s wall, %.1f s CPU", (nowWall - wall) / 1e9,
                    (nowCpu - cpu) / 1e9);
            wall = nowWall;
            cpu = nowCpu;
            return result;
        }
    }
}
