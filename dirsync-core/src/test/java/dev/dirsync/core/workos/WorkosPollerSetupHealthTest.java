package dev.dirsync.core.workos;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.audit.AuditQuery;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.model.Organization;
import dev.dirsync.core.read.SyncHealth;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.spi.AdminNotice;
import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.SessionRevoker;
import dev.dirsync.core.state.DirectoryConnection;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Events API polling, organization setup (link, held activations, Admin Portal) and directory health. */
class WorkosPollerSetupHealthTest {
    static final String ORG = "tenant-1";

    WorkosStandIn workos;
    HostUsers host;
    DirectorySync sync;
    List<AdminNotice> notices = new CopyOnWriteArrayList<>();
    Map<String, Object> okta = WorkosSamples.load("okta");
    String workosOrg = (String) okta.get("workos_organization_id");
    String directory = (String) okta.get("directory_id");

    @BeforeEach
    void setUp() {
        workos = new WorkosStandIn();
        host = new HostUsers();
        sync = DirectorySync.builder().userStore(host).sessionRevoker(SessionRevoker.NONE)
                .apiKeyRevoker(ApiKeyRevoker.NONE).stateStore(new InMemoryStateStore()).notifier(notices::add).build();
    }

    @AfterEach
    void tearDown() {
        workos.close();
    }

    WorkosSource source(Clock clock, int pageSize) {
        return WorkosSource.create(sync, WorkosConfig.builder().apiKey("sk_test_standin").apiBaseUrl(workos.baseUrl())
                .webhookSecret("wh").pageSize(pageSize).retries(0, Duration.ofMillis(1), Duration.ofMillis(1))
                .clock(clock).build());
    }

    void oktaTenant() {
        sync.createOrganization(ORG, "Tenant", workosOrg, OrganizationSettings.defaults().withGroupMapping(
                new GroupMapping((String) okta.get("admin_group_id"), "admin", Set.of("ops"))));
    }

    @Test
    void pollingTakesDsyncEventsInOrderAndResumesFromTheStoredCursorAfterAFailure() {
        oktaTenant();
        workos.events.addAll(WorkosSamples.events(okta));
        // the second page fails: the first poll stops with the cursor after page one
        workos.fail(r -> r.startsWith("GET /events"), 1, 500, 1);

        EventsPoller.PollSummary first = source(Clock.systemUTC(), 4).poller().pollOnce();

        assertThat(first.failure()).contains("500");
        assertThat(first.fetched()).isEqualTo(4);
        assertThat(first.cursor()).isEqualTo("event_01HXXXXXX0004");
        assertThat(workos.requests.get(0)).as("only dsync event types are asked for")
                .contains("dsync.user.created").contains("dsync.group.user_added").doesNotContain("connection.");

        EventsPoller.PollSummary second = source(Clock.systemUTC(), 4).poller().pollOnce(); // a new instance

        assertThat(second.caughtUp()).isTrue();
        assertThat(second.failure()).isNull();
        assertThat(second.fetched()).isEqualTo(WorkosSamples.events(okta).size() - 1 - 4); // connection.* filtered
        assertThat(second.duplicates()).isZero();
        assertThat(host.byEmail("alice@acme-okta.test").orElseThrow().role).isEqualTo("admin");
        assertThat(host.byEmail("carol@acme-okta.test").orElseThrow().status).isEqualTo(UserStatus.DEACTIVATED);
        assertThat(host.byEmail("bob@acme-okta.test").orElseThrow().status).isEqualTo(UserStatus.DEACTIVATED);

        EventsPoller.PollSummary idle = source(Clock.systemUTC(), 4).poller().pollOnce();
        assertThat(idle.fetched()).isZero();
        assertThat(idle.caughtUp()).isTrue();
    }

