package io.dpsynth.dpsgd;

import io.dpsynth.privacy.PrivacyAccountant;
import io.dpsynth.privacy.pld.PldAccountant;
import io.dpsynth.privacy.rdp.RdpAccountant;

import java.util.function.Supplier;

/** The accountant that calibrates DP-SGD's noise: PLD (tighter, the default) or RDP. */
public enum DpSgdAccountant {
    PLD(PldAccountant::new),
    RDP(RdpAccountant::new);

    private final Supplier<PrivacyAccountant> factory;

    DpSgdAccountant(Supplier<PrivacyAccountant> factory) {
        this.factory = factory;
    }

    public PrivacyAccountant create() {
        return factory.get();
    }
}
