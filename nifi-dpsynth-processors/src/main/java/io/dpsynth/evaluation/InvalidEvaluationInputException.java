package io.dpsynth.evaluation;

/** The records cannot be evaluated as given. The message names counts and fields only, never text or labels. */
public class InvalidEvaluationInputException extends Exception {

    public InvalidEvaluationInputException(String message) {
        super(message);
    }
}