    /** Why Api.listEvents does not use Events.list; when this starts failing, workos-java was fixed. */
    @Test
    void workosJava720EventsListCannotReadDirectorySyncEvents() {
        workos.events.addAll(WorkosSamples.events(okta).subList(0, 1));
        com.workos.WorkOS client = com.workos.WorkOS.builder().apiKey("sk_test_standin")
                .apiBaseUrl(workos.baseUrl().toString()).retryConfig(com.workos.common.http.RetryConfig.DISABLED).build();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.getEvents().list(List.of("dsync.activated")))
                .hasStackTraceContaining("not subtype of `com.workos.models.EventSchema`");
    }

    @Test
    void aCrashBeforeTheCursorWasSavedReplaysEventsWithoutDoubleEffect() {
        oktaTenant();
        workos.events.addAll(WorkosSamples.events(okta));
        EventsPoller poller = source(Clock.systemUTC(), 100).poller();
        poller.pollOnce();
        List<String> before = host.snapshot();
        int writes = host.writes();
        // as if the process died after taking the events but before the cursor was written
        sync.checkpoints(cp -> {
            cp.remove(EventsPoller.CURSOR);
            return null;
        });

        EventsPoller.PollSummary replay = poller.pollOnce();

        assertThat(replay.duplicates()).isEqualTo(replay.taken()).isEqualTo(WorkosSamples.events(okta).size() - 1);
        assertThat(host.snapshot()).isEqualTo(before);
        assertThat(host.writes()).isEqualTo(writes);
    }

    @Test
    void anActivationForAnUnlinkedWorkosOrganizationIsHeldUntilTheTenantIsLinked() {
        sync.createOrganization(ORG, "Tenant");
        WorkosSource source = source(Clock.systemUTC(), 10);
        Map<String, Object> activated = WorkosSamples.events(okta).get(0);
        String body = WorkosSamples.json(activated);

        WebhookResult r = source.webhooks().receive(body.getBytes(StandardCharsets.UTF_8),
                WebhookVerifier.sign(body, "wh", System.currentTimeMillis()));

        assertThat(r).isEqualTo(new WebhookResult.Held((String) activated.get("id"), workosOrg));
        assertThat(r.httpStatus()).isEqualTo(202);
        List<DirectoryConnection> connections = sync.directory(ORG).connections();
        assertThat(connections).as("held, not applied").isEmpty();
        assertThat(source.setup().heldActivations(workosOrg)).containsExactly(directory);

        WorkosSetup.LinkResult link = source.setup().link(ORG, workosOrg);

        assertThat(link.activatedDirectories()).containsExactly(directory);
        DirectoryConnection c = sync.directory(ORG).connections().stream()
                .filter(x -> x.directoryId().equals(directory)).findFirst().orElseThrow();
        assertThat(c.provider()).isEqualTo("Okta");
        assertThat(c.state()).isEqualTo(DirectoryConnection.State.ACTIVE);
        assertThat(source.setup().heldActivations(workosOrg)).isEmpty();
        assertThat(sync.organization(ORG).orElseThrow().workosOrganizationId()).isEqualTo(workosOrg);
    }

    @Test
    void createsTheWorkosOrganizationOnceAndMakesAnAdminPortalLinkForDirectorySync() {
        sync.createOrganization(ORG, "Tenant One");
        WorkosSource source = source(Clock.systemUTC(), 10);

        WorkosSetup.LinkResult first = source.setup().createWorkosOrganization(ORG);
        WorkosSetup.LinkResult again = source.setup().createWorkosOrganization(ORG);
        URI link = source.setup().adminPortalLink(ORG, URI.create("https://app.test/settings"), null);

        assertThat(again.workosOrganizationId()).isEqualTo(first.workosOrganizationId());
        assertThat(workos.count(r -> r.equals("POST /organizations"))).isEqualTo(1);
        assertThat(workos.organizations.get(first.workosOrganizationId())).containsEntry("external_id", ORG)
                .containsEntry("name", "Tenant One");
        assertThat(link.toString()).contains("intent=dsync").contains("organization=" + first.workosOrganizationId());
    }

    @Test
    void aSilentDirectoryIsStaleAndABadStateIsBrokenAndAdminsAreToldOnceThroughTheSyncHealthAlerts() {
        oktaTenant();
        workos.events.addAll(WorkosSamples.events(okta).subList(0, 3));
        source(Clock.systemUTC(), 10).poller().pollOnce();
        workos.directories.put(directory, WorkosStandIn.directory(directory, workosOrg, "okta scim v2.0", "linked"));
        Clock tenDaysLater = Clock.fixed(Instant.now().plus(Duration.ofDays(10)), ZoneOffset.UTC);

        DirectoryHealthCheck.HealthReport now = source(Clock.systemUTC(), 10).health().check();
        assertThat(now.directories()).singleElement().satisfies(h -> {
            assertThat(h.status()).isEqualTo(DirectoryHealthCheck.Status.HEALTHY);
            assertThat(h.state()).isEqualTo(DirectoryHealthCheck.DirectoryState.LINKED);
            assertThat(h.lastEventAt()).isNotNull();
        });
        sync.checkHealth();
        assertThat(notices).isEmpty();

        DirectoryHealthCheck health = source(tenDaysLater, 10).health();
        assertThat(health.check().directories().get(0).status()).isEqualTo(DirectoryHealthCheck.Status.STALE);

        workos.directories.put(directory, WorkosStandIn.directory(directory, workosOrg, "okta scim v2.0",
                "invalid_credentials"));
        DirectoryHealthCheck.DirectoryHealth broken = health.check().directories().get(0);
        assertThat(broken.status()).isEqualTo(DirectoryHealthCheck.Status.BROKEN);
        assertThat(broken.state()).isEqualTo(DirectoryHealthCheck.DirectoryState.INVALID_CREDENTIALS);
        health.check();
        assertThat(notices).as("the check itself tells no one: one path alerts admins").isEmpty();

        sync.checkHealth();
        sync.checkHealth();
        assertThat(notices).extracting(AdminNotice::kind).containsExactly(AdminNotice.Kind.SYNC_BROKEN);
        assertThat(notices.get(0).message()).contains("Okta").contains("Admin Portal");

        workos.directories.put(directory, WorkosStandIn.directory(directory, workosOrg, "okta scim v2.0", "linked"));
        source(Clock.systemUTC(), 10).health().check();
        sync.checkHealth();
        assertThat(notices).extracting(AdminNotice::kind)
                .containsExactly(AdminNotice.Kind.SYNC_BROKEN, AdminNotice.Kind.SYNC_RECOVERED);
    }

    @Test
    void aBrokenVerdictShowsInTheOrganizationsHealthWithWorkosReasonUntilTheDirectoryIsLinkedAgain() {
        oktaTenant();
        workos.events.addAll(WorkosSamples.events(okta).subList(0, 3));
        source(Clock.systemUTC(), 10).poller().pollOnce();
        workos.directories.put(directory, WorkosStandIn.directory(directory, workosOrg, "okta scim v2.0",
                "invalid_credentials"));
        DirectoryHealthCheck health = source(Clock.systemUTC(), 10).health();
        assertThat(sync.directory(ORG).health().status()).isEqualTo(SyncHealth.Status.HEALTHY);

        health.check();

        SyncHealth broken = sync.directory(ORG).health();
        assertThat(broken.status()).isEqualTo(SyncHealth.Status.BROKEN);
        assertThat(broken.reason()).contains(directory).contains("invalid_credentials").contains("Admin Portal");
        assertThat(broken.directories()).singleElement()
                .satisfies(d -> assertThat(d.status()).isEqualTo(SyncHealth.Status.BROKEN));
        assertThat(sync.healthOverview()).containsEntry(ORG, SyncHealth.Status.BROKEN);

        // while WorkOS cannot be asked, the verdict stands
        workos.fail(r -> r.startsWith("GET /directories/"), 0, 500, 1);
        health.check();
        assertThat(sync.directory(ORG).health().status()).isEqualTo(SyncHealth.Status.BROKEN);

        workos.clearFaults();
        workos.directories.put(directory, WorkosStandIn.directory(directory, workosOrg, "okta scim v2.0", "linked"));
        health.check();

        assertThat(sync.directory(ORG).health().status()).isEqualTo(SyncHealth.Status.HEALTHY);
        assertThat(sync.healthOverview()).containsEntry(ORG, SyncHealth.Status.HEALTHY);
    }

    @Test
    void linkingIsAuditedWithWhoLinkedAndLinkingAgainChangesNothing() {
        sync.createOrganization(ORG, "Tenant");
        WorkosSource source = source(Clock.systemUTC(), 10);

        source.setup().link(ORG, workosOrg, Source.admin("alice@tenant.test"));
        source.setup().link(ORG, workosOrg);

        assertThat(sync.organizationByWorkosId(workosOrg)).map(Organization::id).contains(ORG);
        assertThat(sync.audit(AuditQuery.of(ORG).withAction(AuditAction.WORKOS_ORGANIZATION_LINKED).page(0, 10))
                .entries()).singleElement().satisfies(e -> {
                    assertThat(e.actor()).contains("alice@tenant.test");
                    assertThat(e.after()).containsEntry("workos_organization", workosOrg);
                });
        sync.createOrganization("tenant-2", "Other");
        assertThatThrownBy(() -> source.setup().link("tenant-2", workosOrg))
                .isInstanceOf(dev.dirsync.core.BindingConflict.class)
                .hasMessageContaining("WorkOS organization " + workosOrg + " is already linked to another organization")
                .hasMessageNotContaining(ORG + "'");
        assertThat(sync.organization("tenant-2").orElseThrow().workosOrganizationId()).isNull();
        assertThatThrownBy(() -> source.setup().link(ORG, "org_other"))
                .hasMessageContaining("is linked to WorkOS organization " + workosOrg);
    }

    @Test
    void healthCountsSignatureFailures() {
        oktaTenant();
        WorkosSource source = source(Clock.systemUTC(), 10);
        source.webhooks().receive("{}".getBytes(StandardCharsets.UTF_8), "t=1, v1=00");

        assertThat(source.health().check().signatureFailures()).isEqualTo(1);
    }
}
