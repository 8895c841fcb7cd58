package dev.dirsync.core.workos;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.SessionRevoker;
import dev.dirsync.core.spi.UserStore;
import dev.dirsync.core.state.InboxDepth;
import dev.dirsync.core.state.InboxEntry;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import dev.dirsync.core.testkit.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Intake mode {@code inbox}: a signed delivery is stored and answered 202, then applied by the inbox through the
 * same engine; redeliveries, host failures (retried with backoff, then parked), a crash between answer and apply,
 * and what is still answered up front (unreadable, unowned, forged).
 */
class WebhookInboxTest {
    static final String SECRET = "wh_secret_inbox";
    static final String ORG = "tenant-1";

    final MutableClock clock = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    final HostUsers host = new HostUsers();
    /** Create fails for directory users whose email is set here: the host's store throwing. */
    final AtomicReference<String> failingEmail = new AtomicReference<>();
    final InMemoryStateStore state = new InMemoryStateStore();
    // signatures are checked against the system clock by workos-java; the mutable clock drives the backoff
    /** The applier threads, run by hand: what was answered before anything was applied is visible. */
    final Queue<Runnable> appliers = new ArrayDeque<>();
    DirectorySync sync;
    WorkosSource workos;
    Map<String, Object> sample;

    @BeforeEach
    void setUp() {
        UserStore failing = (UserStore) Proxy.newProxyInstance(UserStore.class.getClassLoader(),
                new Class<?>[]{UserStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("create") && failingEmail.get() != null
                            && failingEmail.get().equals(((dev.dirsync.core.model.Projection) args[0]).identity().email())) {
                        throw new IllegalStateException("the host's database refused the insert");
                    }
                    try {
                        return method.invoke(host, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        sync = DirectorySync.builder().userStore(failing).sessionRevoker(SessionRevoker.NONE)
                .apiKeyRevoker(ApiKeyRevoker.NONE).stateStore(state).clock(clock).build();
        workos = source(appliers::add);
        sample = WorkosSamples.load("okta");
        sync.createOrganization(ORG, "Tenant", (String) sample.get("workos_organization_id"),
                OrganizationSettings.defaults().withGroupMapping(
                        new GroupMapping((String) sample.get("admin_group_id"), "admin", Set.of("ops"))));
    }

    WorkosSource source(java.util.concurrent.Executor executor) {
        return WorkosSource.create(sync, WorkosConfig.builder().webhookSecret(SECRET).clock(clock)
                .inbox(executor).inboxRetries(3, Duration.ofSeconds(10), Duration.ofMinutes(1)).build());
    }

    WebhookResult deliver(WorkosSource to, Map<String, Object> event) {
        String body = WorkosSamples.json(event);
        return to.webhooks().receive(body.getBytes(StandardCharsets.UTF_8),
                WebhookVerifier.sign(body, SECRET, System.currentTimeMillis()));
    }

    WebhookResult deliver(Map<String, Object> event) {
        return deliver(workos, event);
    }

    WebhookInbox inbox() {
        return workos.inbox().orElseThrow();
    }

    void runAppliers() {
        Runnable r;
        while ((r = appliers.poll()) != null) {
            r.run();
        }
    }

    List<Map<String, Object>> events() {
        return WorkosSamples.events(sample).stream()
                .filter(e -> String.valueOf(e.get("event")).startsWith("dsync.")).toList();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> userCreated(String id, String email) {
        Map<String, Object> created = events().stream().filter(e -> "dsync.user.created".equals(e.get("event")))
                .findFirst().orElseThrow();
        Map<String, Object> copy = new LinkedHashMap<>(created);
        Map<String, Object> data = new LinkedHashMap<>((Map<String, Object>) created.get("data"));
        data.put("id", "directory_user_" + id);
        data.put("emails", List.of(Map.of("primary", true, "type", "work", "value", email)));
        data.put("email", email);
        data.put("username", email);
        data.remove("raw_attributes");
        data.remove("idp_id");
        copy.put("id", "event_" + id);
        copy.put("data", data);
        return copy;
    }

    long waiting() {
        return inbox().depths().stream().filter(d -> d.organizationId().equals(ORG)).mapToLong(InboxDepth::waiting)
                .sum();
    }

    @Test
    void aSignedDeliveryIsAnsweredOnceStoredAndAppliedRightAfter() {
        WebhookResult r = deliver(userCreated("u1", "ada@example.com"));

        assertThat(r).isInstanceOf(WebhookResult.Queued.class);
        assertThat(r.httpStatus()).isEqualTo(202);
        assertThat(((WebhookResult.Queued) r).stored()).isTrue();
        assertThat(host.all()).as("answered before it is applied").isEmpty();
        assertThat(waiting()).isEqualTo(1);
        assertThat(appliers).as("an applier was woken at once, not left for a poll").hasSize(1);

        runAppliers();

        assertThat(host.byEmail("ada@example.com")).isPresent();
        assertThat(inbox().depths()).isEmpty();
        assertThat(sync.audit(dev.dirsync.core.audit.AuditQuery.of(ORG)).entries())
                .filteredOn(e -> "event_u1".equals(e.sourceEventId())).isNotEmpty();
    }

    @Test
    void aRedeliveryIsAnsweredWithoutASecondRowAndAppliedOnce() {
        Map<String, Object> event = userCreated("u1", "ada@example.com");
        deliver(event);

        WebhookResult again = deliver(event);

        assertThat(again).isInstanceOf(WebhookResult.Queued.class);
        assertThat(((WebhookResult.Queued) again).stored()).as("stored already").isFalse();
        assertThat(waiting()).isEqualTo(1);
        runAppliers();
        int writes = host.writes();
        long audit = sync.audit(dev.dirsync.core.audit.AuditQuery.of(ORG)).total();

        // redelivered after it was applied: stored again, taken by the ledger as a duplicate, nothing changes
        assertThat(deliver(event).httpStatus()).isEqualTo(202);
        runAppliers();

        assertThat(host.writes()).isEqualTo(writes);
        assertThat(sync.audit(dev.dirsync.core.audit.AuditQuery.of(ORG)).total()).isEqualTo(audit);
        assertThat(host.all()).hasSize(1);
        assertThat(inbox().depths()).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aWholeSequenceAppliedFromTheInboxEndsAsInlineIntakeEndsIt() {
        for (Map<String, Object> e : events()) {
            assertThat(deliver(e).httpStatus()).as("%s", e.get("event")).isEqualTo(202);
        }
        assertThat(appliers).as("one drain for the organization's burst").hasSize(1);

        runAppliers();

        Map<String, Object> expect = (Map<String, Object>) sample.get("expect");
        assertThat(host.all()).hasSize(3);
        for (Map<String, Object> u : (List<Map<String, Object>>) expect.get("users")) {
            HostUsers.Row row = host.byEmail((String) u.get("email")).orElseThrow();
            assertThat(row.status).isEqualTo(UserStatus.valueOf((String) u.get("status")));
            assertThat(row.role).isEqualTo(u.get("role"));
        }
        assertThat(inbox().depths()).isEmpty();
    }

    @Test
    void aHostFailureIsRetriedWithBackoffThenParkedAndSurfacedWhileTheOthersApply() {
        failingEmail.set("bob@example.com");
        deliver(userCreated("u1", "ada@example.com"));
        deliver(userCreated("u2", "bob@example.com"));
        deliver(userCreated("u3", "cy@example.com"));

        runAppliers();

        assertThat(host.all()).extracting(HostUsers.Row::email).containsExactlyInAnyOrder("ada@example.com",
                "cy@example.com");
        assertThat(inbox().depths()).containsExactly(new InboxDepth(ORG, 1, 0, clock.instant()));
        assertThat(inbox().drainDue()).as("not due before its backoff").isZero();

        clock.advance(Duration.ofSeconds(10)); // attempt 2, after the base delay
        assertThat(inbox().drainDue()).isEqualTo(1);
        runAppliers();
        clock.advance(Duration.ofSeconds(19));
        assertThat(inbox().drainDue()).as("the delay doubled").isZero();
        clock.advance(Duration.ofSeconds(1));
        inbox().drainDue();
        runAppliers(); // attempt 3 of 3: parked

        assertThat(inbox().depths()).extracting(InboxDepth::waiting, InboxDepth::parked)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0L, 1L));
        List<InboxEntry> parked = inbox().parked(ORG, 10);
        assertThat(parked).singleElement().satisfies(e -> {
            assertThat(e.eventId()).isEqualTo("event_u2");
            assertThat(e.attempts()).isEqualTo(3);
            assertThat(e.lastError()).contains("the host's database refused the insert");
        });
        clock.advance(Duration.ofHours(1));
        assertThat(inbox().drainDue()).as("a parked delivery is not retried by itself").isZero();

        failingEmail.set(null); // the cause fixed, an operator retries it
        assertThat(inbox().retryParked(ORG)).isEqualTo(1);
        runAppliers();

        assertThat(host.byEmail("bob@example.com")).isPresent();
        assertThat(inbox().depths()).isEmpty();
    }

    @Test
    void deliveriesACrashLeftBetweenAnswerAndApplyAreDrainedByTheNextInstance() {
        WorkosSource crashed = source(task -> { }); // answers, then dies before its applier runs
        deliver(crashed, userCreated("u1", "ada@example.com"));
        deliver(crashed, userCreated("u2", "bob@example.com"));
        assertThat(host.all()).isEmpty();

        List<Runnable> restarted = new ArrayList<>();
        WorkosSource next = source(restarted::add);
        assertThat(next.inbox().orElseThrow().drainDue()).as("organizations woken at start").isEqualTo(1);
        restarted.forEach(Runnable::run);

        assertThat(host.all()).hasSize(2);
        assertThat(next.inbox().orElseThrow().depths()).isEmpty();
    }

    @Test
    void whatCannotBeAppliedIsAnsweredUpFrontAndNothingIsStored() {
        Map<String, Object> noData = new LinkedHashMap<>(userCreated("u1", "ada@example.com"));
        noData.remove("data");
        Map<String, Object> otherOrg = userCreated("u2", "bob@example.com");
        @SuppressWarnings("unchecked")
        Map<String, Object> data = new LinkedHashMap<>((Map<String, Object>) otherOrg.get("data"));
        data.put("organization_id", "org_nobody_owns");
        otherOrg.put("data", data);
        Map<String, Object> notDsync = new LinkedHashMap<>(userCreated("u3", "cy@example.com"));
        notDsync.put("event", "connection.activated");

        assertThat(deliver(noData).httpStatus()).as("unreadable").isEqualTo(422);
        assertThat(deliver(otherOrg)).as("no tenant owns it: as inline").isInstanceOf(WebhookResult.Ignored.class);
        assertThat(deliver(notDsync)).isInstanceOf(WebhookResult.Ignored.class);
        String body = WorkosSamples.json(userCreated("u4", "dee@example.com"));
        assertThat(workos.webhooks().receive(body.getBytes(StandardCharsets.UTF_8),
                WebhookVerifier.sign(body, "wrong_secret", System.currentTimeMillis())).httpStatus()).isEqualTo(401);

        assertThat(inbox().depths()).isEmpty();
        assertThat(appliers).isEmpty();
    }
}
