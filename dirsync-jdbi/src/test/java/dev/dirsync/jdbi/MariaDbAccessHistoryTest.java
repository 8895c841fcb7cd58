package dev.dirsync.jdbi;

/** The access history's contract, replay property and upgrade on MariaDB. */
class MariaDbAccessHistoryTest extends AbstractJdbiAccessHistoryTest {

    @Override
    protected TestDatabase database() {
        return TestDatabase.MARIADB;
    }

    @Override
    protected int histories() {
        return 6;
    }
}
