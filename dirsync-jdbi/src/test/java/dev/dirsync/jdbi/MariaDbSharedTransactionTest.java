package dev.dirsync.jdbi;

/** A host table in dirsync's transaction, on MariaDb. */
class MariaDbSharedTransactionTest extends AbstractSharedTransactionTest {
    @Override
    protected TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
