package io.dpsynth.evaluation.downstream;

/** A classifier could not get the JVM-wide training lease in time (another job trains); worth retrying later. */
public final class TrainingUnavailableException extends RuntimeException {

    public TrainingUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
