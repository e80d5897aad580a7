package io.dpsynth.nifi.flow.run;

import java.nio.file.Path;
import java.util.Map;

/** Progress of a flow run (the console prints it). */
public interface RunListener {

    void serviceEnabled(String service, long millis);

    /** One trigger of a processor: how many FlowFiles it took and what it sent where. */
    void triggered(String processor, int taken, Map<String, Integer> transferred, long millis);

    /** A FlowFile left the flow through an output port and was written to a file. */
    void leftFlow(String port, Path file, Map<String, String> attributes);
}
