package io.dpsynth.nifi.processors;

import io.dpsynth.generation.SyntheticRecord;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GenerateSynthetic's output records: {@code text} and {@code label}, and with metadata {@code index} (position in
 * the run's shuffled label schedule), {@code tokens} (tokens generated) and {@code complete} (false when Max New
 * Tokens cut the text).
 */
final class SyntheticRecords {

    static final String TEXT = "text";
    static final String LABEL = "label";
    static final String INDEX = "index";
    static final String TOKENS = "tokens";
    static final String COMPLETE = "complete";

    private final RecordSchema schema;
    private final boolean metadata;

    SyntheticRecords(boolean metadata) {
        this.metadata = metadata;
        List<RecordField> fields = new ArrayList<>();
        fields.add(new RecordField(TEXT, RecordFieldType.STRING.getDataType(), false));
        fields.add(new RecordField(LABEL, RecordFieldType.STRING.getDataType(), false));
        if (metadata) {
            fields.add(new RecordField(INDEX, RecordFieldType.LONG.getDataType(), false));
            fields.add(new RecordField(TOKENS, RecordFieldType.INT.getDataType(), false));
            fields.add(new RecordField(COMPLETE, RecordFieldType.BOOLEAN.getDataType(), false));
        }
        this.schema = new SimpleRecordSchema(fields);
    }

    RecordSchema schema() {
        return schema;
    }

    Record toRecord(SyntheticRecord synthetic) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(TEXT, synthetic.text());
        values.put(LABEL, synthetic.label());
        if (metadata) {
            values.put(INDEX, synthetic.index());
            values.put(TOKENS, synthetic.tokens());
            values.put(COMPLETE, synthetic.complete());
        }
        return new MapRecord(schema, values);
    }
}
