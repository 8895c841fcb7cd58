package dev.dirsync.jdbi;

/** The access history's contract, replay property and upgrade on Postgres. */
class PostgresAccessHistoryTest extends AbstractJdbiAccessHistoryTest {

    @Override
    protected TestDatabase database() {
        return TestDatabase.POSTGRES;
    }

    @Override
    protected int histories() {
        return 6;
    }
}
