package dev.dirsync.spring.boot;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.DriftReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import java.time.Duration;
import java.util.List;

/**
 * Runs {@link DirectorySync#checkDrift()} every interval on one daemon thread: differences between the app and the
 * directory are recorded, told to the admins once and, where an organization chose it, corrected. Every instance may
 * run it (each page is checked under the organization's lock; each difference is told once). Started when the
 * application is ready, stopped with the context.
 */
public final class DriftRunner implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {
    /** Default pause between two drift checks. */
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofHours(1);

    private static final Logger log = LoggerFactory.getLogger(DriftRunner.class);

    private final DirectorySync sync;
    private final Duration interval;
    private final DaemonSchedule schedule = new DaemonSchedule("dirsync-drift");
    private boolean toldUnsupported;

    public DriftRunner(DirectorySync sync, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("dirsync.drift.check-interval must be positive, was " + interval);
        }
        this.sync = sync;
        this.interval = interval;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        start();
    }

    /** Starts the schedule (idempotent); the first run comes one interval later. */
    public void start() {
        if (schedule.start(this::runOnce, interval, interval)) {
            log.info("dirsync: checking drift between the app and the directory every {}", interval);
        }
    }

    /** True between {@link #start()} and {@link #destroy()}. */
    public boolean isRunning() {
        return schedule.isRunning();
    }

    /** One run over every organization. Failures are logged; the next run retries. */
    void runOnce() {
        try {
            List<DriftReport> reports = sync.checkDrift();
            if (reports.stream().anyMatch(r -> !r.supported())) {
                if (!toldUnsupported) {
                    toldUnsupported = true;
                    log.info("dirsync: drift detection is off: the UserStore does not implement currentAccess "
                            + "(set dirsync.drift.enabled=false to stop checking)");
                }
                return;
            }
            int found = reports.stream().mapToInt(DriftReport::found).sum();
            int corrected = reports.stream().mapToInt(DriftReport::corrected).sum();
            if (found > 0 || corrected > 0) {
                log.info("dirsync: drift check found {} new difference(s), corrected {}", found, corrected);
            }
        } catch (RuntimeException e) {
            log.error("dirsync: the drift check failed; the next run retries", e);
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        schedule.stop();
    }
}
