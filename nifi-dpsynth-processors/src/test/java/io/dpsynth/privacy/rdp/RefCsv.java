package io.dpsynth.privacy.rdp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Minimal reader for the reference CSVs under {@code /refdata} (test only): a header row, then one
 * record per line; fields may be double-quoted to contain commas ("" is a literal quote).
 */
final class RefCsv {

    private RefCsv() {
    }

    /** One data row, addressed by header name. */
    record Row(Map<String, String> fields) {

        String text(String column) {
            String value = fields.get(column);
            if (value == null) {
                throw new IllegalArgumentException("no column " + column + " in " + fields.keySet());
            }
            return value;
        }

        double number(String column) {
            return Double.parseDouble(text(column));
        }

        boolean isBlank(String column) {
            return text(column).isBlank();
        }

        @Override
        public String toString() {
            return fields.toString();
        }
    }

    static List<Row> read(String resource) {
        try (InputStream in = RefCsv.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> header = splitLine(reader.readLine());
            List<Row> rows = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                List<String> values = splitLine(line);
                if (values.size() != header.size()) {
                    throw new IllegalArgumentException(resource + ": " + values.size() + " fields, header has " + header.size() + ": " + line);
                }
                Map<String, String> fields = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    fields.put(header.get(i), values.get(i));
                }
                rows.add(new Row(fields));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> splitLine(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
