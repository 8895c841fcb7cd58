package dev.dirsync.core;

import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.outcome.Change;
import dev.dirsync.core.outcome.Outcome;
import dev.dirsync.core.spi.AdminNotice;
import dev.dirsync.core.state.StateStore;
import dev.dirsync.core.state.StateTransaction;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.testkit.MutableClock;
import dev.dirsync.core.testkit.RecordingRevokers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static dev.dirsync.core.Fixture.DIR;
import static dev.dirsync.core.Fixture.ORG;
import static dev.dirsync.core.Fixture.key;
import static dev.dirsync.core.Fixture.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one write pipeline: every write locks the organization, runs in one transaction, audits, commits, and only
 * then notifies admins and reports each source event's outcome; the direct SCIM path included.
 */
class WritePipelineTest {
    static final Source SCIM = Source.scim("Okta");

    /** A state store that knows whether the calling thread is inside one of its transactions. */
    static final class WatchedStore implements StateStore {
        final InMemoryStateStore memory = new InMemoryStateStore();
        final ThreadLocal<Boolean> inside = ThreadLocal.withInitial(() -> false);

        @Override
        public <T> T inTransaction(Function<StateTransaction, T> work) {
            inside.set(true);
            try {
                return memory.inTransaction(work);
            } finally {
                inside.set(false);
            }
        }
    }

    record Reported(SourceEvent event, Outcome outcome, boolean insideTransaction) {
    }

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T09:00:00Z"));
    final WatchedStore store = new WatchedStore();
    final RecordingRevokers host = new RecordingRevokers();
    final List<Reported> reported = new CopyOnWriteArrayList<>();
    final List<Boolean> noticedInsideTransaction = new CopyOnWriteArrayList<>();
    final DirectorySync sync = DirectorySync.builder().stateStore(store).userStore(new InMemoryUserStore(clock))
            .sessionRevoker(host).apiKeyRevoker(host).clock(clock)
            .notifier(n -> {
                noticedInsideTransaction.add(store.inside.get());
                host.notify(n);
            })
            .outcomeListener((e, o, elapsed) -> reported.add(new Reported(e, o, store.inside.get())))
            .build();
    private int seq;

    WritePipelineTest() {
        sync.createOrganization(ORG, "Acme Inc.");
    }

    private EventMeta scim(Instant at) {
        return new EventMeta("scim_" + (++seq), ORG, DIR, SCIM, at);
    }

    /** What the SCIM endpoint does for a POST/PUT/PATCH: events computed from the current mirror, under the lock. */
    private Outcome scimWrite(Function<DirectoryUser, SourceEvent> event) {
        clock.advance(Duration.ofSeconds(1));
        return sync.acceptComputed(ORG, cur -> List.of(event.apply(
                cur.mirror().findUser(key("u1")).map(u -> u.user()).orElse(null))));
    }

    private static List<AuditAction> actions(Outcome o) {
        return ((Outcome.Applied) o).changes().stream().map(Change::action).toList();
    }

    @Test
    void aScimCreateUpdateAndDeactivateEachReachTheOutcomeListener() {
        Outcome created = scimWrite(current -> new SourceEvent.UserCreated(scim(clock.instant()),
                user("u1", "ann@acme.test").build()));
        Outcome updated = scimWrite(current -> new SourceEvent.UserUpdated(scim(clock.instant()),
                current.toBuilder().title("CTO").build()));
        Outcome deactivated = scimWrite(current -> new SourceEvent.UserUpdated(scim(clock.instant()),
                current.toBuilder().active(false).build()));

        assertThat(reported).extracting(r -> r.event().getClass().getSimpleName())
                .containsExactly("UserCreated", "UserUpdated", "UserUpdated");
        assertThat(reported).extracting(Reported::outcome).containsExactly(created, updated, deactivated);
        assertThat(reported).allSatisfy(r -> {
            assertThat(r.outcome()).isInstanceOf(Outcome.Applied.class);
            assertThat(r.event().meta().source().channel()).isEqualTo(Source.Channel.SCIM);
        });
        assertThat(actions(reported.get(0).outcome())).contains(AuditAction.USER_PROVISIONED);
        assertThat(actions(reported.get(1).outcome())).contains(AuditAction.USER_UPDATED);
        assertThat(actions(reported.get(2).outcome())).contains(AuditAction.USER_DEACTIVATED);
    }

    @Test
    void everyComputedEventOfABatchIsReportedOnceUnderItsOwnIdWithTheChangesOnTheFirst() {
        Outcome o = sync.acceptComputed(ORG, cur -> List.of(
                new SourceEvent.UserCreated(scim(cur.now()), user("u1", "ann@acme.test").build()),
                new SourceEvent.GroupCreated(scim(cur.now()), DirectoryGroup.of("g1", DIR, "Eng")),
                new SourceEvent.UserAddedToGroup(scim(cur.now()), "u1", "g1")));

        assertThat(reported).extracting(r -> r.event().meta().eventId()).containsExactly("scim_1", "scim_2", "scim_3");
        assertThat(reported.get(0).outcome()).isEqualTo(o);
        assertThat(((Outcome.Applied) o).changes()).isNotEmpty();
        assertThat(reported.subList(1, 3)).extracting(Reported::outcome).containsExactly(
                new Outcome.Applied("scim_2", List.of()), new Outcome.Applied("scim_3", List.of()));
    }

