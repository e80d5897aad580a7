package io.dpsynth.nifi.flow.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpsynth.dpsgd.DpSgdAccountant;
import io.dpsynth.dpsgd.DpSgdCalibration;
import io.dpsynth.model.Gpt2Config;
import io.dpsynth.privacy.DpEvent;
import io.dpsynth.model.TinyModelDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runner on the release flow cut after DP prompt tuning (runs without GenerateSynthetic): the real
 * processors and services on the bundled sensitive data with a tiny model, through the command line.
 */
class FlowRunTest {

    static final Path SENSITIVE = Path.of("..", "data", "demo", "sensitive.jsonl.gz").toAbsolutePath().normalize();
    private static final Path FIXTURE = Path.of("src", "test", "resources", "flows", "release-up-to-tuning.json");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path temp;
    private Path model;

    @BeforeEach
    void tinyModel() throws IOException {
        model = TinyModelDirectory.write(Files.createDirectory(temp.resolve("model")), Gpt2Config.of(257, 64, 16, 1, 2), 7);
    }

    @Test
    void spendsFromThePersistedLedgerUntilTheCapRefuses() throws IOException {
        Path out = temp.resolve("out");

        Run first = release(out, "1.2");
        assertEquals(ReleaseCommand.COMPLETED, first.status(), first.output());
        List<JsonNode> provenance = provenance(out);
        JsonNode reserved = only(provenance, "privacy spend reserved");
        JsonNode tuned = only(provenance, "DP-SGD PROMPT_TUNING");
        String entry = reserved.path("attributes").path("dpsynth.ledger.entry.id").asText();
        assertTrue(tuned.path("details").asText().endsWith("entry=" + entry));
        assertTrue(Files.isRegularFile(out.resolve("adapters").resolve(entry + ".zip")), "adapter stored under its ledger entry");
        double accountantEpsilon = accountantEpsilonAtCapDelta(tuned.path("attributes"), 1e-4);
        assertEquals(accountantEpsilon, budgetState(out, "epsilon.spent"), 1e-9, "ledger total = the accountant's epsilon of the run");
        assertEquals("1", stateText(out, "entries"));

        Run second = release(out, "1.2");
        assertEquals(ReleaseCommand.COMPLETED, second.status(), second.output());
        assertTrue(second.output().contains("REFUSED"), second.output());
        assertEquals(accountantEpsilon, budgetState(out, "epsilon.spent"), 1e-9, "a refusal charges nothing");
        assertEquals("1", stateText(out, "entries"));
        try (var files = Files.list(out.resolve("outputs").resolve("budget-exceeded"))) {
            assertEquals(2, files.count(), "the refused FlowFile and its attributes");
        }
    }

    @Test
    void fragmentsHeldInMergeRecordsBinsAreRejoined() throws IOException {
        Path out = temp.resolve("defragment");
        FlowRun.Result result = FlowRun.run(io.dpsynth.nifi.flow.FlowDefinition.read(Path.of("src", "test", "resources", "flows", "defragment.json")),
                java.util.Map.of("work.dir", out.toString()), out, new ConsoleProgress(System.out));

        assertEquals(java.util.Map.of("merged", 1), result.leftThroughPorts());
        assertEquals(java.util.Map.of(), result.stuckInQueues());
        try (var files = Files.list(out.resolve("outputs").resolve("merged"))) {
            Path merged = files.filter(f -> !f.toString().endsWith(".attributes.json")).findFirst().orElseThrow();
            assertEquals(3, Files.readAllLines(merged).size(), "the three fragments' records, one JSON line each");
        }
    }

    @Test
    void badArgumentsGiveAMessageAndNoStackTrace() {
        for (String[] args : List.of(new String[]{"--epsilon", "-1"}, new String[]{"--records", "many"}, new String[]{"--delta", "2"},
                new String[]{"--bogus", "1"}, new String[]{"--epsilon"}, new String[]{"--param", "no.such=1"},
                new String[]{"--flow", "missing.json"}, new String[]{"--budget-id", "a b"})) {
            Run run = command(args);
            assertEquals(ReleaseCommand.BAD_ARGUMENTS, run.status(), String.join(" ", args));
            assertTrue(run.errors().startsWith("dpsynth-release: "), run.errors());
            assertFalse(run.errors().contains("\tat "), run.errors());
        }
    }

    private Run release(Path out, String cap) {
        return command("--flow", FIXTURE.toString(), "--out", out.toString(), "--epsilon", "1", "--delta", "1e-5",
                "--param", "budget.epsilon.cap=" + cap, "--param", "sensitive.records=" + SENSITIVE,
                "--param", "model.dir=" + model, "--param", "model.threads=1", "--param", "noise.mode=SEEDED",
                "--param", "dpsgd.steps=3", "--param", "dpsgd.expected.batch=8", "--param", "dpsgd.virtual.tokens=2",
                "--param", "dpsgd.max.tokens=24");
    }

    /**
     * The accountants' epsilon (the tighter of PLD and RDP, as the ledger's default accounting) for the DP-SGD run the
     * adapter's attributes describe, at the budget's delta cap: the ledger prices committed mechanisms at the cap's delta.
     */
    static double accountantEpsilonAtCapDelta(JsonNode attributes, double capDelta) {
        DpSgdCalibration run = new DpSgdCalibration(attributes.path("dpsynth.dpsgd.dataset.size").asInt(),
                attributes.path("dpsynth.dpsgd.sampling.rate").asDouble(), attributes.path("dpsynth.dpsgd.noise.multiplier").asDouble(),
                attributes.path("dpsynth.dpsgd.steps").asInt(), attributes.path("dpsynth.dpsgd.epsilon").asDouble(),
                attributes.path("dpsynth.dpsgd.delta").asDouble(), DpSgdAccountant.PLD);
        DpEvent event = run.event(run.steps());
        return Math.min(DpSgdAccountant.PLD.create().epsilon(event, capDelta), DpSgdAccountant.RDP.create().epsilon(event, capDelta));
    }

    record Run(int status, String output, String errors) {
    }

    static Run command(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ReleaseCommand.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static List<JsonNode> provenance(Path out) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve(FlowRun.PROVENANCE_FILE))) {
            events.add(MAPPER.readTree(line));
        }
        return events;
    }

    static JsonNode only(List<JsonNode> events, String detailsPrefix) {
        List<JsonNode> matching = events.stream().filter(e -> e.path("details").asText().startsWith(detailsPrefix)).toList();
        assertEquals(1, matching.size(), () -> "events starting with '" + detailsPrefix + "': " + matching);
        return matching.getFirst();
    }

    static double budgetState(Path out, String field) throws IOException {
        return Double.parseDouble(stateText(out, field));
    }

    static String stateText(Path out, String field) throws IOException {
        JsonNode ledger = MAPPER.readTree(out.resolve(FlowRun.LEDGER_FILE).toFile());
        for (JsonNode service : ledger) {
            JsonNode value = service.path("state").path("dpsynth-demo/" + field);
            if (!value.isMissingNode()) {
                return value.asText();
            }
        }
        throw new AssertionError("no '" + field + "' for dpsynth-demo in " + ledger);
    }
}
