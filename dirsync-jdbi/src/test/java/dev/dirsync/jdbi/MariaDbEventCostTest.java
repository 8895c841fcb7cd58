package dev.dirsync.jdbi;

/** What one event costs the database, on MariaDB. */
class MariaDbEventCostTest extends AbstractEventCostTest {

    @Override
    protected TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
