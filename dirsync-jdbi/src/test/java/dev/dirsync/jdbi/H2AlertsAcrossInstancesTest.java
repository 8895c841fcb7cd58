package dev.dirsync.jdbi;

/** Health alerts and daily summaries from two instances on H2. */
class H2AlertsAcrossInstancesTest extends AbstractAlertsAcrossInstancesTest {
    @Override
    protected TestDatabase database() {
        return TestDatabase.H2;
    }
}
