package dev.dirsync.jdbi;

/** Drift detection on MariaDb. */
class MariaDbDriftTest extends AbstractDriftTest {
    @Override
    protected TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
