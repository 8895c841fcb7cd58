package dev.dirsync.core.state.memory;

import dev.dirsync.core.state.StateStore;
import dev.dirsync.core.testkit.DirectoryQueriesContract;

/** The reference store against the read model's query contract. */
class InMemoryDirectoryQueriesTest extends DirectoryQueriesContract {

    @Override
    protected StateStore newStore() {
        return new InMemoryStateStore();
    }
}
