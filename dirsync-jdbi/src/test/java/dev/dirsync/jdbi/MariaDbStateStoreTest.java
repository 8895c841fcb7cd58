package dev.dirsync.jdbi;

/** The state-store contract and the database-store tests on MariaDB. */
class MariaDbStateStoreTest extends AbstractJdbiStateStoreTest {

    @Override
    protected TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
