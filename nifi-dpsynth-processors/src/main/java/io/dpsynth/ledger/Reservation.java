package io.dpsynth.ledger;

import io.dpsynth.privacy.EpsilonDeltaEvent;

/** An open reservation: charged in full until it is replaced by the event that actually ran. */
public record Reservation(String entryId, EpsilonDeltaEvent reserved) {
}
