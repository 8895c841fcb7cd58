package dev.dirsync.core.testkit;

import dev.dirsync.core.state.StateStore;
import dev.dirsync.core.state.StateStoreUnavailableException;
import dev.dirsync.core.state.StateTransaction;
import dev.dirsync.core.state.memory.InMemoryStateStore;

import java.util.function.Function;

/** An in-memory state store whose database can be "taken down", to test how adapters answer an outage. */
public final class OutageStateStore implements StateStore {
    private final InMemoryStateStore memory = new InMemoryStateStore();
    private volatile boolean down;

    public void down(boolean v) {
        this.down = v;
    }

    @Override
    public <T> T inTransaction(Function<StateTransaction, T> work) {
        if (down) {
            throw new StateStoreUnavailableException("connection refused", new java.io.IOException("refused"));
        }
        return memory.inTransaction(work);
    }
}
