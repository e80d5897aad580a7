package io.dpsynth.nifi.processors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test double for a JSON Lines record reader (the real JsonTreeReader is not obtainable here): one
 * flat JSON object per line, every field read as a string, the schema taken from the first record.
 */
public class JsonLinesRecordReader extends AbstractControllerService implements RecordReaderFactory {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public RecordReader createRecordReader(Map<String, String> variables, InputStream in, long inputLength,
                                           ComponentLog logger) {
        return new Reader(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    }

    private static final class Reader implements RecordReader {
        private final BufferedReader lines;
        private Record peeked;
        private RecordSchema schema;
        private int lineNumber;

        Reader(BufferedReader lines) {
            this.lines = lines;
        }

        @Override
        public Record nextRecord(boolean coerceTypes, boolean dropUnknownFields) throws IOException, MalformedRecordException {
            if (peeked != null) {
                Record record = peeked;
                peeked = null;
                return record;
            }
            String line;
            do {
                line = lines.readLine();
                lineNumber++;
                if (line == null) {
                    return null;
                }
            } while (line.isBlank());
            JsonNode node;
            try {
                node = MAPPER.readTree(line);
            } catch (JsonProcessingException e) {
                throw new MalformedRecordException("line " + lineNumber + " is not valid JSON", e);
            }
            if (!node.isObject()) {
                throw new MalformedRecordException("line " + lineNumber + " is not a JSON object");
            }
            Map<String, Object> values = new LinkedHashMap<>();
            List<RecordField> fields = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                values.put(field.getKey(), field.getValue().isNull() ? null : field.getValue().asText());
                fields.add(new RecordField(field.getKey(), RecordFieldType.STRING.getDataType()));
            }
            RecordSchema recordSchema = new SimpleRecordSchema(fields);
            if (schema == null) {
                schema = recordSchema;
            }
            return new MapRecord(recordSchema, values);
        }

        @Override
        public RecordSchema getSchema() throws MalformedRecordException {
            if (schema == null) {
                try {
                    peeked = nextRecord(true, false);
                } catch (IOException e) {
                    throw new MalformedRecordException("cannot read first record", e);
                }
                if (schema == null) {
                    schema = new SimpleRecordSchema(List.of());
                }
            }
            return schema;
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }
}
