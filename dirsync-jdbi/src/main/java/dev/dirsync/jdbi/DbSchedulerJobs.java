package dev.dirsync.jdbi;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.job.Job;
import dev.dirsync.core.job.JobScheduler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs dirsync's jobs on db-scheduler, in its table next to dirsync's (schema version 6): an execution per job,
 * claimed by one instance at a time, heartbeated while it runs, and revived on another instance if its instance
 * dies. An execution runs batches for at most {@link Builder#slice} and then reschedules itself, so long jobs of
 * several organizations take turns and a stopping instance leaves between two batches. A sweep every
 * {@link Builder#sweepInterval} schedules any unfinished job without an execution (an instance that died between a
 * job's commit and its scheduling), so every committed job runs.
 *
 * <pre>{@code
 * DbSchedulerJobs jobs = DbSchedulerJobs.builder(dataSource).build();
 * DirectorySync sync = DirectorySync.builder()...jobScheduler(jobs).build();
 * jobs.start(sync);   // and jobs.stop() on shutdown
 * }</pre>
 */
public final class DbSchedulerJobs implements JobScheduler {
    private static final Logger log = LoggerFactory.getLogger(DbSchedulerJobs.class);
    /** db-scheduler's task name of dirsync's job executions (instance id: the job id). */
    public static final String TASK = "dirsync-job";
    static final String SWEEP = "dirsync-job-sweep";

    private final AtomicReference<@Nullable DirectorySync> sync = new AtomicReference<>();
    private final Scheduler scheduler;
    private final CustomTask<Void> task;
    private final Duration slice;

    private DbSchedulerJobs(Builder b) {
        this.slice = b.slice;
        this.task = Tasks.custom(TASK, Void.class)
                .onFailureReschedule(Schedules.fixedDelay(b.retryAfter))
                .onDeadExecutionRevive()
                .execute((instance, ctx) -> {
                    boolean finished = runSlice(instance.getId(), () -> ctx.getSchedulerState().isShuttingDown());
                    return finished ? new CompletionHandler.OnCompleteRemove<>()
                            : (complete, ops) -> ops.reschedule(complete, Instant.now());
                });
        RecurringTask<Void> sweep = Tasks.recurring(SWEEP, Schedules.fixedDelay(b.sweepInterval))
                .execute((instance, ctx) -> sweep());
        this.scheduler = Scheduler.create(b.dataSource, List.of(task))
                .startTasks(sweep)
                .tableName(new Tables(b.tablePrefix, b.schema).scheduledTasks)
                .pollingInterval(b.pollInterval)
                .heartbeatInterval(b.heartbeatInterval)
                .threads(b.threads)
                .enableImmediateExecution()
                .shutdownMaxWait(b.shutdownMaxWait)
                .build();
    }

    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /** Starts claiming and running jobs for {@code sync}; the tables must exist (build the JdbiStateStore first). */
    public void start(DirectorySync directorySync) {
        if (!sync.compareAndSet(null, Objects.requireNonNull(directorySync, "directorySync"))) {
            throw new IllegalStateException("DbSchedulerJobs already started");
        }
        scheduler.start();
    }

    /** Stops after the running batches (the jobs go on from their cursors on the next instance to start). */
    public void stop() {
        scheduler.stop();
    }

    @Override
    public void submit(Job job, DirectorySync directorySync) {
        scheduler.scheduleIfNotExists(task.instance(job.id()), Instant.now());
    }

    /** Runs the job's batches until it finishes, its slice ends or the scheduler stops; true if it finished. */
    boolean runSlice(String jobId, java.util.function.BooleanSupplier stopping) {
        DirectorySync s = Objects.requireNonNull(sync.get(), "DbSchedulerJobs.start(sync) was not called");
        long until = System.nanoTime() + slice.toNanos();
        Job job;
        try {
            do {
                job = s.runJobBatch(jobId);
            } while (!job.finished() && System.nanoTime() < until && !stopping.getAsBoolean());
        } catch (IllegalArgumentException unknown) {
            log.warn("dirsync job {} is not in the jobs table; its execution is dropped", jobId);
            return true;
        }
        return job.finished();
    }

    /** Schedules every unfinished job that has no execution: covers a crash between a job's commit and its submit. */
    void sweep() {
        DirectorySync s = sync.get();
        if (s == null) {
            return;
        }
        for (Job j : s.unfinishedJobs()) {
            scheduler.scheduleIfNotExists(task.instance(j.id()), Instant.now());
        }
    }

    /** Settings of {@link DbSchedulerJobs}; the defaults suit most hosts. */
    public static final class Builder {
        /** How often an instance looks for due executions (a job submitted here starts at once regardless). */
        public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(10);
        /** How often a running execution proves its instance alive; four missed and another instance takes over. */
        public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(30);
        /** Longest run of one execution before it yields to other jobs (it resumes from its cursor). */
        public static final Duration DEFAULT_SLICE = Duration.ofSeconds(30);
        public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(1);
        public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);
        public static final int DEFAULT_THREADS = 2;

        private final DataSource dataSource;
        private String tablePrefix = JdbiStateStore.DEFAULT_TABLE_PREFIX;
        private @Nullable String schema;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private Duration slice = DEFAULT_SLICE;
        private Duration sweepInterval = DEFAULT_SWEEP_INTERVAL;
        private Duration retryAfter = DEFAULT_RETRY_AFTER;
        private Duration shutdownMaxWait = Duration.ofSeconds(10);
        private int threads = DEFAULT_THREADS;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** The table prefix and schema of the JdbiStateStore (db-scheduler's table is {@code <prefix>scheduled_tasks}). */
        public Builder tablePrefix(String v) { this.tablePrefix = Objects.requireNonNull(v); return this; }

        public Builder schema(@Nullable String v) { this.schema = v; return this; }

        /** Default: {@link #DEFAULT_POLL_INTERVAL}. */
        public Builder pollInterval(Duration v) { this.pollInterval = positive(v, "pollInterval"); return this; }

        /** Default: {@link #DEFAULT_HEARTBEAT_INTERVAL}. */
        public Builder heartbeatInterval(Duration v) { this.heartbeatInterval = positive(v, "heartbeatInterval"); return this; }

        /** Default: {@link #DEFAULT_SLICE}. */
        public Builder slice(Duration v) { this.slice = positive(v, "slice"); return this; }

        /** Default: {@link #DEFAULT_SWEEP_INTERVAL}. */
        public Builder sweepInterval(Duration v) { this.sweepInterval = positive(v, "sweepInterval"); return this; }

        /** Default: {@link #DEFAULT_RETRY_AFTER}. How long a failed execution waits before it tries again. */
        public Builder retryAfter(Duration v) { this.retryAfter = positive(v, "retryAfter"); return this; }

        /** How long {@link #stop()} waits for running batches. */
        public Builder shutdownMaxWait(Duration v) { this.shutdownMaxWait = positive(v, "shutdownMaxWait"); return this; }

        /** Default: {@link #DEFAULT_THREADS}. Jobs run at once on this instance. */
        public Builder threads(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("threads must be at least 1, was " + v);
            }
            this.threads = v;
            return this;
        }

        public DbSchedulerJobs build() {
            return new DbSchedulerJobs(this);
        }

        private static Duration positive(Duration v, String name) {
            if (v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + v);
            }
            return v;
        }
    }
}
