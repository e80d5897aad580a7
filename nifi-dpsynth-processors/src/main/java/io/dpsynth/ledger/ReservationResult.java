package io.dpsynth.ledger;

/** The answer to a reservation: granted with a ledger entry id, or refused because it would exceed the cap. */
public sealed interface ReservationResult {

    /** The budget's totals after the grant, or unchanged totals after a refusal. */
    BudgetTotals totals();

    record Granted(String entryId, BudgetTotals totals) implements ReservationResult {
    }

    record Refused(String reason, BudgetTotals totals) implements ReservationResult {
    }
}
