package dev.dirsync.spring.boot;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.spi.AdminNotice;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.testkit.MutableClock;
import dev.dirsync.core.testkit.RecordingRevokers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;

import static org.assertj.core.api.Assertions.assertThat;

/** The schedule's one run: health alerts every time, the daily summaries only once their time of day has come. */
class AlertsRunnerTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final RecordingRevokers host = new RecordingRevokers();
    private final DirectorySync sync = DirectorySync.builder().stateStore(new InMemoryStateStore())
            .userStore(new InMemoryUserStore()).sessionRevoker(host).apiKeyRevoker(host).notifier(host)
            .clock(clock).build();

    @Test
    void theDailySummaryWaitsForItsTimeOfDayAndHealthAlertsDoNot() {
        sync.createOrganization("acme", "Acme");
        sync.updateSettings("acme", s -> s.withDailySummary(true), null, Source.admin("alice@acme.test"));
        sync.accept(new SourceEvent.UserCreated(new EventMeta("e1", "acme", "dir", Source.workos("Okta"), clock.instant()),
                DirectoryUser.builder("u1", "dir").email("ada@acme.test").build()));
        AlertsRunner runner = new AlertsRunner(sync, Duration.ofMinutes(5), LocalTime.of(7, 0), clock);
        host.notices.clear();

        clock.set(Instant.parse("2026-03-02T06:59:00Z"));
        runner.runOnce();
        assertThat(host.notices).as("healthy, and the summary is not due yet").isEmpty();

        clock.set(Instant.parse("2026-03-02T07:00:00Z"));
        runner.runOnce();
        assertThat(host.notices).extracting(AdminNotice::kind).containsExactly(AdminNotice.Kind.DAILY_SUMMARY);
        assertThat(host.notices.get(0).message()).contains("ada@acme.test was added as member, via Okta");
        clock.advance(Duration.ofMinutes(5));
        runner.runOnce();
        assertThat(host.notices).as("once a day").hasSize(1);

        clock.set(Instant.parse("2026-03-09T06:00:00Z")); // eight days of silence
        runner.runOnce();
        assertThat(host.notices).extracting(AdminNotice::kind)
                .containsExactly(AdminNotice.Kind.DAILY_SUMMARY, AdminNotice.Kind.SYNC_STALE);
        clock.set(Instant.parse("2026-03-09T07:00:00Z"));
        runner.runOnce();
        assertThat(host.notices).as("stale still, and a day without changes").hasSize(2);
    }
}
