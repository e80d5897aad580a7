package io.dpsynth.nifi.services;

import io.dpsynth.privacy.PrivacyAccountant;
import io.dpsynth.privacy.pld.PldAccountant;
import io.dpsynth.privacy.rdp.RdpAccountant;
import org.apache.nifi.components.DescribedValue;

import java.util.List;
import java.util.function.Supplier;

/** Which accountants price the mechanism-described spends of a budget. */
public enum LedgerAccounting implements DescribedValue {

    TIGHTEST("Tightest of RDP and PLD",
            "Prices with both accountants and keeps the smaller epsilon; both are valid upper bounds.",
            () -> List.of(new RdpAccountant(), new PldAccountant())),
    PLD("PLD", "Privacy loss distributions (pessimistic connect-the-dots discretisation, FFT composition).",
            () -> List.of(new PldAccountant())),
    RDP("RDP", "Renyi DP with the order grid and the RDP to (epsilon, delta) conversion of current libraries.",
            () -> List.of(new RdpAccountant()));

    private final String displayName;
    private final String description;
    private final Supplier<List<PrivacyAccountant>> accountants;

    LedgerAccounting(String displayName, String description, Supplier<List<PrivacyAccountant>> accountants) {
        this.displayName = displayName;
        this.description = description;
        this.accountants = accountants;
    }

    public List<PrivacyAccountant> accountants() {
        return accountants.get();
    }

    @Override
    public String getValue() {
        return name();
    }

    @Override
    public String getDisplayName() {
        return displayName;
    }

    @Override
    public String getDescription() {
        return description;
    }
}
