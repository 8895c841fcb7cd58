package dev.dirsync.core.testkit;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.DriftReport;
import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.audit.AuditEntry;
import dev.dirsync.core.audit.AuditQuery;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.DriftPolicy;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.spi.AdminNotice;
import dev.dirsync.core.spi.AppAccess;
import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.SessionRevoker;
import dev.dirsync.core.state.Drift;
import dev.dirsync.core.state.StateStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Drift between the app and the directory, end to end through {@link DirectorySync} on a state store: a role raised
 * inside the app is found, recorded and told to the admins once, corrected under the {@code CORRECT} policy and not
 * under report-only, never in test mode or paused, restored per person or for everyone on request, with the
 * sole-admin guard. Subclass it with a state store (memory, H2, PostgreSQL, MariaDB); every test uses its own
 * organization, so the store may be shared.
 */
public abstract class DriftContract {
    private static final Source ADMIN = Source.admin("alice@acme.test");

    /** The state store; called before every test. */
    protected abstract StateStore newStateStore();

    /** A second application instance's view of the same state (another pool on the same tables); default the same. */
    protected StateStore secondInstance(StateStore first) {
        return first;
    }

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
    private final List<AdminNotice> heard = Collections.synchronizedList(new ArrayList<>());
    private final InMemoryUserStore users = new InMemoryUserStore(clock);
    private StateStore state;
    private DirectorySync sync;
    private String org;
    private String dir; // a WorkOS directory feeds one organization: each test's own
    private int events;

    @BeforeEach
    void company() {
        state = newStateStore();
        sync = instance(state);
        org = "org-" + UUID.randomUUID().toString().substring(0, 12);
        dir = "directory_" + org;
        sync.createOrganization(org, "Acme");
        sync.updateSettings(org, s -> s.withGroupMapping(GroupMapping.role("grp-admins", "admin"))
                .withGroupMapping(GroupMapping.workspaces("grp-eng", "eng")), null, ADMIN);
        person("u1", "ada@acme.test", "grp-admins", "grp-eng");
        person("u2", "bob@acme.test", "grp-eng");
        person("u3", "cyd@acme.test");
        heard.clear();
    }

    private DirectorySync instance(StateStore s) {
        return DirectorySync.builder().stateStore(s).userStore(users).sessionRevoker(SessionRevoker.NONE)
                .apiKeyRevoker(ApiKeyRevoker.NONE).notifier(heard::add).clock(clock).build();
    }

    private EventMeta meta() {
        clock.advance(Duration.ofSeconds(1));
        return new EventMeta("e-" + org + "-" + (++events), org, dir, Source.workos("Okta"), clock.instant());
    }

    private void person(String id, String email, String... groups) {
        sync.accept(new SourceEvent.UserCreated(meta(), DirectoryUser.builder(id, dir).email(email).build()));
        for (String g : groups) {
            sync.accept(new SourceEvent.UserAddedToGroup(meta(), id, g, null, DirectoryGroup.of(g, dir, g)));
        }
    }

    private DirectoryUserKey key(String id) {
        return new DirectoryUserKey(org, dir, id);
    }

    private InMemoryUserStore.Row app(String id) {
        return users.byDirectoryUser(key(id)).orElseThrow();
    }

    private List<Drift> open() {
        return sync.directory(org).drift(false, null, 100);
    }

    private List<AuditEntry> corrections() {
        return sync.directory(org).audit(AuditQuery.of(org).withAction(AuditAction.DRIFT_CORRECTED)).entries();
    }

    private List<AdminNotice> driftNotices() {
        return heard.stream().filter(n -> n.kind() == AdminNotice.Kind.DRIFT_DETECTED).toList();
    }

