package dev.dirsync.core;

import dev.dirsync.core.state.StateStore;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import dev.dirsync.core.testkit.DriftContract;

/** Drift detection on the in-memory state store. */
class DriftTest extends DriftContract {
    @Override
    protected StateStore newStateStore() {
        return new InMemoryStateStore();
    }
}
