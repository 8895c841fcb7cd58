package dev.dirsync.jdbi;

/** The state-store contract and the database-store tests on PostgreSQL. */
class PostgresStateStoreTest extends AbstractJdbiStateStoreTest {

    @Override
    protected TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
