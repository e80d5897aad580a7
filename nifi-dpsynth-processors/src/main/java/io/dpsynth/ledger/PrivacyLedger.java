package io.dpsynth.ledger;

import io.dpsynth.privacy.DpEvent;
import io.dpsynth.privacy.EpsilonDeltaEvent;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Privacy budgets with atomic reservations.
 *
 * <p>{@link #reserve} charges an (epsilon, delta) before any sensitive data is touched, and only if the
 * composed total stays within the budget's cap; {@link #commit} later replaces the reservation by the
 * mechanism that actually ran, so the total can tighten. Every change is a compare-and-set on the
 * {@link LedgerStore}, retried on conflict, so concurrent threads or cluster nodes cannot over-spend.
 * Nothing is ever refunded: a reservation stays charged until a commit replaces it.
 */
public final class PrivacyLedger {

    static final int MAX_ATTEMPTS = 1000;

    private final LedgerStore store;
    private final BudgetCaps caps;
    private final SpendPricer pricer;

    public PrivacyLedger(LedgerStore store, BudgetCaps caps, SpendPricer pricer) {
        this.store = store;
        this.caps = caps;
        this.pricer = pricer;
    }

    /**
     * Reserves (epsilon, delta) against the budget.
     *
     * @throws IllegalArgumentException   for an invalid budget id, epsilon or delta, or a budget without a cap
     * @throws LedgerUnavailableException when the state cannot be read or written
     */
    public ReservationResult reserve(String budgetId, double epsilon, double delta) throws LedgerUnavailableException {
        BudgetCap cap = capOf(budgetId);
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("requested epsilon must be finite and > 0, got " + epsilon);
        }
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("requested delta must be in (0, 1), got " + delta);
        }
        EpsilonDeltaEvent request = new EpsilonDeltaEvent(epsilon, delta);
        return update(budgetId, current -> {
            BudgetSpend after = current.withReservation(budgetId, request);
            BudgetTotals totals = pricer.price(after, cap);
            if (!totals.withinCap()) {
                return Optional.empty();
            }
            return Optional.of(new Update(after, totals));
        }, (current, update) -> update
                .<ReservationResult>map(u -> new ReservationResult.Granted(u.spend().lastEntryId(), u.totals()))
                .orElseGet(() -> new ReservationResult.Refused(
                        "request (epsilon " + epsilon + ", delta " + delta + ") would exceed the cap (epsilon "
                                + cap.epsilon() + ", delta " + cap.delta() + ")",
                        pricer.price(current, cap))));
    }

    /**
     * Replaces an open reservation by the event that actually ran. The event is recorded whatever it
     * costs: if it costs more than was reserved, the budget shows the overspend and refuses later requests.
     *
     * @throws IllegalArgumentException   for an unknown budget or entry id
     * @throws LedgerUnavailableException when the state cannot be read or written
     */
    public BudgetTotals commit(String budgetId, String entryId, DpEvent actual) throws LedgerUnavailableException {
        BudgetCap cap = capOf(budgetId);
        return update(budgetId, current -> {
            BudgetSpend after = current.withCommit(entryId, actual);
            return Optional.of(new Update(after, pricer.price(after, cap)));
        }, (current, update) -> update.orElseThrow().totals());
    }

    /** The budget's current totals. */
    public BudgetTotals totals(String budgetId) throws LedgerUnavailableException {
        BudgetCap cap = capOf(budgetId);
        try {
            return pricer.price(LedgerStateCodec.read(store.read().values(), budgetId), cap);
        } catch (IOException | CorruptLedgerStateException e) {
            throw new LedgerUnavailableException("cannot read ledger state: " + e.getMessage(), e);
        }
    }

    private BudgetCap capOf(String budgetId) {
        BudgetCaps.requireValidBudgetId(budgetId);
        return caps.capFor(budgetId).orElseThrow(() ->
                new IllegalArgumentException("budget " + budgetId + " has no cap: set a default cap or one for this budget"));
    }

    private record Update(BudgetSpend spend, BudgetTotals totals) {
    }

    @FunctionalInterface
    private interface Answer<T> {
        T of(BudgetSpend current, Optional<Update> update);
    }

    /** Compare-and-set loop: compute the change from a fresh snapshot, write it only if nobody wrote in between. */
    private <T> T update(String budgetId, Function<BudgetSpend, Optional<Update>> change, Answer<T> answer)
            throws LedgerUnavailableException {
        try {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                LedgerStore.Snapshot snapshot = store.read();
                BudgetSpend current = LedgerStateCodec.read(snapshot.values(), budgetId);
                Optional<Update> update = change.apply(current);
                if (update.isEmpty()) {
                    return answer.of(current, update);
                }
                Map<String, String> next = LedgerStateCodec.write(snapshot.values(), budgetId, update.get().spend(), update.get().totals());
                if (store.replace(snapshot, next)) {
                    return answer.of(current, update);
                }
                Thread.onSpinWait();
            }
        } catch (IOException | CorruptLedgerStateException e) {
            throw new LedgerUnavailableException("cannot read or write ledger state: " + e.getMessage(), e);
        }
        throw new LedgerUnavailableException("ledger state kept changing; gave up after " + MAX_ATTEMPTS + " attempts");
    }
}
