package io.dpsynth.nifi.flow.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** FlowFiles that leave the flow through an output port: content and attributes as files under outputs/PORT/. */
final class OutputPortSink {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;

    OutputPortSink(Path root) {
        this.root = root;
    }

    Path write(String port, byte[] content, Map<String, String> attributes) throws IOException {
        Path folder = root.resolve(port.replaceAll("[^A-Za-z0-9._-]", "_"));
        Files.createDirectories(folder);
        String base = attributes.getOrDefault("uuid", Long.toString(System.nanoTime())).replaceAll("[^A-Za-z0-9._-]", "_");
        Path file = folder.resolve(base);
        Files.write(file, content);
        MAPPER.writeValue(folder.resolve(base + ".attributes.json").toFile(), new TreeMap<>(attributes));
        return file;
    }
}
