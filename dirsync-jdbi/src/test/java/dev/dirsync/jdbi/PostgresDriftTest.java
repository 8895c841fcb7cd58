package dev.dirsync.jdbi;

/** Drift detection on Postgres. */
class PostgresDriftTest extends AbstractDriftTest {
    @Override
    protected TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
