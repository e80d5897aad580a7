package io.dpsynth.nifi.flow.run;

/** A flow that cannot be run as configured; the message says what to change (no stack trace needed). */
public class FlowRunException extends RuntimeException {

    public FlowRunException(String message) {
        super(message);
    }

    public FlowRunException(String message, Throwable cause) {
        super(message, cause);
    }
}
