package dev.dirsync.jdbi;

/** The background-jobs contract and db-scheduler's claim, fail-over and sweep on MariaDb. */
class MariaDbBackgroundJobsTest extends AbstractJdbiBackgroundJobsTest {

    @Override
    protected TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
