package dev.dirsync.spring.boot;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One task on one named daemon thread at a fixed delay: what the starter's background runners share (started once
 * the application is ready, stopped with the context, so no bean creation or shutdown waits on them).
 */
final class DaemonSchedule {
    private final String threadName;
    private @Nullable ScheduledExecutorService executor;

    DaemonSchedule(String threadName) {
        this.threadName = threadName;
    }

    /** Starts running {@code task}; false, changing nothing, if it is already running. */
    synchronized boolean start(Runnable task, Duration initialDelay, Duration delay) {
        if (executor != null) {
            return false;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(task, initialDelay.toMillis(), delay.toMillis(), TimeUnit.MILLISECONDS);
        return true;
    }

    synchronized boolean isRunning() {
        return executor != null && !executor.isShutdown();
    }

    /** Stops the schedule, letting a run in progress finish for up to 10 s. */
    synchronized void stop() throws InterruptedException {
        if (executor == null) {
            return;
        }
        executor.shutdown();
        if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
    }
}
