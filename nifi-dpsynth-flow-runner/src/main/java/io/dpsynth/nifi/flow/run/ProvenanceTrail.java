package io.dpsynth.nifi.flow.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.nifi.provenance.ProvenanceEventRecord;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Appends one JSON line per provenance event the processors report: what a NiFi provenance repository would
 * hold for the run (event type, component, FlowFile, relationship, details, the FlowFile's attributes after
 * the event). dpsynth puts no record text into attributes or details, so the trail holds none either.
 */
final class ProvenanceTrail implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final BufferedWriter out;
    private final String runId;
    private int written;

    ProvenanceTrail(Path file, String runId) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        this.runId = runId;
    }

    void record(ProcessorNode processor, ProvenanceEventRecord event) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("run", runId);
        line.put("time", Instant.ofEpochMilli(event.getEventTime()).toString());
        line.put("eventType", event.getEventType().name());
        line.put("component", processor.name());
        line.put("componentType", processor.type());
        line.put("componentId", processor.identifier());
        line.put("flowFileUuid", event.getFlowFileUuid());
        line.put("relationship", event.getRelationship());
        line.put("details", event.getDetails());
        line.put("attributes", new TreeMap<>(event.getAttributes()));
        out.write(MAPPER.writeValueAsString(line));
        out.newLine();
        written++;
    }

    int written() {
        return written;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