    @Test
    void aRoleRaisedInTheAppIsFoundAndToldOnceButNotCorrectedUnderReportOnly() {
        users.setRole(app("u2").id, "admin"); // an in-app admin raises bob

        DriftReport first = sync.checkDrift(org);
        clock.advance(Duration.ofMinutes(5));
        DriftReport second = sync.checkDrift(org);

        assertThat(first.supported()).isTrue();
        assertThat(first.checked()).isEqualTo(3);
        assertThat(first.found()).isEqualTo(1);
        assertThat(first.corrected()).isZero();
        assertThat(second.found()).as("the same difference is not new").isZero();
        assertThat(second.open()).isEqualTo(1);
        assertThat(open()).singleElement().satisfies(d -> {
            assertThat(d.key()).isEqualTo(key("u2"));
            assertThat(d.field()).isEqualTo(Drift.Field.ROLE);
            assertThat(d.appValue()).isEqualTo("admin");
            assertThat(d.directoryValue()).isEqualTo("member");
            assertThat(d.label()).isEqualTo("bob@acme.test");
            assertThat(d.lastSeenAt()).isEqualTo(d.firstSeenAt().plus(Duration.ofMinutes(5)));
        });
        assertThat(driftNotices()).singleElement().satisfies(n -> {
            assertThat(n.subject()).isEqualTo(key("u2"));
            assertThat(n.message()).contains("bob@acme.test", "role is admin in the app but member in the directory");
        });
        assertThat(app("u2").role).as("report only: the app keeps it").isEqualTo("admin");
        assertThat(corrections()).isEmpty();
    }

    @Test
    void underTheCorrectPolicyDriftIsRestoredThroughThePipelineAuditedAndToldOnce() {
        sync.updateSettings(org, s -> s.withDriftPolicy(DriftPolicy.CORRECT), null, ADMIN);
        users.setRole(app("u2").id, "admin");
        users.setWorkspaces(app("u3").id, Set.of("finance"));

        DriftReport report = sync.checkDrift(org);
        DriftReport again = sync.checkDrift(org);

        assertThat(report.found()).isEqualTo(2);
        assertThat(report.corrected()).isEqualTo(2);
        assertThat(report.open()).isZero();
        assertThat(again.found()).isZero();
        assertThat(app("u2").role).isEqualTo("member");
        assertThat(app("u3").workspaces).isEmpty();
        assertThat(corrections()).extracting(AuditEntry::actor).containsOnly("dirsync");
        assertThat(corrections()).extracting(AuditEntry::targetLabel)
                .containsExactlyInAnyOrder("bob@acme.test", "cyd@acme.test");
        assertThat(driftNotices()).hasSize(2).allSatisfy(n -> assertThat(n.message()).contains("restored"));
        assertThat(sync.directory(org).drift(true, null, 100)).as("kept as resolved")
                .hasSize(2).allSatisfy(d -> assertThat(d.resolvedAt()).isNotNull());
    }

    @Test
    void inTestModeOrPausedDriftIsReportedNeverCorrected() {
        sync.updateSettings(org, s -> s.withDriftPolicy(DriftPolicy.CORRECT), null, ADMIN);
        sync.pause(org, ADMIN);
        users.setRole(app("u2").id, "admin");

        DriftReport paused = sync.checkDrift(org);
        sync.startTest(org, ADMIN);
        DriftReport testing = sync.checkDrift(org);

        assertThat(paused.found()).isEqualTo(1);
        assertThat(paused.corrected()).isZero();
        assertThat(testing.corrected()).isZero();
        assertThat(app("u2").role).isEqualTo("admin");
        assertThatThrownBy(() -> sync.restoreDrift(org, key("u2"), ADMIN))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("test mode");
        assertThat(app("u2").role).isEqualTo("admin");
        assertThat(corrections()).isEmpty();
    }

    @Test
    void anAdminRestoresOnePersonFromTheDirectoryAndTheOthersStayOpen() {
        users.setRole(app("u2").id, "admin");
        users.setStatus(app("u3").id, UserStatus.READ_ONLY);
        sync.checkDrift(org);

        sync.restoreDrift(org, key("u2"), ADMIN);

        assertThat(app("u2").role).isEqualTo("member");
        assertThat(app("u3").status).isEqualTo(UserStatus.READ_ONLY);
        assertThat(open()).singleElement().satisfies(d -> {
            assertThat(d.key()).isEqualTo(key("u3"));
            assertThat(d.field()).isEqualTo(Drift.Field.STATUS);
        });
        assertThat(corrections()).singleElement().satisfies(e -> {
            assertThat(e.actor()).contains("alice@acme.test");
            assertThat(e.before()).containsEntry("role", "admin");
            assertThat(e.after()).containsEntry("role", "member");
        });

        sync.restoreDrift(org, null, ADMIN);

        assertThat(app("u3").status).isEqualTo(UserStatus.ACTIVE);
        assertThat(open()).isEmpty();
    }

