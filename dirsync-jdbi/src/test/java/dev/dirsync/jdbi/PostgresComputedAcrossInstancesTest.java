package dev.dirsync.jdbi;

/** Read-modify-write across two instances on Postgres. */
class PostgresComputedAcrossInstancesTest extends AbstractComputedAcrossInstancesTest {
    @Override
    protected TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
