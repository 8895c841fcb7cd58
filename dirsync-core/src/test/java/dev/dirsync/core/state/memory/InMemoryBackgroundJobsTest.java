package dev.dirsync.core.state.memory;

import dev.dirsync.core.state.StateStore;
import dev.dirsync.core.testkit.BackgroundJobsContract;

/** The background-jobs contract on the in-memory store. */
class InMemoryBackgroundJobsTest extends BackgroundJobsContract {
    private final InMemoryStateStore store = new InMemoryStateStore();

    @Override
    protected StateStore store() {
        return store;
    }
}