    @Test
    void aDifferenceUndoneInTheAppIsResolvedAndOneThatComesBackIsToldAgain() {
        users.setRole(app("u2").id, "admin");
        sync.checkDrift(org);
        users.setRole(app("u2").id, "member");
        sync.checkDrift(org);
        assertThat(open()).isEmpty();

        users.setRole(app("u2").id, "owner");
        sync.checkDrift(org);

        assertThat(open()).singleElement().satisfies(d -> assertThat(d.appValue()).isEqualTo("owner"));
        assertThat(driftNotices()).hasSize(2);
    }

    @Test
    void theSoleAdminGuardRefusesToUndoARaiseThatLeftTheOnlyAdminAndTheDriftStays() {
        users.setRole(app("u2").id, "admin"); // bob raised...
        users.setRole(app("u1").id, "member"); // ...and ada demoted: bob is the app's only admin
        sync.checkDrift(org);

        sync.restoreDrift(org, key("u2"), ADMIN);

        assertThat(app("u2").role).as("the guard keeps the only admin").isEqualTo("admin");
        assertThat(open()).extracting(d -> d.key().userId()).containsExactly("u1", "u2");
        assertThat(sync.directory(org).audit(AuditQuery.of(org).withAction(AuditAction.ROLE_CHANGE_BLOCKED))
                .entries()).hasSize(1);

        sync.restoreDrift(org, null, ADMIN); // ada first, then bob may go

        assertThat(app("u1").role).isEqualTo("admin");
        assertThat(app("u2").role).isEqualTo("member");
        assertThat(open()).isEmpty();
    }

    @Test
    void aPersonReactivatedInTheAppAfterOffboardingIsDriftAndRestoredToDeactivated() {
        sync.accept(new SourceEvent.UserDeleted(meta(), "u3"));
        assertThat(app("u3").status).isEqualTo(UserStatus.DEACTIVATED);
        users.setStatus(app("u3").id, UserStatus.ACTIVE);

        sync.checkDrift(org);
        assertThat(open()).singleElement().satisfies(d -> {
            assertThat(d.field()).isEqualTo(Drift.Field.STATUS);
            assertThat(d.appValue()).isEqualTo("active");
            assertThat(d.directoryValue()).isEqualTo("deactivated");
        });
        sync.restoreDrift(org, key("u3"), ADMIN);

        assertThat(app("u3").status).isEqualTo(UserStatus.DEACTIVATED);
        assertThat(open()).isEmpty();
    }

    @Test
    void twoInstancesCheckingAtOnceTellTheAdminsOnce() throws Exception {
        DirectorySync other = instance(secondInstance(state));
        users.setRole(app("u2").id, "admin");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<DriftReport>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                DirectorySync s = i % 2 == 0 ? sync : other;
                runs.add(pool.submit(() -> {
                    go.await();
                    return s.checkDrift(org);
                }));
            }
            go.countDown();
            int found = 0;
            for (Future<DriftReport> r : runs) {
                found += r.get().found();
            }
            assertThat(found).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(driftNotices()).hasSize(1);
        assertThat(open()).hasSize(1);
    }

    @Test
    void aHostWhoseUserStoreCannotReadAccessHasDriftDetectionOff() {
        InMemoryUserStore plain = new InMemoryUserStore(clock) {
            @Override
            public Map<String, AppAccess> currentAccess(String organizationId, Set<String> appUserIds) {
                throw new UnsupportedOperationException("as UserStore's default");
            }
        };
        DirectorySync host = DirectorySync.builder().stateStore(state).userStore(plain)
                .sessionRevoker(SessionRevoker.NONE).apiKeyRevoker(ApiKeyRevoker.NONE).notifier(heard::add)
                .clock(clock).build();
        users.setRole(app("u2").id, "admin");

        DriftReport report = host.checkDrift(org);

        assertThat(report.supported()).isFalse();
        assertThat(open()).isEmpty();
        assertThat(driftNotices()).isEmpty();
    }
}
