package io.dpsynth.nifi.processors;

import io.dpsynth.evaluation.LabeledText;
import org.apache.nifi.serialization.record.Record;

/** A record's text and label as the evaluation engine takes them; the same rules for synthetic and real records. */
final class LabeledRecords {

    private LabeledRecords() {
    }

    /** A missing text or label field is malformed; a null text is empty, a null label is the empty label. */
    static LabeledText of(Record record, String textField, String labelField, long recordNumber)
            throws RecordText.MissingFieldException {
        return new LabeledText(RecordText.of(record, textField, recordNumber),
                RecordText.of(record, labelField, recordNumber));
    }
}
