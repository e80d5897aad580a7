package io.dpsynth.nifi.services;

import io.dpsynth.ledger.BudgetTotals;
import io.dpsynth.ledger.LedgerUnavailableException;
import io.dpsynth.ledger.ReservationResult;
import io.dpsynth.privacy.DpEvent;
import org.apache.nifi.controller.ControllerService;

/**
 * The privacy ledger shared by every dpsynth processor: named budgets with caps, atomic reservations
 * before sensitive data is touched, and commits of the mechanism that actually ran.
 */
public interface PrivacyLedgerService extends ControllerService {

    /**
     * Reserves (epsilon, delta) against a budget, atomically across threads and cluster nodes.
     *
     * @throws IllegalArgumentException   for an invalid budget id, epsilon or delta, or a budget with no cap
     * @throws LedgerUnavailableException when the ledger's state cannot be read or written
     */
    ReservationResult reserve(String budgetId, double epsilon, double delta) throws LedgerUnavailableException;

    /**
     * Replaces the open reservation {@code entryId} by the event that actually ran.
     *
     * @throws IllegalArgumentException   for an unknown budget or entry id
     * @throws LedgerUnavailableException when the ledger's state cannot be read or written
     */
    BudgetTotals commit(String budgetId, String entryId, DpEvent actual) throws LedgerUnavailableException;

    /** The budget's current totals. */
    BudgetTotals totals(String budgetId) throws LedgerUnavailableException;
}
