package io.dpsynth.ledger;

import io.dpsynth.privacy.ComposedEvent;
import io.dpsynth.privacy.DpEvent;
import io.dpsynth.privacy.EpsilonDeltaEvent;
import io.dpsynth.privacy.FlattenedEvent;
import io.dpsynth.privacy.MechanismCount;
import io.dpsynth.privacy.SelfComposedEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything charged to one budget, as a bounded aggregate: committed spends flattened into distinct
 * mechanisms with run counts plus the basic-composition total of opaque spends, and the most recent
 * open reservations, which can still be replaced by what actually ran. The full history lives in
 * provenance, not here.
 *
 * <p>Only {@link #MAX_OPEN_RESERVATIONS} reservations stay open; older ones are folded into the
 * committed opaque total. They stay charged in full (never refunded), they just can no longer be
 * tightened by a commit.
 *
 * @param committed    committed spends (mechanisms merged by equality, opaque parts summed)
 * @param open         open reservations, oldest first
 * @param entries      number of reservations ever granted; the sequence behind entry ids
 */
public record BudgetSpend(FlattenedEvent committed, List<Reservation> open, long entries) {

    public static final int MAX_OPEN_RESERVATIONS = 256;

    public static final BudgetSpend NONE = new BudgetSpend(new FlattenedEvent(List.of(), 0, 0), List.of(), 0);

    public BudgetSpend {
        open = List.copyOf(open);
    }

    /** Reserves (epsilon, delta) under the next entry id of {@code budgetId}. */
    public BudgetSpend withReservation(String budgetId, EpsilonDeltaEvent reserved) {
        long sequence = entries + 1;
        List<Reservation> stillOpen = new ArrayList<>(open);
        stillOpen.add(new Reservation(budgetId + "-" + sequence, reserved));
        FlattenedEvent folded = committed;
        while (stillOpen.size() > MAX_OPEN_RESERVATIONS) {
            folded = merge(folded, stillOpen.removeFirst().reserved());
        }
        return new BudgetSpend(folded, stillOpen, sequence);
    }

    /** The entry id the last reservation received. */
    public String lastEntryId() {
        return open.isEmpty() ? null : open.getLast().entryId();
    }

    /** Replaces an open reservation by the event that actually ran (which may cost less or more). */
    public BudgetSpend withCommit(String entryId, DpEvent actual) {
        List<Reservation> stillOpen = new ArrayList<>(open);
        if (!stillOpen.removeIf(r -> r.entryId().equals(entryId))) {
            throw new IllegalArgumentException("no open reservation with ledger entry id " + entryId);
        }
        return new BudgetSpend(merge(committed, actual), stillOpen, entries);
    }

    /** Whether anything in this spend needs a mechanism accountant (else basic composition prices it). */
    public boolean hasMechanisms() {
        return !committed.mechanisms().isEmpty();
    }

    /** Opaque epsilon: committed opaque spends plus open reservations (basic composition). */
    public double opaqueEpsilon() {
        return committed.opaqueEpsilon() + open.stream().mapToDouble(r -> r.reserved().epsilon()).sum();
    }

    /** Opaque delta: committed opaque spends plus open reservations (basic composition). */
    public double opaqueDelta() {
        return committed.opaqueDelta() + open.stream().mapToDouble(r -> r.reserved().delta()).sum();
    }

    /** The whole spend as one event, for an accountant to price. */
    public DpEvent asEvent() {
        List<DpEvent> parts = new ArrayList<>();
        parts.add(asEvent(committed));
        open.forEach(r -> parts.add(r.reserved()));
        return new ComposedEvent(parts);
    }

    private static FlattenedEvent merge(FlattenedEvent committed, DpEvent more) {
        return FlattenedEvent.of(ComposedEvent.of(asEvent(committed), more));
    }

    private static DpEvent asEvent(FlattenedEvent flat) {
        List<DpEvent> parts = new ArrayList<>();
        for (MechanismCount m : flat.mechanisms()) {
            parts.add(m.count() == 1 ? m.mechanism() : new SelfComposedEvent(m.mechanism(), m.count()));
        }
        if (flat.opaqueEpsilon() > 0 || flat.opaqueDelta() > 0) {
            parts.add(new EpsilonDeltaEvent(flat.opaqueEpsilon(), flat.opaqueDelta()));
        }
        return new ComposedEvent(parts);
    }
}
