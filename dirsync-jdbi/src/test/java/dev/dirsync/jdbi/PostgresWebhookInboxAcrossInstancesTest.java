package dev.dirsync.jdbi;

/** The webhook inbox across two instances on Postgres. */
class PostgresWebhookInboxAcrossInstancesTest extends AbstractWebhookInboxAcrossInstancesTest {

    @Override
    protected TestDatabase database() {
        return TestDatabase.POSTGRES;
    }
}
