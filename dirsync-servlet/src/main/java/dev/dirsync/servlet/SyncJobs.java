package dev.dirsync.servlet;

import dev.dirsync.core.workos.BulkImporter;
import dev.dirsync.core.workos.WorkosSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Force-sync jobs started from the admin API, run on a small pool of daemon threads of this adapter (core starts no
 * threads). Fair and bounded: one job per organization at a time (a second is 409, naming the first), a bounded
 * queue (full is 429 with Retry-After), and finished jobs are forgotten after {@link #DEFAULT_RETENTION} or beyond
 * the newest {@link #DEFAULT_KEPT_PER_ORGANIZATION} of an organization. Job records live in this instance; the
 * import's own progress is durable in the state store.
 */
final class SyncJobs {
    private static final Logger log = LoggerFactory.getLogger(SyncJobs.class);
    /** Imports running at once on this instance: each pages through WorkOS, so two keep one tenant from waiting on another. */
    static final int DEFAULT_THREADS = 2;
    /** Jobs waiting for a thread; beyond, a start is answered 429. */
    static final int DEFAULT_MAX_QUEUED = 16;
    static final Duration DEFAULT_RETENTION = Duration.ofHours(1);
    static final int DEFAULT_KEPT_PER_ORGANIZATION = 20;

    /** One job; {@code outcome} per directory is absent (queued), "running", or final. */
    private static final class Job {
        final String id;
        final String organizationId;
        final List<String> directories;
        final Map<String, String> outcome = new ConcurrentHashMap<>();
        final long startedAt;
        volatile long finishedAt = -1;

        Job(String id, String organizationId, List<String> directories, long startedAt) {
            this.id = id;
            this.organizationId = organizationId;
            this.directories = directories;
            this.startedAt = startedAt;
        }

        boolean finished() {
            return finishedAt >= 0;
        }
    }

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final int threads;
    private final int maxQueued;
    private final long retentionNanos;
    private final int keptPerOrganization;
    private final LongSupplier nanoTime;
    private @Nullable ThreadPoolExecutor executor;

    SyncJobs() {
        this(DEFAULT_THREADS, DEFAULT_MAX_QUEUED, DEFAULT_RETENTION, DEFAULT_KEPT_PER_ORGANIZATION, System::nanoTime);
    }

    SyncJobs(int threads, int maxQueued, Duration retention, int keptPerOrganization, LongSupplier nanoTime) {
        this.threads = threads;
        this.maxQueued = maxQueued;
        this.retentionNanos = retention.toNanos();
        this.keptPerOrganization = keptPerOrganization;
        this.nanoTime = nanoTime;
    }

    /** Syncs one directory of an organization; returns its final state ("complete", "interrupted: ..."). */
    @FunctionalInterface
    interface DirectoryRun {
        String sync(String organizationId, String directoryId);
    }

    /** What a directory's sync has done so far (phase, counts), shown beside its state; empty if unknown. */
    @FunctionalInterface
    interface DirectoryProgress {
        Map<String, Object> of(String organizationId, String directoryId);

        DirectoryProgress NONE = (org, dir) -> Map.of();
    }

    /** The bulk importer's durable progress of a WorkOS directory. */
    static DirectoryProgress workosProgress(@Nullable WorkosSource source) {
        if (source == null) {
            return DirectoryProgress.NONE;
        }
        return (org, dir) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            source.importer().progress(org, dir).ifPresent(p -> {
                m.put("phase", p.phase().name().toLowerCase(java.util.Locale.ROOT));
                m.put("done", p.done());
                m.put("total", p.total());
                m.put("users", p.users());
                m.put("groups", p.groups());
                m.put("removed", p.removed());
            });
            return m;
        };
    }

    /** A force sync from WorkOS, through the source's bulk importer. */
    static DirectoryRun workos(WorkosSource source) {
        return (org, dir) -> {
            BulkImporter.ImportResult r = source.importer().forceSync(org, dir);
            return r.complete() ? "complete" : "interrupted: " + r.interruption();
        };
    }

    synchronized Map<String, Object> start(String organizationId, List<String> directories, DirectoryRun sync) {
        forgetOld();
        for (Job j : jobs.values()) {
            if (j.organizationId.equals(organizationId) && !j.finished()) {
                throw ApiException.conflict("a force sync of organization " + organizationId + " is already queued "
                        + "or running as job " + j.id + ": follow it at sync/" + j.id + " and start another once it "
                        + "has finished");
            }
        }
        Job job = new Job("sync_" + UUID.randomUUID().toString().replace("-", ""), organizationId,
                List.copyOf(directories), nanoTime.getAsLong());
        try {
            executor().execute(() -> run(job, sync));
        } catch (RejectedExecutionException e) {
            throw new ApiException(429, "too_many_requests", "this instance already has " + maxQueued + " force "
                    + "syncs waiting; start this one again in a minute", null).withHeader("Retry-After", "60");
        }
        jobs.put(job.id, job);
        return Map.of("jobId", job.id, "directories", job.directories);
    }

    private void run(Job job, DirectoryRun sync) {
        try {
            for (String dir : job.directories) {
                job.outcome.put(dir, "running");
                try {
                    job.outcome.put(dir, sync.sync(job.organizationId, dir));
                } catch (RuntimeException e) {
                    log.warn("force sync {} of directory {} failed", job.id, dir, e);
                    job.outcome.put(dir, "failed: " + e.getMessage());
                }
            }
        } finally {
            job.finishedAt = nanoTime.getAsLong();
        }
    }

    Map<String, Object> status(String organizationId, String jobId, DirectoryProgress progress) {
        synchronized (this) {
            forgetOld();
        }
        Job job = jobs.get(jobId);
        if (job == null || !job.organizationId.equals(organizationId)) {
            throw ApiException.notFound("no sync job '" + jobId + "' for organization " + organizationId
                    + " (jobs are kept by the instance that started them, for "
                    + DEFAULT_RETENTION.toMinutes() + " minutes after they finish)");
        }
        // one snapshot for both the states and "finished", so they can never disagree: finished is read first,
        // and a job is finished only after its last state was written
        boolean finished = job.finished();
        Map<String, String> outcome = Map.copyOf(job.outcome);
        List<Map<String, Object>> dirs = new ArrayList<>();
        for (String dir : job.directories) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("directoryId", dir);
            m.put("state", outcome.getOrDefault(dir, "queued"));
            m.putAll(progress.of(organizationId, dir)); // may take a while (a WorkOS call): the snapshot is taken
            dirs.add(m);
        }
        return Map.of("jobId", jobId, "finished", finished, "directories", dirs);
    }

    /** Drops finished jobs past the retention, and all but the newest finished ones of each organization. */
    private void forgetOld() {
        long now = nanoTime.getAsLong();
        jobs.values().removeIf(j -> j.finished() && now - j.finishedAt > retentionNanos);
        Map<String, List<Job>> finishedByOrg = new LinkedHashMap<>();
        for (Job j : jobs.values()) {
            if (j.finished()) {
                finishedByOrg.computeIfAbsent(j.organizationId, k -> new ArrayList<>()).add(j);
            }
        }
        for (List<Job> finished : finishedByOrg.values()) {
            if (finished.size() > keptPerOrganization) {
                finished.sort(Comparator.comparingLong((Job j) -> j.startedAt).reversed());
                finished.subList(keptPerOrganization, finished.size()).forEach(j -> jobs.remove(j.id));
            }
        }
    }

    /** Jobs this instance remembers (queued, running, and finished ones not yet forgotten). */
    int remembered() {
        return jobs.size();
    }

    private synchronized ThreadPoolExecutor executor() {
        if (executor == null) {
            ThreadPoolExecutor e = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(maxQueued), r -> {
                Thread t = new Thread(r, "dirsync-force-sync");
                t.setDaemon(true);
                return t;
            });
            e.allowCoreThreadTimeOut(true); // no thread stays when nobody syncs
            executor = e;
        }
        return executor;
    }

    synchronized void shutdown() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
