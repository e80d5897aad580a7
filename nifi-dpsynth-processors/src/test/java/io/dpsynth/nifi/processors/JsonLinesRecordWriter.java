package io.dpsynth.nifi.processors;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.serialization.AbstractRecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/** Test double for a JSON Lines record writer: one JSON object per record and line. */
public class JsonLinesRecordWriter extends AbstractControllerService implements RecordSetWriterFactory {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public RecordSchema getSchema(Map<String, String> variables, RecordSchema readSchema) {
        return readSchema;
    }

    @Override
    public RecordSetWriter createWriter(ComponentLog logger, RecordSchema schema, OutputStream out,
                                        Map<String, String> variables) {
        return new AbstractRecordSetWriter(out) {
            @Override
            protected Map<String, String> writeRecord(Record record) throws IOException {
                getOutputStream().write(MAPPER.writeValueAsBytes(record.toMap()));
                getOutputStream().write('\n');
                return Map.of();
            }

            @Override
            public String getMimeType() {
                return "application/json";
            }
        };
    }
}
