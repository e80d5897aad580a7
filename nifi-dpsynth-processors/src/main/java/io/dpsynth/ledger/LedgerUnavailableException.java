package io.dpsynth.ledger;

/** The ledger's state could not be read or written (store failure, or contention that did not settle). */
public class LedgerUnavailableException extends Exception {

    public LedgerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public LedgerUnavailableException(String message) {
        super(message);
    }
}
