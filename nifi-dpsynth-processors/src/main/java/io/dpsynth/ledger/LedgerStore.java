package io.dpsynth.ledger;

import java.io.IOException;
import java.util.Map;

/**
 * Where the ledger keeps its state: a small string map with compare-and-set, such as NiFi's
 * cluster state. Every change goes through {@link #replace}, so concurrent writers (threads or
 * cluster nodes) can never both succeed against the same snapshot.
 */
public interface LedgerStore {

    Snapshot read() throws IOException;

    /** Writes {@code values} only if the stored state is still {@code expected}; false otherwise. */
    boolean replace(Snapshot expected, Map<String, String> values) throws IOException;

    /** One read of the state; the store may compare snapshots by identity. */
    interface Snapshot {
        Map<String, String> values();
    }
}
