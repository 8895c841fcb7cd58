package dev.dirsync.jdbi;

/** The background-jobs contract and db-scheduler's claim, fail-over and sweep on H2. */
class H2BackgroundJobsTest extends AbstractJdbiBackgroundJobsTest {

    @Override
    protected TestDatabase database() {
        return TestDatabase.H2;
    }
}