    @Test
    void computedEventsInTestModeOrPausedAreReportedAsPreviewedOrHeld() {
        sync.startTest(ORG, Fixture.ADMIN);
        scimWrite(current -> new SourceEvent.UserCreated(scim(clock.instant()), user("u1", "ann@acme.test").build()));
        sync.pause(ORG, Fixture.ADMIN);
        scimWrite(current -> new SourceEvent.UserUpdated(scim(clock.instant()), current.toBuilder().title("CTO").build()));

        assertThat(reported).extracting(Reported::outcome).hasExactlyElementsOfTypes(Outcome.Previewed.class,
                Outcome.HeldPaused.class);
    }

    @Test
    void aRefusedScimWriteIsNotAnOutcomeAndReportsNothing() {
        assertThatThrownBy(() -> sync.acceptComputed(ORG, cur -> {
            throw new IllegalStateException("userName taken");
        })).hasMessage("userName taken");

        assertThat(reported).isEmpty();
    }

    @Test
    void theListenerAndTheNotifierHearOnlyAfterCommit() {
        sync.accept(new SourceEvent.UserCreated(scim(clock.instant()), user("u1", "ann@acme.test").build()));
        clock.advance(Duration.ofSeconds(1));
        // a deactivation notifies the organization's admins
        sync.accept(new SourceEvent.UserDeleted(scim(clock.instant()), "u1"));

        assertThat(reported).hasSize(2).allSatisfy(r -> assertThat(r.insideTransaction()).isFalse());
        assertThat(host.notices).extracting(AdminNotice::kind).contains(AdminNotice.Kind.USER_DEACTIVATED);
        assertThat(noticedInsideTransaction).isNotEmpty().containsOnly(false);
    }

    @Test
    void aWriteThatRollsBackNeitherNotifiesNorReports() {
        sync.accept(new SourceEvent.UserCreated(scim(clock.instant()), user("u1", "ann@acme.test").build()));
        reported.clear();
        Instant current = clock.instant();

        // the directory deletion would notify the admins, but the stale event after it rolls the batch back
        assertThatThrownBy(() -> sync.acceptComputed(ORG, cur -> List.of(
                new SourceEvent.DirectoryDeleted(scim(cur.now())),
                new SourceEvent.UserUpdated(scim(current.minusSeconds(60)), user("u1", "ann@acme.test").build()))))
                .hasMessageContaining("stale");

        assertThat(host.notices).noneMatch(n -> n.kind() == AdminNotice.Kind.DIRECTORY_DELETED);
        assertThat(reported).isEmpty();
        assertThat(sync.directory(ORG).connections()).singleElement()
                .satisfies(c -> assertThat(c.state().name()).isEqualTo("ACTIVE"));
    }

    @Test
    void aBulkPageReportsEachEventAndAnUnknownOrganizationIsReportedAsRejected() {
        List<Outcome> page = sync.acceptToMirror(ORG, List.of(
                new SourceEvent.UserCreated(scim(clock.instant()), user("u1", "ann@acme.test").build()),
                new SourceEvent.UserCreated(scim(clock.instant()), user("u2", "bob@acme.test").build())));
        Outcome unknown = sync.accept(new SourceEvent.UserCreated(new EventMeta("e9", "nobody", DIR, SCIM,
                clock.instant()), DirectoryUser.builder("u9", DIR).build()));

        assertThat(reported).extracting(Reported::outcome).containsExactly(page.get(0), page.get(1), unknown);
        assertThat(page).allMatch(o -> o instanceof Outcome.Mirrored);
        assertThat(unknown).isInstanceOf(Outcome.Rejected.class);
    }

    @Test
    void settingsPurgeAndCredentialWritesAreAuditedButAreNoSourceEvents() {
        sync.accept(new SourceEvent.UserCreated(scim(clock.instant()), user("u1", "ann@acme.test").build()));
        reported.clear();

        sync.updateSettings(ORG, s -> s.withDefaultRole("viewer"), null, Fixture.ADMIN);
        var issued = sync.issueScimCredential(ORG, DIR, "Okta", Fixture.ADMIN);
        sync.revokeScimCredential(ORG, issued.credential().id(), Fixture.ADMIN);

        assertThat(reported).as("only source events are outcomes").isEmpty();
        assertThat(sync.audit(dev.dirsync.core.audit.AuditQuery.of(ORG).page(0, 100)).entries())
                .extracting(e -> e.action())
                .contains(AuditAction.SETTINGS_CHANGED, AuditAction.ROLE_CHANGED,
                        AuditAction.SCIM_CREDENTIAL_ISSUED, AuditAction.SCIM_CREDENTIAL_REVOKED);
        assertThat(sync.directory(ORG).user(key("u1")).orElseThrow().applied().projection().role()).isEqualTo("viewer");
        assertThat(sync.directory(ORG).user(key("u1")).orElseThrow().applied().projection().status())
                .isEqualTo(UserStatus.ACTIVE);
    }
}
