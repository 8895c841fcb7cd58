package dev.dirsync.jdbi;

/** Health alerts and daily summaries from two instances on Postgres. */
class PostgresAlertsAcrossInstancesTest extends AbstractAlertsAcrossInstancesTest {
    @Override
    protected TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
