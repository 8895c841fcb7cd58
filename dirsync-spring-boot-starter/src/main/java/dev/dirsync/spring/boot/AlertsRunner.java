package dev.dirsync.spring.boot;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.spi.AdminNotice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Tells organizations' admins what happens outside the admin page, on one daemon thread: every check interval,
 * {@link DirectorySync#checkHealth()} (alerts when a sync turns stale or broken, and when it recovers) and, once the
 * day's summary time (UTC) has passed, {@link DirectorySync#sendDailySummaries}. Both send each notice once across
 * instances, so every instance may run this. Started when the application is ready, stopped with the context.
 */
public final class AlertsRunner implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {
    /** Default pause between two health checks. */
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofMinutes(5);
    /** Default time of day (UTC) from which the previous day's summaries are sent. */
    public static final LocalTime DEFAULT_DAILY_SUMMARY_AT = LocalTime.of(7, 0);

    private static final Logger log = LoggerFactory.getLogger(AlertsRunner.class);

    private final DirectorySync sync;
    private final Duration interval;
    private final LocalTime dailySummaryAt;
    private final Clock clock;
    private final DaemonSchedule schedule = new DaemonSchedule("dirsync-alerts");

    public AlertsRunner(DirectorySync sync, Duration interval, LocalTime dailySummaryAt, Clock clock) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("dirsync.alerts.check-interval must be positive, was " + interval);
        }
        this.sync = sync;
        this.interval = interval;
        this.dailySummaryAt = dailySummaryAt;
        this.clock = clock;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        start();
    }

    /** Starts the schedule (idempotent); the first run comes one interval later. */
    public void start() {
        if (schedule.start(this::runOnce, interval, interval)) {
            log.info("dirsync: checking sync health every {}; daily summaries from {} UTC", interval, dailySummaryAt);
        }
    }

    /** True between {@link #start()} and {@link #destroy()}. */
    public boolean isRunning() {
        return schedule.isRunning();
    }

    /** One run: the health check, then the daily summaries if they are due. Failures are logged; the next run retries. */
    void runOnce() {
        try {
            List<AdminNotice> alerts = sync.checkHealth();
            if (!alerts.isEmpty()) {
                log.info("dirsync: {} health alert(s) sent", alerts.size());
            }
        } catch (RuntimeException e) {
            log.error("dirsync: the health check failed; the next run retries", e);
        }
        Instant now = clock.instant();
        if (!LocalTime.ofInstant(now, ZoneOffset.UTC).isBefore(dailySummaryAt)) {
            try {
                List<AdminNotice> sent = sync.sendDailySummaries(now);
                if (!sent.isEmpty()) {
                    log.info("dirsync: {} daily summar{} sent", sent.size(), sent.size() == 1 ? "y" : "ies");
                }
            } catch (RuntimeException e) {
                log.error("dirsync: sending the daily summaries failed; the next run retries", e);
            }
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        schedule.stop();
    }
}
