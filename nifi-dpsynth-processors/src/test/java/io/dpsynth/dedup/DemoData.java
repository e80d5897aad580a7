package io.dpsynth.dedup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Reads the bundled demo data (data/demo/*.jsonl.gz) for the benchmark and the demo run. */
public final class DemoData {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DemoData() {
    }

    /** The directory with the demo data; {@code -Ddpsynth.data.dir} overrides the repository default. */
    public static Path directory() {
        return Path.of(System.getProperty("dpsynth.data.dir", "../data/demo"));
    }

    public static List<JsonNode> read(String fileName) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(directory().resolve(fileName))), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                records.add(MAPPER.readTree(line));
            }
        }
        return records;
    }

    public static List<String> texts(String fileName) throws IOException {
        return read(fileName).stream().map(record -> record.get("text").asText()).toList();
    }
}
