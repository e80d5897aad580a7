package io.dpsynth.nifi.services;

import io.dpsynth.ledger.ReservationResult;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StandardPrivacyLedgerServiceTest {

    private static final String SERVICE_ID = "ledger";

    private static StandardPrivacyLedgerService enabledLedger(TestRunner runner, String epsilonCap, String deltaCap) throws InitializationException {
        StandardPrivacyLedgerService service = new StandardPrivacyLedgerService();
        runner.addControllerService(SERVICE_ID, service);
        runner.setProperty(service, StandardPrivacyLedgerService.DEFAULT_EPSILON_CAP, epsilonCap);
        runner.setProperty(service, StandardPrivacyLedgerService.DEFAULT_DELTA_CAP, deltaCap);
        runner.enableControllerService(service);
        return service;
    }

    @Test
    void concurrentReservationsNeverExceedTheCapAndTotalsMatchTheGrants() throws Exception {
        TestRunner runner = TestRunners.newTestRunner(NoOpProcessor.class);
        double cap = 10;
        StandardPrivacyLedgerService ledger = enabledLedger(runner, Double.toString(cap), "1e-3");
        int threads = 8;
        int perThread = 500;

        List<Callable<List<Attempt>>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Random random = new Random(1000 + t);
            workers.add(() -> {
                List<Attempt> attempts = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    double epsilon = 0.001 + 0.05 * random.nextDouble();
                    attempts.add(new Attempt(epsilon, ledger.reserve("shared", epsilon, 1e-7)));
                }
                return attempts;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Attempt> results = new ArrayList<>();
        try {
            for (Future<List<Attempt>> future : pool.invokeAll(workers)) {
                results.addAll(future.get());
            }
        } finally {
            pool.shutdown();
        }

        double grantedSum = 0;
        Set<String> entryIds = new HashSet<>();
        for (Attempt attempt : results) {
            assertTrue(attempt.result().totals().epsilonSpent() <= cap * (1 + 1e-12), "a result saw the budget over its cap");
            if (attempt.result() instanceof ReservationResult.Granted granted) {
                grantedSum += attempt.epsilon();
                assertTrue(entryIds.add(granted.entryId()), "entry ids must be unique");
            }
        }
        double total = ledger.totals("shared").epsilonSpent();
        assertEquals(threads * perThread, results.size());
        assertTrue(total <= cap * (1 + 1e-12), "ledger total " + total + " over the cap");
        assertEquals(grantedSum, total, 1e-9, "ledger total must equal the sum of the grants");
        assertTrue(total > cap - 0.051, "the cap should be nearly used up: " + total);
        assertTrue(results.stream().anyMatch(a -> a.result() instanceof ReservationResult.Refused));
        assertEquals(Integer.toString(entryIds.size()), runner.getStateManager(ledger).getState(Scope.CLUSTER).get("shared/entries"));
    }

    private record Attempt(double epsilon, ReservationResult result) {
    }

    @Test
    void totalsSurviveDisableEnableAndANewInstance() throws Exception {
        TestRunner first = TestRunners.newTestRunner(NoOpProcessor.class);
        StandardPrivacyLedgerService ledger = enabledLedger(first, "5", "1e-5");
        ledger.reserve("tickets", 1.5, 1e-6);
        ledger.reserve("tickets", 1.0, 1e-6);

        first.disableControllerService(ledger);
        first.enableControllerService(ledger);
        assertEquals(2.5, ledger.totals("tickets").epsilonSpent(), 1e-12);

        // A new service instance (e.g. after a NiFi restart) reads the same persisted cluster state.
        TestRunner second = TestRunners.newTestRunner(NoOpProcessor.class);
        StandardPrivacyLedgerService restarted = new StandardPrivacyLedgerService();
        second.addControllerService(SERVICE_ID, restarted);
        second.setProperty(restarted, StandardPrivacyLedgerService.DEFAULT_EPSILON_CAP, "5");
        second.setProperty(restarted, StandardPrivacyLedgerService.DEFAULT_DELTA_CAP, "1e-5");
        second.getStateManager(restarted).setState(first.getStateManager(ledger).getState(Scope.CLUSTER).toMap(), Scope.CLUSTER);
        second.enableControllerService(restarted);

        assertEquals(2.5, restarted.totals("tickets").epsilonSpent(), 1e-12);
        ReservationResult next = restarted.reserve("tickets", 3, 1e-6);
        assertInstanceOf(ReservationResult.Refused.class, next);
        assertEquals("tickets-3", ((ReservationResult.Granted) restarted.reserve("tickets", 2.5, 1e-6)).entryId());
    }

    @Test
    void capsValidateAndOverridePerBudget() throws Exception {
        TestRunner runner = TestRunners.newTestRunner(NoOpProcessor.class);
        StandardPrivacyLedgerService service = new StandardPrivacyLedgerService();
        runner.addControllerService(SERVICE_ID, service);
        runner.setProperty(service, StandardPrivacyLedgerService.DEFAULT_EPSILON_CAP, "5");
        runner.assertNotValid(service);
        runner.setProperty(service, StandardPrivacyLedgerService.DEFAULT_DELTA_CAP, "1e-5");
        runner.assertValid(service);
        runner.setProperty(service, "vip", "not a cap");
        runner.assertNotValid(service);
        runner.setProperty(service, "vip", "0.5, 1e-7");
        runner.assertValid(service);
        runner.enableControllerService(service);

        assertInstanceOf(ReservationResult.Refused.class, service.reserve("vip", 1, 1e-8));
        assertInstanceOf(ReservationResult.Granted.class, service.reserve("other", 1, 1e-8));
    }
}
