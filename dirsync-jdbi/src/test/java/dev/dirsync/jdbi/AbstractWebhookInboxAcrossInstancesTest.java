package dev.dirsync.jdbi;

import com.zaxxer.hikari.HikariDataSource;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.audit.AuditQuery;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.SessionRevoker;
import dev.dirsync.core.workos.WebhookInbox;
import dev.dirsync.core.workos.WebhookResult;
import dev.dirsync.core.workos.WebhookVerifier;
import dev.dirsync.core.workos.WorkosConfig;
import dev.dirsync.core.workos.WorkosSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Intake mode {@code inbox} on two application instances over one database (separate pools, separate engines, the
 * host's users shared as a host's own table would be): every event delivered to both, both store and both drain;
 * each event is applied once (one host create per user, one audit entry per event) and both inboxes end empty.
 */
abstract class AbstractWebhookInboxAcrossInstancesTest {
    private static final String SECRET = "whsec_inbox_instances";
    private static final String ORG = "acme";
    private static final String WORKOS_ORG = "org_acme";
    private static final int USERS = 40;

    protected abstract TestDatabase database();

    private HikariDataSource poolA;
    private HikariDataSource poolB;
    private String prefix;
    private final List<ExecutorService> executors = new ArrayList<>();

    @BeforeEach
    void start() {
        String url = database().newUrl();
        prefix = TestDatabase.newPrefix();
        poolA = TestDatabase.pool(url, 4);
        poolB = TestDatabase.pool(url, 4);
    }

    @AfterEach
    void stop() {
        executors.forEach(ExecutorService::shutdownNow);
        TestDatabase.dropTables(poolA, prefix);
        poolA.close();
        poolB.close();
    }

    private WorkosSource instance(HikariDataSource pool, ConcurrentUserStore host) {
        DirectorySync sync = DirectorySync.builder().stateStore(JdbiStateStore.builder(pool).tablePrefix(prefix).build())
                .userStore(host).sessionRevoker(SessionRevoker.NONE).apiKeyRevoker(ApiKeyRevoker.NONE).build();
        ExecutorService appliers = Executors.newFixedThreadPool(2);
        executors.add(appliers);
        return WorkosSource.create(sync, WorkosConfig.builder().webhookSecret(SECRET).inbox(appliers).build());
    }

    private static String event(int i) {
        String at = Instant.parse("2026-01-01T00:00:00Z").plusMillis(i).toString();
        return "{\"object\":\"event\",\"id\":\"event_" + i + "\",\"event\":\"dsync.user.created\",\"created_at\":\""
                + at + "\",\"data\":" + user(i) + "}";
    }

    private static String user(int i) {
        return "{\"object\":\"directory_user\",\"id\":\"du_" + i + "\",\"directory_id\":\"dir\","
                + "\"organization_id\":\"" + WORKOS_ORG + "\",\"first_name\":\"U\",\"last_name\":\"" + i + "\","
                + "\"state\":\"active\",\"emails\":[{\"primary\":true,\"value\":\"u" + i + "@acme.test\"}]}";
    }

    private static WebhookResult deliver(WorkosSource to, String body) {
        return to.webhooks().receive(body.getBytes(StandardCharsets.UTF_8),
                WebhookVerifier.sign(body, SECRET, System.currentTimeMillis()));
    }

    @Test
    void aUserCreatedAndAddedToAMappedGroupInOneBatchIsAppliedTogetherWhateverTheClocksPrecision() {
        // a clock with nanoseconds (the JDK's on Linux): the batch begins the user's access interval with the first
        // event and replaces it with the second at the same instant, which must match the one read back
        java.time.Clock nanos = java.time.Clock.fixed(Instant.parse("2026-01-01T00:00:00.123456789Z"),
                java.time.ZoneOffset.UTC);
        ConcurrentUserStore host = new ConcurrentUserStore();
        DirectorySync sync = DirectorySync.builder().stateStore(JdbiStateStore.builder(poolA).tablePrefix(prefix)
                        .build()).userStore(host).sessionRevoker(SessionRevoker.NONE).apiKeyRevoker(ApiKeyRevoker.NONE)
                .clock(nanos).build();
        sync.createOrganization(ORG, "Acme", WORKOS_ORG, OrganizationSettings.defaults()
                .withGroupMapping(dev.dirsync.core.model.GroupMapping.workspaces("g_eng", "eng")));
        List<Runnable> appliers = new ArrayList<>();
        WorkosSource source = WorkosSource.create(sync, WorkosConfig.builder().webhookSecret(SECRET).clock(nanos)
                .inbox(appliers::add).build());
        String added = "{\"object\":\"event\",\"id\":\"event_added\",\"event\":\"dsync.group.user_added\","
                + "\"created_at\":\"2026-01-01T00:00:01Z\",\"data\":{\"directory_id\":\"dir\",\"user\":"
                + user(0) + ",\"group\":{\"object\":\"directory_group\","
                + "\"id\":\"g_eng\",\"directory_id\":\"dir\",\"organization_id\":\"" + WORKOS_ORG + "\",\"name\":\"Eng\"}}}";

        assertThat(deliver(source, event(0))).isInstanceOf(WebhookResult.Queued.class);
        assertThat(deliver(source, added)).isInstanceOf(WebhookResult.Queued.class);
        appliers.forEach(Runnable::run);

        assertThat(source.inbox().orElseThrow().depths()).as("applied, not left for a retry").isEmpty();
        assertThat(host.snapshot().values()).singleElement()
                .satisfies(u -> assertThat(u.workspaces()).containsExactly("eng"));
        assertThat(sync.directory(ORG).accessHistory(new dev.dirsync.core.model.DirectoryUserKey(ORG, "dir", "du_0")))
                .singleElement().satisfies(i -> assertThat(i.workspaces()).containsExactly("eng"));
    }

    @Test
    void everyEventDeliveredToBothInstancesIsAppliedOnce() throws Exception {
        ConcurrentUserStore host = new ConcurrentUserStore();
        WorkosSource a = instance(poolA, host);
        WorkosSource b = instance(poolB, host);
        DirectorySync admin = DirectorySync.builder().stateStore(JdbiStateStore.builder(poolA).tablePrefix(prefix)
                .build()).userStore(host).sessionRevoker(SessionRevoker.NONE).apiKeyRevoker(ApiKeyRevoker.NONE).build();
        admin.createOrganization(ORG, "Acme", WORKOS_ORG, OrganizationSettings.defaults());

        ExecutorService senders = Executors.newFixedThreadPool(4);
        executors.add(senders);
        List<Future<WebhookResult>> answers = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            String body = event(i);
            answers.add(senders.submit(() -> deliver(a, body)));
            answers.add(senders.submit(() -> deliver(b, body)));
        }
        for (Future<WebhookResult> f : answers) {
            assertThat(f.get(60, TimeUnit.SECONDS)).isInstanceOf(WebhookResult.Queued.class);
        }
        WebhookInbox inboxA = a.inbox().orElseThrow();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!inboxA.depths().isEmpty() && System.nanoTime() < until) {
            Thread.sleep(50);
        }

        assertThat(inboxA.depths()).isEmpty();
        assertThat(b.inbox().orElseThrow().depths()).isEmpty();
        assertThat(host.snapshot()).hasSize(USERS);
        assertThat(host.calls("create")).as("each user created once").isEqualTo(USERS);
        assertThat(admin.audit(AuditQuery.of(ORG).page(0, 1000)).entries().stream()
                .filter(e -> e.sourceEventId() != null).map(e -> e.sourceEventId()).distinct().count())
                .as("every event audited").isEqualTo(USERS);
    }
}
