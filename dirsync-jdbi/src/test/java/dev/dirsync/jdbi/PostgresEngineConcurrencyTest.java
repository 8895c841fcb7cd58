package dev.dirsync.jdbi;

/** Two dirsync instances on one PostgreSQL database. */
class PostgresEngineConcurrencyTest extends AbstractEngineConcurrencyTest {

    @Override
    protected TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
