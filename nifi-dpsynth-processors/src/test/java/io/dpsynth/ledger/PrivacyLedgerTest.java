package io.dpsynth.ledger;

import io.dpsynth.privacy.DpEvent;
import io.dpsynth.privacy.rdp.RdpAccountant;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrivacyLedgerTest {

    private static final BudgetCap CAP = new BudgetCap(8, 1e-5);

    private final InMemoryLedgerStore store = new InMemoryLedgerStore();
    private final RdpAccountant rdp = new RdpAccountant();
    private final PrivacyLedger ledger = new PrivacyLedger(store,
            new BudgetCaps(Optional.of(CAP), Map.of("small", new BudgetCap(1, 1e-6))), new SpendPricer(List.of(rdp)));

    @Test
    void grantsWithinCapAndComposesReservationsBasically() throws Exception {
        ReservationResult first = ledger.reserve("tickets", 3, 1e-6);
        ReservationResult second = ledger.reserve("tickets", 4, 2e-6);

        assertEquals("tickets-1", assertInstanceOf(ReservationResult.Granted.class, first).entryId());
        assertEquals("tickets-2", assertInstanceOf(ReservationResult.Granted.class, second).entryId());
        assertEquals(7, second.totals().epsilonSpent(), 1e-12);
        assertEquals(3e-6, second.totals().deltaSpent(), 1e-18);
        assertEquals(1, second.totals().epsilonRemaining(), 1e-12);
        assertEquals(7, ledger.totals("tickets").epsilonSpent(), 1e-12);
    }

    @Test
    void refusesWhatWouldExceedTheCapAndChargesNothing() throws Exception {
        ledger.reserve("small", 0.6, 1e-7);

        ReservationResult refused = ledger.reserve("small", 0.5, 1e-7);

        assertInstanceOf(ReservationResult.Refused.class, refused);
        assertEquals(0.6, refused.totals().epsilonSpent(), 1e-12);
        assertEquals(0.6, ledger.totals("small").epsilonSpent(), 1e-12);
        assertInstanceOf(ReservationResult.Granted.class, ledger.reserve("small", 0.4, 1e-7));
    }

    @Test
    void tenTenthsFillACapOfOne() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertInstanceOf(ReservationResult.Granted.class, ledger.reserve("small", 0.1, 1e-8));
        }
        assertInstanceOf(ReservationResult.Refused.class, ledger.reserve("small", 1e-9, 1e-8));
    }

    @Test
    void budgetsAreIndependent() throws Exception {
        ledger.reserve("a", 8, 1e-6);
        assertInstanceOf(ReservationResult.Granted.class, ledger.reserve("b", 8, 1e-6));
    }

    @Test
    void commitReplacesTheReservationByTheMechanismThatRan() throws Exception {
        String entry = ((ReservationResult.Granted) ledger.reserve("tickets", 5, 1e-6)).entryId();
        DpEvent training = DpEvent.dpSgd(0.01, 1.5, 1000);

        BudgetTotals totals = ledger.commit("tickets", entry, training);

        // The reservation is gone; the DP-SGD run is priced by RDP at the cap's delta.
        assertEquals(rdp.epsilon(training, CAP.delta()), totals.epsilonSpent(), 1e-12);
        assertTrue(totals.epsilonSpent() < 5);
        assertEquals(totals.epsilonSpent(), ledger.totals("tickets").epsilonSpent(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ledger.commit("tickets", entry, training));
    }

    @Test
    void commitRecordsAnOverspendAndLaterRequestsAreRefused() throws Exception {
        String entry = ((ReservationResult.Granted) ledger.reserve("small", 0.5, 1e-7)).entryId();

        BudgetTotals totals = ledger.commit("small", entry, DpEvent.dpSgd(0.5, 0.6, 1000));

        assertTrue(totals.epsilonSpent() > 1, "the run cost more than the cap and must show it");
        assertInstanceOf(ReservationResult.Refused.class, ledger.reserve("small", 0.01, 1e-9));
    }

    @Test
    void openReservationsAreBoundedAndOldOnesStayCharged() throws Exception {
        int count = BudgetSpend.MAX_OPEN_RESERVATIONS + 10;
        for (int i = 0; i < count; i++) {
            ledger.reserve("tickets", 0.001, 1e-9);
        }
        assertEquals(count * 0.001, ledger.totals("tickets").epsilonSpent(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> ledger.commit("tickets", "tickets-1", DpEvent.dpSgd(0.01, 2, 10)),
                "a folded reservation can no longer be replaced");
    }

    @Test
    void rejectsInvalidRequestsAndBudgetsWithoutCap() {
        PrivacyLedger noDefault = new PrivacyLedger(store, new BudgetCaps(Optional.empty(), Map.of()), new SpendPricer(List.of(rdp)));
        assertThrows(IllegalArgumentException.class, () -> noDefault.reserve("unknown", 1, 1e-6));
        assertThrows(IllegalArgumentException.class, () -> ledger.reserve("tickets", 0, 1e-6));
        assertThrows(IllegalArgumentException.class, () -> ledger.reserve("tickets", -1, 1e-6));
        assertThrows(IllegalArgumentException.class, () -> ledger.reserve("tickets", Double.NaN, 1e-6));
        assertThrows(IllegalArgumentException.class, () -> ledger.reserve("tickets", Double.POSITIVE_INFINITY, 1e-6));
        assertThrows(IllegalArgumentException.class, () -> ledger.reserve("tickets", 1, 0));
        assertThrows(IllegalArgumentException.class, () -> ledger.reserve("tickets", 1, 1));
        assertThrows(IllegalArgumentException.class, () -> ledger.reserve("bad/id", 1, 1e-6));
    }

    @Test
    void parsesCaps() {
        assertEquals(new BudgetCap(8, 1e-5), BudgetCap.parse(" 8 , 1e-5 "));
        assertThrows(IllegalArgumentException.class, () -> BudgetCap.parse("8"));
        assertThrows(IllegalArgumentException.class, () -> BudgetCap.parse("eight, 1e-5"));
        assertThrows(IllegalArgumentException.class, () -> BudgetCap.parse("8, 2"));
    }
}
