package dev.dirsync.core;

import dev.dirsync.core.audit.AuditEntry;
import dev.dirsync.core.audit.AuditQuery;
import dev.dirsync.core.audit.AuditSentence;
import dev.dirsync.core.internal.HealthClassifier;
import dev.dirsync.core.spi.AdminNotice;
import dev.dirsync.core.testkit.RecordingRevokers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.dirsync.core.Fixture.ORG;
import static org.assertj.core.api.Assertions.assertThat;

/** What the organization's admins hear outside the admin page: health alerts and the optional daily summary. */
class AdminAlertsTest {
    private final Fixture f = new Fixture();

    private List<AdminNotice.Kind> kinds() {
        return f.host.notices.stream().map(AdminNotice::kind).toList();
    }

    @Test
    void anAdminHearsOnceWhenSyncTurnsStaleAndOnceWhenItRecovers() {
        f.created(Fixture.user("u1", "ada@acme.test").build());
        f.host.notices.clear();
        assertThat(f.sync.checkHealth()).as("healthy, first check").isEmpty();

        f.clock.advance(Duration.ofDays(8));
        List<AdminNotice> stale = f.sync.checkHealth();
        assertThat(stale).extracting(AdminNotice::kind).containsExactly(AdminNotice.Kind.SYNC_STALE);
        assertThat(stale.get(0).organizationId()).isEqualTo(ORG);
        assertThat(stale.get(0).message()).startsWith("Directory Sync for Acme Inc. is stale: Okta directory "
                + Fixture.DIR + " has sent nothing since").contains("What to do: Check that provisioning is still "
                + "switched on in Okta");
        assertThat(kinds()).containsExactly(AdminNotice.Kind.SYNC_STALE);

        assertThat(f.sync.checkHealth()).as("still stale: told already").isEmpty();
        f.clock.advance(Duration.ofDays(3));
        assertThat(f.sync.checkHealth()).as("stale for longer: nothing new").isEmpty();

        f.updated(Fixture.user("u1", "ada@acme.test").title("Engineer").build());
        List<AdminNotice> recovered = f.sync.checkHealth();
        assertThat(recovered).extracting(AdminNotice::kind).containsExactly(AdminNotice.Kind.SYNC_RECOVERED);
        assertThat(recovered.get(0).message()).isEqualTo("Directory Sync for Acme Inc. is healthy again. Okta directory "
                + Fixture.DIR + " is syncing.");
        assertThat(f.sync.checkHealth()).isEmpty();
        assertThat(kinds()).containsExactly(AdminNotice.Kind.SYNC_STALE, AdminNotice.Kind.SYNC_RECOVERED);
    }

