package dev.dirsync.jdbi;

/** A host table in dirsync's transaction, on Postgres. */
class PostgresSharedTransactionTest extends AbstractSharedTransactionTest {
    @Override
    protected TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
