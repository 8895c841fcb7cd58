package dev.dirsync.spring.boot;

import dev.dirsync.core.workos.EventsPoller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import java.time.Duration;

/**
 * Runs the WorkOS Events API poller on one daemon thread: started when the application is ready (never while
 * beans are still being created or the web server is not yet up), stopped when the context closes.
 */
public final class EventsPollerRunner implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(EventsPollerRunner.class);

    private final EventsPoller poller;
    private final Duration interval;
    private final ObjectProvider<DirsyncObserver> observers;
    private final DaemonSchedule schedule = new DaemonSchedule("dirsync-workos-poller");

    public EventsPollerRunner(EventsPoller poller, Duration interval, ObjectProvider<DirsyncObserver> observers) {
        this.poller = poller;
        this.interval = interval;
        this.observers = observers;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        start();
    }

    /** Starts polling (idempotent). */
    public void start() {
        if (schedule.start(this::pollOnce, Duration.ZERO, interval)) {
            log.info("dirsync: polling the WorkOS Events API every {}", interval);
        }
    }

    /** True between {@link #start()} and {@link #destroy()}. */
    public boolean isRunning() {
        return schedule.isRunning();
    }

    void pollOnce() {
        long t0 = System.nanoTime();
        try {
            EventsPoller.PollSummary s = poller.pollOnce();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            observers.orderedStream().forEach(o -> o.polled(s, took));
            if (s.failure() != null) {
                log.warn("dirsync: WorkOS Events API poll stopped early: {}", s.failure());
            } else if (s.fetched() > 0) {
                log.info("dirsync: WorkOS Events API poll: {}", s);
            }
        } catch (RuntimeException e) { // keep the schedule alive: the next run retries from the stored cursor
            log.error("dirsync: WorkOS Events API poll failed; the next run retries from the stored cursor", e);
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        schedule.stop();
    }
}
