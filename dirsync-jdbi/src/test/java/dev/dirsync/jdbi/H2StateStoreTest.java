package dev.dirsync.jdbi;

/** The state-store contract and the database-store tests on H2. */
class H2StateStoreTest extends AbstractJdbiStateStoreTest {

    @Override
    protected TestDatabase database() {
        return TestDatabase.H2;
    }
}
