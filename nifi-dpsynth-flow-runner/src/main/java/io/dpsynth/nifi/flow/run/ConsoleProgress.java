package io.dpsynth.nifi.flow.run;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/** Progress lines on the console: elapsed time, what each trigger did. */
final class ConsoleProgress implements RunListener {

    private final PrintStream out;
    private final long start = System.nanoTime();

    ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void serviceEnabled(String service, long millis) {
        line("enabled " + service + " (" + millis + " ms)");
    }

    @Override
    public void triggered(String processor, int taken, Map<String, Integer> transferred, long millis) {
        String sent = transferred.isEmpty() ? "nothing out" : transferred.entrySet().stream()
                .map(e -> e.getValue() + " -> " + e.getKey()).collect(Collectors.joining(", "));
        line(processor + ": " + (taken > 0 ? taken + " in, " : "") + sent + " (" + millis + " ms)");
    }

    @Override
    public void leftFlow(String port, Path file, Map<String, String> attributes) {
        String error = attributes.get("dpsynth.error");
        line("output port '" + port + "': " + file + (error == null ? "" : " (" + error + ")"));
    }

    void line(String text) {
        out.printf("[%6.1f s] %s%n", (System.nanoTime() - start) / 1e9, text);
        out.flush();
    }
}
