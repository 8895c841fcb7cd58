package dev.dirsync.spring.boot;

import dev.dirsync.core.workos.EventsPoller;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the WorkOS Events API poller on one daemon thread: started when the application is ready (never while
 * beans are still being created or the web server is not yet up), stopped when the context closes.
 */
public final class EventsPollerRunner implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(EventsPollerRunner.class);

    private final EventsPoller poller;
    private final Duration interval;
    private final ObjectProvider<DirsyncObserver> observers;
    private @Nullable ScheduledExecutorService executor;

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
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dirsync-workos-poller");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::pollOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("dirsync: polling the WorkOS Events API every {}", interval);
    }

    /** True between {@link #start()} and {@link #destroy()}. */
    public synchronized boolean isRunning() {
        return executor != null && !executor.isShutdown();
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
    public synchronized void destroy() throws InterruptedException {
        if (executor == null) {
            return;
        }
        executor.shutdown();
        if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
    }
}
