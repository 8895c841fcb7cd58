package dev.dirsync.jdbi;

/** Two dirsync instances on one MariaDB database. */
class MariaDbEngineConcurrencyTest extends AbstractEngineConcurrencyTest {

    @Override
    protected TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
