package io.dpsynth.nifi.processors;

import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.record.Record;

/** The document text of a record, for public and sensitive records alike. */
final class RecordText {

    /** A record lacks the text field. Its message names only the position and the field, so it is safe to show. */
    static final class MissingFieldException extends MalformedRecordException {
        MissingFieldException(long recordNumber, String field) {
            super("record " + recordNumber + " has no field '" + field + "'");
        }
    }

    private RecordText() {
    }

    /** The field's value as text; a null value is an empty document, a missing field is malformed. */
    static String of(Record record, String field, long recordNumber) throws MissingFieldException {
        if (!record.getRawFieldNames().contains(field)) {
            throw new MissingFieldException(recordNumber, field);
        }
        String text = record.getAsString(field);
        return text == null ? "" : text;
    }
}
