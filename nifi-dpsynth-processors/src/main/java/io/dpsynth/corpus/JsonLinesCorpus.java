package io.dpsynth.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Reads a corpus in JSON Lines ({@code id}, {@code text}; gzip when the name ends in .gz), as data/demo has. */
public final class JsonLinesCorpus {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonLinesCorpus() {
    }

    public static List<PublicDocument> read(Path file) throws IOException {
        List<PublicDocument> documents = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            int lineNumber = 0;
            for (String line; (line = lines.readLine()) != null; ) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode record = MAPPER.readTree(line);
                if (!record.path("id").isTextual() || !record.path("text").isTextual()) {
                    throw new IOException(file.getFileName() + " line " + lineNumber + ": needs string fields id and text");
                }
                documents.add(new PublicDocument(record.get("id").asText(), record.get("text").asText()));
            }
        }
        return documents;
    }
}
