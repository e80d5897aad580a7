package io.dpsynth.nifi.processors;

import io.dpsynth.evaluation.InvalidEvaluationInputException;
import io.dpsynth.evaluation.LabeledText;
import io.dpsynth.evaluation.RealReference;
import io.dpsynth.evaluation.downstream.TextClassifier;
import io.dpsynth.model.LanguageModel;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.serialization.RecordReaderFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the real evaluation records, splits them into training and held-out, and prepares the reference (with the
 * held-out perplexity under the base model, when there is one).
 */
final class RealEvaluationRecords {

    private RealEvaluationRecords() {
    }

    static RealReference load(SensitiveReference reference, RecordReaderFactory readerFactory,
                              RealRecordsSettings settings, TextClassifier classifier,
                              LanguageModel model, ComponentLog logger)
            throws SensitiveReference.UnreadableException {
        List<LabeledText> train = new ArrayList<>();
        List<LabeledText> heldOut = new ArrayList<>();
        reference.readRecords(readerFactory, logger, (record, recordNumber) -> {
            String split = RecordText.of(record, settings.splitField(), recordNumber);
            if (split.equals(settings.trainValue())) {
                train.add(LabeledRecords.of(record, settings.textField(), settings.labelField(), recordNumber));
            } else if (split.equals(settings.heldOutValue())) {
                heldOut.add(LabeledRecords.of(record, settings.textField(), settings.labelField(), recordNumber));
            }
        });
        try {
            return RealReference.prepare(classifier, model, train, heldOut);
        } catch (InvalidEvaluationInputException e) {
            throw new SensitiveReference.UnreadableException("Real evaluation records: " + e.getMessage());
        }
    }
}
