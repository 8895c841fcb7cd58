package dev.dirsync.core.state.memory;

import dev.dirsync.core.state.StateStore;
import dev.dirsync.core.testkit.AccessHistoryContract;

/** The access history's contract, and its replay property, on the in-memory reference store. */
class InMemoryAccessHistoryTest extends AccessHistoryContract {
    @Override
    protected StateStore newStore() {
        return new InMemoryStateStore();
    }
}
