package io.dpsynth.ledger;

/** Stored ledger state that cannot be parsed: the ledger refuses to guess what was spent. */
class CorruptLedgerStateException extends RuntimeException {

    CorruptLedgerStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
