package dev.dirsync.jdbi;

/** What one event costs the database, on H2. */
class H2EventCostTest extends AbstractEventCostTest {

    @Override
    protected TestDatabase database() {
        return TestDatabase.H2;
    }
}
