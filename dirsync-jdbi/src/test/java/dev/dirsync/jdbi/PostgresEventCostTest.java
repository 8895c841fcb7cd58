package dev.dirsync.jdbi;

/** What one event costs the database, on Postgres. */
class PostgresEventCostTest extends AbstractEventCostTest {

    @Override
    protected TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
