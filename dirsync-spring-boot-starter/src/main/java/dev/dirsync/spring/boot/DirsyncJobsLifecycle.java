package dev.dirsync.spring.boot;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.jdbi.DbSchedulerJobs;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Starts dirsync's background jobs once the context is refreshed and stops them with it (running batches finish;
 * the jobs go on from their cursors on the next instance to start).
 */
public final class DirsyncJobsLifecycle implements SmartLifecycle {
    private final DbSchedulerJobs jobs;
    private final ObjectProvider<DirectorySync> sync;
    private volatile boolean running;

    public DirsyncJobsLifecycle(DbSchedulerJobs jobs, ObjectProvider<DirectorySync> sync) {
        this.jobs = jobs;
        this.sync = sync;
    }

    @Override
    public void start() {
        jobs.start(sync.getObject());
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        jobs.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