    @Test
    void aBrokenDirectoryAlertsWithTheSourcesReasonAndAgainWhenItWorks() {
        f.created(Fixture.user("u1", "ada@acme.test").build());
        f.host.notices.clear();
        f.sync.checkHealth();
        String broken = HealthClassifier.brokenKey(ORG, Fixture.DIR);
        f.sync.checkpoints(cp -> {
            cp.put(broken, "WorkOS reports the directory as invalid_credentials");
            return null;
        });
        assertThat(f.sync.checkHealth()).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(AdminNotice.Kind.SYNC_BROKEN);
            assertThat(n.message()).contains("is broken: Okta directory " + Fixture.DIR
                    + ": WorkOS reports the directory as invalid_credentials").contains("What to do: Reconnect");
        });
        assertThat(f.sync.checkHealth()).isEmpty();

        // fixed at the source, but silent for too long meanwhile: that is news too
        f.clock.advance(Duration.ofDays(8));
        assertThat(f.sync.checkHealth()).as("still broken").isEmpty();
        f.sync.checkpoints(cp -> {
            cp.remove(broken);
            return null;
        });
        assertThat(f.sync.checkHealth()).extracting(AdminNotice::kind).containsExactly(AdminNotice.Kind.SYNC_STALE);
        f.updated(Fixture.user("u1", "ada@acme.test").title("Engineer").build());
        assertThat(f.sync.checkHealth()).extracting(AdminNotice::kind).containsExactly(AdminNotice.Kind.SYNC_RECOVERED);
    }

    @Test
    void anOrganizationWithoutADirectoryIsNotAlerted() {
        assertThat(f.sync.checkHealth()).isEmpty();
        f.clock.advance(Duration.ofDays(30));
        assertThat(f.sync.checkHealth()).isEmpty();
        assertThat(f.host.notices).isEmpty();
    }

    @Test
    void anOrganizationAlreadyStaleWhenFirstCheckedIsAlertedOnce() {
        f.created(Fixture.user("u1", "ada@acme.test").build());
        f.host.notices.clear();
        f.clock.advance(Duration.ofDays(10));
        assertThat(f.sync.checkHealth()).extracting(AdminNotice::kind).containsExactly(AdminNotice.Kind.SYNC_STALE);
        assertThat(f.sync.checkHealth()).isEmpty();
    }

    @Test
    void twoInstancesOnOneStoreAlertOnce() throws Exception {
        f.created(Fixture.user("u1", "ada@acme.test").build());
        f.host.notices.clear();
        RecordingRevokers otherHost = new RecordingRevokers();
        DirectorySync other = DirectorySync.builder().stateStore(f.state).userStore(f.users).sessionRevoker(otherHost)
                .apiKeyRevoker(otherHost).notifier(otherHost).clock(f.clock).build();
        f.clock.advance(Duration.ofDays(8));

        List<AdminNotice> sent = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 3; round++) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> runs = new ArrayList<>();
                for (DirectorySync instance : List.of(f.sync, other, f.sync, other)) {
                    runs.add(pool.submit(() -> {
                        go.await();
                        sent.addAll(instance.checkHealth());
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> r : runs) {
                    r.get();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(sent).extracting(AdminNotice::kind).containsExactly(AdminNotice.Kind.SYNC_STALE);
        assertThat(f.host.notices.size() + otherHost.notices.size()).isEqualTo(1);

        f.updated(Fixture.user("u1", "ada@acme.test").title("Engineer").build());
        assertThat(other.checkHealth()).extracting(AdminNotice::kind).containsExactly(AdminNotice.Kind.SYNC_RECOVERED);
        assertThat(f.sync.checkHealth()).isEmpty();
    }

    // ------------------------------------------------------------ daily summary

    private static final Instant NEXT_MORNING = Instant.parse("2026-01-06T07:00:00Z");

    @Test
    void theDailySummaryIsOffUntilTheAdminSwitchesItOn() {
        f.created(Fixture.user("u1", "ada@acme.test").build());
        assertThat(f.settings().dailySummary()).isFalse();
        assertThat(f.sync.sendDailySummaries(NEXT_MORNING)).isEmpty();
        assertThat(f.host.notices).noneMatch(n -> n.kind() == AdminNotice.Kind.DAILY_SUMMARY);
    }

    @Test
    void theDailySummaryTellsYesterdaysChangesInTheAuditLogsSentencesOnce() {
        f.created(Fixture.user("u1", "ada@acme.test").build());
        f.created(Fixture.user("u2", "bob@acme.test").build());
        f.configure(s -> s.withDailySummary(true));
        f.host.notices.clear();
        List<AuditEntry> day = new ArrayList<>(f.sync.audit(AuditQuery.of(ORG)).entries());
        Collections.reverse(day); // the order they happened

        List<AdminNotice> sent = f.sync.sendDailySummaries(NEXT_MORNING);
        assertThat(sent).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(AdminNotice.Kind.DAILY_SUMMARY);
            assertThat(n.organizationId()).isEqualTo(ORG);
            List<String> lines = n.message().lines().toList();
            assertThat(lines.get(0)).isEqualTo("Directory Sync for Acme Inc. on 2026-01-05 (UTC): 3 changes "
                    + "(Person added: 2, Policies changed: 1).");
            assertThat(lines.subList(1, lines.size())).containsExactly(
                    "- 09:00 " + AuditSentence.of(day.get(0), null),
                    "- 09:00 " + AuditSentence.of(day.get(1), null),
                    "- 09:00 " + AuditSentence.of(day.get(2), null));
            assertThat(lines.get(1)).isEqualTo("- 09:00 ada@acme.test was added as member, via Okta");
            assertThat(lines.get(3)).isEqualTo("- 09:00 Policies changed: dailySummary false → true, by alice@acme.test");
        });
        assertThat(f.host.notices).hasSize(1);

        assertThat(f.sync.sendDailySummaries(NEXT_MORNING.plus(Duration.ofHours(3)))).as("same day again").isEmpty();
        RecordingRevokers otherHost = new RecordingRevokers();
        DirectorySync other = DirectorySync.builder().stateStore(f.state).userStore(f.users).sessionRevoker(otherHost)
                .apiKeyRevoker(otherHost).notifier(otherHost).clock(f.clock).build();
        assertThat(other.sendDailySummaries(NEXT_MORNING)).as("another instance").isEmpty();
        assertThat(f.sync.sendDailySummaries(NEXT_MORNING.plus(Duration.ofDays(1)))).as("a day without changes").isEmpty();
    }

    @Test
    void aBusyDayIsCutAfterFiftySentences() {
        f.configure(s -> s.withDailySummary(true));
        for (int i = 0; i < 60; i++) {
            f.created(Fixture.user("u" + i, "person" + i + "@acme.test").build());
        }
        long total = f.sync.audit(AuditQuery.of(ORG).between(Instant.parse("2026-01-05T00:00:00Z"),
                Instant.parse("2026-01-06T00:00:00Z"))).total();
        assertThat(total).isEqualTo(61);

        AdminNotice n = f.sync.sendDailySummaries(NEXT_MORNING).get(0);
        List<String> lines = n.message().lines().toList();
        assertThat(lines).filteredOn(l -> l.startsWith("- ")).hasSize(50);
        assertThat(lines.get(1)).as("in the order they happened").startsWith("- 09:00 Policies changed");
        assertThat(lines.get(2)).isEqualTo("- 09:00 person0@acme.test was added as member, via Okta");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("…and 11 more in the audit log.");
        assertThat(lines.get(0)).contains("61 changes (Person added: 60, Policies changed: 1)");
    }

    @Test
    void switchingTheSummaryOffStopsIt() {
        f.configure(s -> s.withDailySummary(true));
        f.created(Fixture.user("u1", "ada@acme.test").build());
        f.configure(s -> s.withDailySummary(false));
        assertThat(f.sync.sendDailySummaries(NEXT_MORNING)).isEmpty();
    }
}
