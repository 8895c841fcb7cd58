package dev.dirsync.core.workos;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.outcome.Outcome;
import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.SessionRevoker;
import dev.dirsync.core.state.DirectoryConnection;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A signed event sequence from each IdP directory type, through the webhook intake, into host state. */
class WorkosWebhookTest {
    static final String SECRET = "wh_secret_current";
    static final String ORG = "tenant-1";

    HostUsers host;
    InMemoryStateStore state;
    DirectorySync sync;
    WebhookReceiver receiver;

    @BeforeEach
    void setUp() {
        host = new HostUsers();
        sync = DirectorySync.builder().userStore(host).sessionRevoker(SessionRevoker.NONE)
                .apiKeyRevoker(ApiKeyRevoker.NONE).stateStore(state = new InMemoryStateStore()).build();
        receiver = WorkosSource.create(sync, WorkosConfig.builder().webhookSecret(SECRET).build()).webhooks();
    }

    static List<String> idps() {
        return WorkosSamples.IDPS;
    }

    WebhookResult deliver(Map<String, Object> event) {
        String body = WorkosSamples.json(event);
        return receiver.receive(body.getBytes(StandardCharsets.UTF_8),
                WebhookVerifier.sign(body, SECRET, System.currentTimeMillis()));
    }

    void tenantFor(Map<String, Object> sample) {
        sync.createOrganization(ORG, "Tenant", (String) sample.get("workos_organization_id"),
                OrganizationSettings.defaults().withGroupMapping(
                        new GroupMapping((String) sample.get("admin_group_id"), "admin", Set.of("ops"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("idps")
    @SuppressWarnings("unchecked")
    void signedEventSequenceFromEachIdpProducesTheRightHostState(String idp) {
        Map<String, Object> sample = WorkosSamples.load(idp);
        tenantFor(sample);

        List<WebhookResult> results = new ArrayList<>();
        for (Map<String, Object> e : WorkosSamples.events(sample)) {
            results.add(deliver(e));
        }

        assertThat(results).allSatisfy(r -> assertThat(r.httpStatus()).as("%s", r).isEqualTo(200));
        assertThat(results).filteredOn(r -> r instanceof WebhookResult.Ignored).hasSize(1)
                .first().extracting(r -> ((WebhookResult.Ignored) r).eventType()).isEqualTo("connection.activated");
        assertThat(results).filteredOn(r -> r instanceof WebhookResult.Accepted a && a.outcome() instanceof Outcome.Applied)
                .hasSize(WorkosSamples.events(sample).size() - 1);
        Map<String, Object> expect = (Map<String, Object>) sample.get("expect");
        DirectoryConnection connection = sync.directory(ORG).connections().stream()
                .filter(c -> c.directoryId().equals(sample.get("directory_id"))).findFirst().orElseThrow();
        assertThat(connection.provider()).isEqualTo(expect.get("provider"));
        assertThat(host.all()).hasSize(3);
        for (Map<String, Object> u : (List<Map<String, Object>>) expect.get("users")) {
            HostUsers.Row row = host.byEmail((String) u.get("email")).orElseThrow(() ->
                    new AssertionError(idp + ": no host user " + u.get("email") + " in " + host.snapshot()));
            assertThat(row.status).as("%s %s status", idp, u.get("email")).isEqualTo(UserStatus.valueOf((String) u.get("status")));
            assertThat(row.role).as("%s %s role", idp, u.get("email")).isEqualTo(u.get("role"));
            if (u.containsKey("workspaces")) {
                assertThat(row.workspaces).containsExactlyElementsOf((List<String>) u.get("workspaces"));
                assertThat(row.identity.familyName()).isEqualTo(u.get("familyName"));
                assertThat(row.identity.userName()).isEqualTo(u.get("userName"));
                assertThat(row.metadata).containsEntry("title", (String) u.get("title"))
                        .containsEntry("department", (String) u.get("department"));
            }
        }
        // the mirror keeps the deleted user as a tombstone: history is never hard-deleted
        assertThat(sync.directoryUsers(ORG)).hasSize(3).filteredOn(mu -> mu.deleted()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("idps")
    void redeliveringAnyEventChangesNothing(String idp) {
        Map<String, Object> sample = WorkosSamples.load(idp);
        tenantFor(sample);
        List<Map<String, Object>> events = WorkosSamples.events(sample);
        events.forEach(this::deliver);
        List<String> before = host.snapshot();
        int writes = host.writes();
        long audit = sync.audit(dev.dirsync.core.audit.AuditQuery.of(ORG)).total();

        List<Map<String, Object>> again = new ArrayList<>(events);
        Collections.reverse(again); // redelivered in any order
        for (Map<String, Object> e : again) {
            WebhookResult r = deliver(e);
            assertThat(r.httpStatus()).isEqualTo(200);
            if (r instanceof WebhookResult.Accepted a) {
                assertThat(a.outcome()).as("redelivered %s", e.get("event")).isInstanceOf(Outcome.Duplicate.class);
            }
        }

        assertThat(host.snapshot()).isEqualTo(before);
        assertThat(host.writes()).isEqualTo(writes);
        assertThat(sync.audit(dev.dirsync.core.audit.AuditQuery.of(ORG)).total()).isEqualTo(audit);
    }

    @Test
    void anEventRoutedFromACachedOwnerThatNoLongerOwnsTheWorkosOrganizationIsRoutedAgain() {
        Map<String, Object> sample = WorkosSamples.load("okta");
        tenantFor(sample);
        List<Map<String, Object>> events = WorkosSamples.events(sample);
        List<Map<String, Object>> users = events.stream().filter(e -> "dsync.user.created".equals(e.get("event")))
                .toList();
        assertThat(deliver(users.get(0)).httpStatus()).isEqualTo(200); // routes to tenant-1 and caches it
        String workosOrg = (String) sample.get("workos_organization_id");
        // a platform operator moves the WorkOS organization to another tenant, in the database
        state.inTransaction(tx -> {
            tx.organizations().update(tx.organizations().find(ORG).orElseThrow().withWorkosOrganizationId(null));
            tx.organizations().insert(new dev.dirsync.core.model.Organization("tenant-2", "Other", workosOrg,
                    OrganizationSettings.defaults(), java.time.Instant.now()));
            return null;
        });

        WebhookResult r = deliver(users.get(1));

        // refused by tenant-1 under its lock (routed from the cache), then routed again from the store to
        // tenant-2, whose binding guard refuses it: the directory is still tenant-1's connection (the operator must
        // move that too). Taken by tenant-1 from the stale cache, it would have been applied there.
        assertThat(r).isInstanceOfSatisfying(WebhookResult.Unprocessable.class,
                u -> assertThat(u.reason()).contains("already connected to another organization"));
        assertThat(sync.directoryUsers(ORG)).hasSize(1);
        assertThat(sync.directoryUsers("tenant-2")).isEmpty();
    }
}
