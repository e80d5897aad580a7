package io.dpsynth.nifi.processors;

import io.dpsynth.nifi.services.DjlLanguageModelService;
import io.dpsynth.nifi.services.StandardPrivacyLedgerService;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.TestRunner;

import java.nio.file.Path;

/** The controller services the processor tests wire in, added and enabled on a runner. */
final class TestServices {

    private TestServices() {
    }

    /** A language model service on the model directory, one intra-op thread (tests run side by side). */
    static DjlLanguageModelService languageModel(TestRunner runner, String id, Path directory) throws InitializationException {
        DjlLanguageModelService service = new DjlLanguageModelService();
        runner.addControllerService(id, service);
        runner.setProperty(service, DjlLanguageModelService.MODEL_DIRECTORY, directory.toString());
        runner.setProperty(service, DjlLanguageModelService.THREADS, "1");
        runner.enableControllerService(service);
        return service;
    }

    /** A ledger whose budgets all get the default caps, priced by PLD (the accountant the tests compare with). */
    static StandardPrivacyLedgerService pldLedger(TestRunner runner, String id, String epsilonCap, String deltaCap)
            throws InitializationException {
        StandardPrivacyLedgerService ledger = new StandardPrivacyLedgerService();
        runner.addControllerService(id, ledger);
        runner.setProperty(ledger, StandardPrivacyLedgerService.DEFAULT_EPSILON_CAP, epsilonCap);
        runner.setProperty(ledger, StandardPrivacyLedgerService.DEFAULT_DELTA_CAP, deltaCap);
        runner.setProperty(ledger, StandardPrivacyLedgerService.ACCOUNTING, "PLD");
        runner.enableControllerService(ledger);
        return ledger;
    }
}
