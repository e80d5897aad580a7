package io.dpsynth.nifi.services;

import io.dpsynth.ledger.LedgerStore;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.components.state.StateManager;
import org.apache.nifi.components.state.StateMap;

import java.io.IOException;
import java.util.Map;

/**
 * The ledger's state in NiFi cluster state (ZooKeeper in a cluster, the local provider on a single
 * node). Compare-and-set is {@link StateManager#replace}, which must receive the very {@link StateMap}
 * instance that was read.
 */
final class StateManagerLedgerStore implements LedgerStore {

    private record StateSnapshot(StateMap stateMap) implements Snapshot {
        @Override
        public Map<String, String> values() {
            return stateMap.toMap();
        }
    }

    private final StateManager stateManager;

    StateManagerLedgerStore(StateManager stateManager) {
        this.stateManager = stateManager;
    }

    @Override
    public Snapshot read() throws IOException {
        return new StateSnapshot(stateManager.getState(Scope.CLUSTER));
    }

    @Override
    public boolean replace(Snapshot expected, Map<String, String> values) throws IOException {
        return stateManager.replace(((StateSnapshot) expected).stateMap(), values, Scope.CLUSTER);
    }
}
