package dev.dirsync.jdbi;

/** Health alerts and daily summaries from two instances on MariaDb. */
class MariaDbAlertsAcrossInstancesTest extends AbstractAlertsAcrossInstancesTest {
    @Override
    protected TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
