package io.dpsynth.model;

import java.io.IOException;

/**
 * A model directory or file cannot be used: missing file, unknown architecture, corrupt or truncated
 * tensor file, or tensors whose shapes do not match the configuration. Messages name the file and the
 * problem (counts, shapes, names) and never contain text data.
 */
public class ModelFormatException extends IOException {

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
