package io.dpsynth.nifi.flow.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpsynth.nifi.flow.FlowDefinition;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The README's second command (./dpsynth-release): runs the release flow definition in-process with its
 * parameter context, the flags overriding parameters, and reports where the release, the utility report, the
 * ledger and the provenance trail are. Exit status 0 when the flow ran to a decision (released, held back below
 * the utility threshold, or refused by the budget: the last line says which), 1 when something failed, 2 on bad
 * arguments.
 */
public final class ReleaseCommand {

    static final int COMPLETED = 0;
    static final int FAILED = 1;
    static final int BAD_ARGUMENTS = 2;

    private ReleaseCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    static int run(PrintStream out, PrintStream err, String... args) {
        ReleaseArguments arguments;
        FlowDefinition flow;
        Map<String, String> parameters;
        try {
            arguments = ReleaseArguments.parse(args);
            flow = readFlow(arguments.flow());
            parameters = parameters(flow, arguments.overrides());
        } catch (ReleaseArguments.HelpRequested e) {
            out.println(ReleaseArguments.USAGE);
            return COMPLETED;
        } catch (IllegalArgumentException e) {
            err.println("dpsynth-release: " + e.getMessage());
            err.println("Run ./dpsynth-release --help for the options.");
            return BAD_ARGUMENTS;
        }
        Path outFolder = Path.of(parameters.get("work.dir"));
        ConsoleProgress progress = new ConsoleProgress(out);
        progress.line("flow '" + flow.group().getName() + "' from " + arguments.flow() + "; output folder " + outFolder.toAbsolutePath());
        progress.line("budget " + parameters.get("budget.id") + ", epsilon " + parameters.get("epsilon") + ", delta "
                + parameters.get("delta") + ", " + parameters.get("generate.records") + " synthetic records");
        try {
            Files.createDirectories(outFolder);
            FlowRun.Result result = FlowRun.run(flow, parameters, outFolder, progress);
            printLedger(progress, outFolder, parameters.get("budget.id"));
            progress.line(result.provenanceEvents() + " provenance events appended to " + outFolder.resolve(FlowRun.PROVENANCE_FILE));
            result.stuckInQueues().forEach((processor, count) -> progress.line("WARNING: " + count + " FlowFiles left queued at '" + processor + "'"));
            return outcome(progress, result, outFolder);
        } catch (FlowRunException e) {
            err.println("dpsynth-release: " + e.getMessage());
            return FAILED;
        } catch (IOException e) {
            err.println("dpsynth-release: cannot write to " + outFolder + ": " + e.getMessage());
            return FAILED;
        }
    }

    private static FlowDefinition readFlow(Path file) {
        try {
            return FlowDefinition.read(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("flow definition " + file + " not found (run from the repository root, or pass --flow)");
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("flow definition " + file + " cannot be read: " + e.getMessage());
        }
    }

    /** The flow's parameter values with the flags applied; a flag for a parameter the flow lacks is an error. */
    static Map<String, String> parameters(FlowDefinition flow, Map<String, String> overrides) {
        Map<String, String> parameters = new LinkedHashMap<>(flow.parameters());
        overrides.forEach((name, value) -> {
            if (!parameters.containsKey(name)) {
                throw new IllegalArgumentException("the flow has no parameter '" + name + "' (parameters: " + parameters.keySet() + ")");
            }
            parameters.put(name, value);
        });
        if (parameters.get("work.dir") == null) {
            throw new IllegalArgumentException("the flow's parameter 'work.dir' has no value: pass --out");
        }
        return parameters;
    }

    private static void printLedger(ConsoleProgress progress, Path outFolder, String budgetId) throws IOException {
        Path ledger = outFolder.resolve(FlowRun.LEDGER_FILE);
        if (!Files.exists(ledger)) {
            return;
        }
        for (JsonNode service : new ObjectMapper().readTree(ledger.toFile())) {
            JsonNode state = service.path("state");
            if (state.has(budgetId + "/epsilon.spent")) {
                progress.line("ledger " + ledger + ": budget " + budgetId + " has spent epsilon "
                        + state.path(budgetId + "/epsilon.spent").asText() + " (delta " + state.path(budgetId + "/delta.spent").asText()
                        + ") over " + state.path(budgetId + "/entries").asText() + " reservations");
            }
        }
    }

    private static int outcome(ConsoleProgress progress, FlowRun.Result result, Path outFolder) {
        Map<String, Integer> ports = result.leftThroughPorts();
        if (ports.containsKey("budget-exceeded")) {
            progress.line("REFUSED: the release would exceed the budget's cap; nothing was charged (see outputs/budget-exceeded)");
            return COMPLETED;
        }
        if (ports.containsKey("failed")) {
            progress.line("FAILED: see " + outFolder.resolve(FlowRun.OUTPUTS_FOLDER).resolve("failed") + " (dpsynth.error in the attributes)");
            return FAILED;
        }
        if (ports.containsKey("below-utility-threshold")) {
            progress.line("HELD BACK: the synthetic records missed a utility threshold; they and the report are in "
                    + outFolder.resolve(FlowRun.OUTPUTS_FOLDER).resolve("below-utility-threshold") + " and " + outFolder.resolve("reports"));
            return COMPLETED;
        }
        progress.line("RELEASED: synthetic dataset in " + outFolder.resolve("releases") + ", utility report in " + outFolder.resolve("reports"));
        return COMPLETED;
    }
}
