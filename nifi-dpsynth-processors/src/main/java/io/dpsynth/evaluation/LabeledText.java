package io.dpsynth.evaluation;

import java.util.Objects;

/** One record to evaluate: its text and its class label. Neither is ever written to a report. */
public record LabeledText(String text, String label) {

    public LabeledText {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(label, "label");
    }
}
