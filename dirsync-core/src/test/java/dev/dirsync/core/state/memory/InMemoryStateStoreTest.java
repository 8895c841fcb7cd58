package dev.dirsync.core.state.memory;

import dev.dirsync.core.state.StateStore;
import dev.dirsync.core.testkit.StateStoreContract;

/** The reference store against the state-store contract. */
class InMemoryStateStoreTest extends StateStoreContract {

    @Override
    protected StateStore newStore() {
        return new InMemoryStateStore();
    }
}
