package dev.dirsync.servlet;

import dev.dirsync.core.workos.BulkImporter;
import dev.dirsync.core.workos.WorkosSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Force-sync jobs started from the admin API, run one at a time on a daemon thread of this adapter (core starts
 * no threads). Job records live in this instance; the import's own progress is durable in the state store.
 */
final class SyncJobs {
    private static final Logger log = LoggerFactory.getLogger(SyncJobs.class);

    private record Job(String id, String organizationId, List<String> directories,
                       Map<String, String> outcome) {
    }

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private volatile @Nullable ExecutorService executor;

    Map<String, Object> start(String organizationId, List<String> directories, WorkosSource source) {
        Job job = new Job("sync_" + UUID.randomUUID().toString().replace("-", ""), organizationId,
                List.copyOf(directories), new ConcurrentHashMap<>());
        jobs.put(job.id(), job);
        executor().submit(() -> {
            for (String dir : job.directories()) {
                job.outcome().put(dir, "running");
                try {
                    BulkImporter.ImportResult r = source.importer().forceSync(organizationId, dir);
                    job.outcome().put(dir, r.complete() ? "complete" : "interrupted: " + r.interruption());
                } catch (RuntimeException e) {
                    log.warn("force sync {} of directory {} failed", job.id(), dir, e);
                    job.outcome().put(dir, "failed: " + e.getMessage());
                }
            }
        });
        return Map.of("jobId", job.id(), "directories", job.directories());
    }

    Map<String, Object> status(String organizationId, String jobId, @Nullable WorkosSource source) {
        Job job = jobs.get(jobId);
        if (job == null || !job.organizationId().equals(organizationId)) {
            throw ApiException.notFound("no sync job '" + jobId + "' for organization " + organizationId
                    + " (jobs are kept by the instance that started them)");
        }
        List<Map<String, Object>> dirs = new ArrayList<>();
        for (String dir : job.directories()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("directoryId", dir);
            m.put("state", job.outcome().getOrDefault(dir, "queued"));
            if (source != null) {
                source.importer().progress(organizationId, dir).ifPresent(p -> {
                    m.put("phase", p.phase().name().toLowerCase(java.util.Locale.ROOT));
                    m.put("done", p.done());
                    m.put("total", p.total());
                    m.put("users", p.users());
                    m.put("groups", p.groups());
                    m.put("removed", p.removed());
                });
            }
            dirs.add(m);
        }
        boolean finished = job.directories().stream().allMatch(d -> {
            String o = job.outcome().get(d);
            return o != null && !o.equals("running");
        });
        return Map.of("jobId", jobId, "finished", finished, "directories", dirs);
    }

    private ExecutorService executor() {
        ExecutorService e = executor;
        if (e == null) {
            synchronized (this) {
                if (executor == null) {
                    executor = Executors.newSingleThreadExecutor(r -> {
                        Thread t = new Thread(r, "dirsync-force-sync");
                        t.setDaemon(true);
                        return t;
                    });
                }
                e = executor;
            }
        }
        return e;
    }

    void shutdown() {
        ExecutorService e = executor;
        if (e != null) {
            e.shutdownNow();
        }
    }
}
