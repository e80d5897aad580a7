package io.dpsynth.nifi.processors;

import io.dpsynth.nifi.DpsynthAttributes;
import io.dpsynth.nifi.services.StandardPrivacyLedgerService;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnforceEpsilonBudgetTest {

    private TestRunner runner;
    private StandardPrivacyLedgerService ledger;

    @BeforeEach
    void setUp() throws Exception {
        runner = TestRunners.newTestRunner(EnforceEpsilonBudget.class);
        ledger = new StandardPrivacyLedgerService();
        runner.addControllerService("ledger", ledger);
        runner.setProperty(ledger, StandardPrivacyLedgerService.DEFAULT_EPSILON_CAP, "2");
        runner.setProperty(ledger, StandardPrivacyLedgerService.DEFAULT_DELTA_CAP, "1e-5");
        runner.setProperty(ledger, "strict", "0.5, 1e-6");
        runner.enableControllerService(ledger);
        runner.setProperty(EnforceEpsilonBudget.LEDGER, "ledger");
        runner.setProperty(EnforceEpsilonBudget.BUDGET_ID, "${budget}");
        runner.setProperty(EnforceEpsilonBudget.REQUESTED_EPSILON, "${eps}");
        runner.setProperty(EnforceEpsilonBudget.REQUESTED_DELTA, "${delta}");
    }

    private void enqueue(String budget, String epsilon, String delta) {
        runner.enqueue("content is never read", Map.of("budget", budget, "eps", epsilon, "delta", delta));
    }

    @Test
    void grantsAndWritesTheSpendToAttributesAndProvenance() {
        enqueue("tickets", "0.75", "1e-6");
        runner.run();

        runner.assertAllFlowFilesTransferred(EnforceEpsilonBudget.REL_GRANTED, 1);
        MockFlowFile out = runner.getFlowFilesForRelationship(EnforceEpsilonBudget.REL_GRANTED).getFirst();
        out.assertAttributeEquals(DpsynthAttributes.BUDGET_ID, "tickets");
        out.assertAttributeEquals(DpsynthAttributes.EPSILON_GRANTED, "0.75");
        out.assertAttributeEquals(DpsynthAttributes.DELTA_GRANTED, "1.0E-6");
        out.assertAttributeEquals(DpsynthAttributes.EPSILON_SPENT, "0.75");
        out.assertAttributeEquals(DpsynthAttributes.EPSILON_REMAINING, "1.25");
        out.assertAttributeEquals(DpsynthAttributes.EPSILON_CAP, "2.0");
        out.assertAttributeEquals(DpsynthAttributes.LEDGER_ENTRY_ID, "tickets-1");
        out.assertAttributeNotExists(DpsynthAttributes.ERROR);
        out.assertContentEquals("content is never read");

        List<ProvenanceEventRecord> events = runner.getProvenanceEvents();
        assertEquals(1, events.size());
        assertEquals(ProvenanceEventType.ATTRIBUTES_MODIFIED, events.getFirst().getEventType());
        String details = events.getFirst().getDetails();
        for (String expected : List.of("budget=tickets", "entry=tickets-1", "epsilon=0.75", "delta=1.0E-6", "budgetEpsilonSpent=0.75", "budgetEpsilonRemaining=1.25")) {
            assertTrue(details.contains(expected), details + " lacks " + expected);
        }
    }

    @Test
    void secondReleaseSeesTheFirstOnesSpend() {
        enqueue("tickets", "1.5", "1e-6");
        enqueue("tickets", "0.5", "1e-6");
        runner.run(2);

        List<MockFlowFile> granted = runner.getFlowFilesForRelationship(EnforceEpsilonBudget.REL_GRANTED);
        assertEquals(2, granted.size());
        granted.get(1).assertAttributeEquals(DpsynthAttributes.EPSILON_SPENT, "2.0");
        granted.get(1).assertAttributeEquals(DpsynthAttributes.EPSILON_REMAINING, "0.0");
        granted.get(1).assertAttributeEquals(DpsynthAttributes.LEDGER_ENTRY_ID, "tickets-2");
    }

    @Test
    void refusesOverTheCapWithABulletinAndChargesNothing() throws Exception {
        enqueue("strict", "0.4", "1e-7");
        enqueue("strict", "0.4", "1e-7");
        runner.run(2);

        runner.assertTransferCount(EnforceEpsilonBudget.REL_GRANTED, 1);
        runner.assertTransferCount(EnforceEpsilonBudget.REL_EXCEEDED, 1);
        MockFlowFile refused = runner.getFlowFilesForRelationship(EnforceEpsilonBudget.REL_EXCEEDED).getFirst();
        refused.assertAttributeEquals(DpsynthAttributes.EPSILON_SPENT, "0.4");
        refused.assertAttributeEquals(DpsynthAttributes.EPSILON_REQUESTED, "0.4");
        refused.assertAttributeNotExists(DpsynthAttributes.EPSILON_GRANTED);
        refused.assertAttributeNotExists(DpsynthAttributes.LEDGER_ENTRY_ID);
        assertTrue(refused.getAttribute(DpsynthAttributes.ERROR).contains("exceed"));
        assertFalse(runner.getLogger().getWarnMessages().isEmpty(), "a refusal must raise a warning bulletin");
        assertTrue(runner.getProvenanceEvents().stream().anyMatch(e -> e.getEventType() == ProvenanceEventType.ROUTE
                && e.getDetails().contains("privacy spend refused") && e.getDetails().contains("budget=strict")));
        assertEquals(0.4, ledger.totals("strict").epsilonSpent(), 1e-12);
    }

    @ParameterizedTest(name = "epsilon={0} delta={1}")
    @CsvSource({
        "abc, 1e-6", "-1, 1e-6", "0, 1e-6", "NaN, 1e-6", "Infinity, 1e-6", "'', 1e-6",
        "1, 0", "1, 1", "1, 1.5", "1, -1e-6", "1, NaN", "1, x"
    })
    void badRequestsFailWithAnErrorAndChargeNothing(String epsilon, String delta) throws Exception {
        enqueue("tickets", epsilon, delta);
        runner.run();

        runner.assertAllFlowFilesTransferred(EnforceEpsilonBudget.REL_FAILURE, 1);
        MockFlowFile failed = runner.getFlowFilesForRelationship(EnforceEpsilonBudget.REL_FAILURE).getFirst();
        assertFalse(failed.getAttribute(DpsynthAttributes.ERROR).isBlank());
        failed.assertAttributeNotExists(DpsynthAttributes.EPSILON_GRANTED);
        assertEquals(0, ledger.totals("tickets").epsilonSpent());
    }

    @Test
    void budgetWithoutACapFails() throws Exception {
        runner.disableControllerService(ledger);
        runner.removeProperty(ledger, StandardPrivacyLedgerService.DEFAULT_EPSILON_CAP);
        runner.removeProperty(ledger, StandardPrivacyLedgerService.DEFAULT_DELTA_CAP);
        runner.enableControllerService(ledger);
        enqueue("unconfigured", "1", "1e-6");
        runner.run();

        runner.assertAllFlowFilesTransferred(EnforceEpsilonBudget.REL_FAILURE, 1);
        assertTrue(runner.getFlowFilesForRelationship(EnforceEpsilonBudget.REL_FAILURE).getFirst()
                .getAttribute(DpsynthAttributes.ERROR).contains("no cap"));
    }

    @Test
    void invalidBudgetIdFails() {
        enqueue("no/slashes", "1", "1e-6");
        runner.run();

        runner.assertAllFlowFilesTransferred(EnforceEpsilonBudget.REL_FAILURE, 1);
    }
}
