package dev.dirsync.jdbi;

/** The webhook inbox across two instances on MariaDb. */
class MariaDbWebhookInboxAcrossInstancesTest extends AbstractWebhookInboxAcrossInstancesTest {

    @Override
    protected TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
