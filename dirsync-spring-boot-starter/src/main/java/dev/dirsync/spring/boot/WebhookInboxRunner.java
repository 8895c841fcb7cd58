package dev.dirsync.spring.boot;

import dev.dirsync.core.workos.WebhookInbox;
import dev.dirsync.core.workos.WorkosSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The WorkOS webhook inbox's threads ({@code dirsync.workos.webhook-intake=inbox}): the applier threads a stored
 * delivery wakes at once, and a sweep, started when the application is ready and then every
 * {@code dirsync.workos.inbox.sweep-interval}, that wakes organizations with deliveries a crash left unapplied or
 * retries that came due. A plain per-instance schedule rather than a db-scheduler task: the sweep is one indexed
 * read and idempotent, every instance should drain its own leftovers at start, and two instances draining one
 * organization are kept apart by its row lock.
 */
public final class WebhookInboxRunner implements java.util.concurrent.Executor, ApplicationListener<ApplicationReadyEvent>,
        DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(WebhookInboxRunner.class);

    private final ExecutorService appliers;
    private final Duration sweepInterval;
    private final ObjectProvider<WorkosSource> source;
    private final DaemonSchedule sweep = new DaemonSchedule("dirsync-inbox-sweep");

    public WebhookInboxRunner(int threads, Duration sweepInterval, ObjectProvider<WorkosSource> source) {
        if (threads < 1) {
            throw new IllegalArgumentException("dirsync.workos.inbox.threads must be at least 1, was " + threads);
        }
        AtomicInteger n = new AtomicInteger();
        this.appliers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "dirsync-inbox-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.sweepInterval = sweepInterval;
        this.source = source;
    }

    @Override
    public void execute(Runnable command) {
        appliers.execute(command);
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (sweep.start(this::sweepOnce, Duration.ZERO, sweepInterval)) {
            log.info("dirsync: WorkOS webhook intake 'inbox': deliveries are stored, answered 202 and applied on "
                    + "this instance's applier threads; leftovers swept every {}", sweepInterval);
        }
    }

    void sweepOnce() {
        try {
            source.getObject().inbox().ifPresent(WebhookInbox::drainDue);
        } catch (RuntimeException e) { // keep the schedule alive
            log.warn("dirsync: WorkOS webhook inbox sweep failed; the next one retries: {}", e.toString());
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        sweep.stop();
        appliers.shutdown();
        if (!appliers.awaitTermination(10, TimeUnit.SECONDS)) {
            appliers.shutdownNow(); // what is left stays stored; the next instance to start drains it
        }
    }
}
