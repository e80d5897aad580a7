package io.dpsynth.nifi.flow.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpsynth.model.Gpt2Config;
import io.dpsynth.model.TinyModelDirectory;
import io.dpsynth.nifi.flow.ComponentCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CI's end-to-end run of templates/dpsynth-release-flow.json through ./dpsynth-release's command: the bundled
 * sensitive data, a tiny model, a few DP-SGD steps and few records (the utility threshold at 0 so that the
 * release is written).
 */
class ReleaseFlowEndToEndTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void releasesSyntheticRecordsWithReportLedgerAndProvenance() throws IOException {
        Path model = TinyModelDirectory.write(Files.createDirectory(temp.resolve("model")), Gpt2Config.of(257, 64, 16, 1, 2), 7);
        Path out = temp.resolve("out");

        FlowRunTest.Run run = FlowRunTest.command("--out", out.toString(), "--epsilon", "2", "--records", "24",
                "--flow", Path.of("..", "templates", "dpsynth-release-flow.json").toString(),
                "--param", "sensitive.records=" + FlowRunTest.SENSITIVE, "--param", "model.dir=" + model,
                "--param", "model.threads=1", "--param", "noise.mode=SEEDED", "--param", "dpsgd.steps=3",
                "--param", "dpsgd.expected.batch=8", "--param", "dpsgd.virtual.tokens=2", "--param", "dpsgd.max.tokens=24",
                "--param", "generate.max.new.tokens=12", "--param", "generate.batch.size=8",
                "--param", "generate.records.per.flowfile=10", "--param", "utility.min.accuracy=0");
        assertEquals(ReleaseCommand.COMPLETED, run.status(), run.output() + run.errors());
        assertTrue(run.output().contains("RELEASED"), run.output());

        List<JsonNode> provenance = FlowRunTest.provenance(out);
        JsonNode reserved = FlowRunTest.only(provenance, "privacy spend reserved");
        JsonNode tuned = FlowRunTest.only(provenance, "DP-SGD LORA");
        String entry = reserved.path("attributes").path("dpsynth.ledger.entry.id").asText();

        Set<String> labels = new TreeSet<>();
        for (String line : Files.readAllLines(out.resolve("releases").resolve(entry + ".jsonl"))) {
            labels.add(MAPPER.readTree(line).path("label").asText());
        }
        assertEquals(Set.of("ham", "spam"), labels, "synthetic records for every label");

        JsonNode downstream = MAPPER.readTree(out.resolve("reports").resolve(entry + ".utility.json").toFile()).path("downstream");
        assertTrue(downstream.path("syntheticToReal").path("accuracy").isNumber(), downstream::toString);
        assertTrue(downstream.path("realToReal").path("accuracy").isNumber(), downstream::toString);

        assertEquals(FlowRunTest.accountantEpsilonAtCapDelta(tuned.path("attributes"), 1e-4), FlowRunTest.budgetState(out, "epsilon.spent"),
                1e-9, "ledger total = the accountant's epsilon of the run");
        assertEquals("1", FlowRunTest.stateText(out, "entries"), "one reservation, so one spend, with one provenance record each");
        assertTrue(tuned.path("details").asText().endsWith("entry=" + entry));
    }
}
