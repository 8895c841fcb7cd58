package dev.dirsync.jdbi;

/** The webhook inbox across two instances on H2. */
class H2WebhookInboxAcrossInstancesTest extends AbstractWebhookInboxAcrossInstancesTest {

    @Override
    protected TestDatabase database() {
        return TestDatabase.H2;
    }
}
