package io.dpsynth.ledger;

import java.util.Map;

/** A {@link LedgerStore} in memory, for tests and in-process runs. */
public final class InMemoryLedgerStore implements LedgerStore {

    private record MapSnapshot(Map<String, String> values) implements Snapshot {
    }

    private MapSnapshot current = new MapSnapshot(Map.of());

    @Override
    public synchronized Snapshot read() {
        return current;
    }

    @Override
    public synchronized boolean replace(Snapshot expected, Map<String, String> values) {
        if (expected != current) {
            return false;
        }
        current = new MapSnapshot(Map.copyOf(values));
        return true;
    }
}
