package dev.dirsync.jdbi;

/** The access history's contract, replay property and upgrade on H2. */
class H2AccessHistoryTest extends AbstractJdbiAccessHistoryTest {

    @Override
    protected TestDatabase database() {
        return TestDatabase.H2;
    }

    @Override
    protected int histories() {
        return 20;
    }
}
