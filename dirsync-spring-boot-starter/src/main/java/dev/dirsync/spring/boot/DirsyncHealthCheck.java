package dev.dirsync.spring.boot;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.read.SyncHealth;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the {@code dirsync} health indicator answers, free of Spring Boot's Health API so that one logic serves Boot 4
 * ({@link DirsyncHealthIndicator}) and Boot 3.5 ({@link Boot3HealthIndicatorFactoryBean}), whose Health types live in
 * different packages. One {@link DirectorySync#healthOverview()} pass over the connection records, reused for a
 * short time so that frequent probes cost one query per interval.
 */
final class DirsyncHealthCheck {
    /** Organizations listed in the details at most, worst status first; the counts always cover all. */
    static final int MAX_LISTED = 100;

    private static final Logger log = LoggerFactory.getLogger(DirsyncHealthCheck.class);
    private static final List<SyncHealth.Status> COUNT_ORDER = List.of(SyncHealth.Status.HEALTHY,
            SyncHealth.Status.STALE, SyncHealth.Status.BROKEN, SyncHealth.Status.NOT_CONNECTED);

    private final DirectorySync sync;
    private final long timeToLiveNanos;
    private final boolean listOrganizations;
    private @Nullable Answer last; // guarded by this

    /**
     * One answer: UP with details, or DOWN with the failure (dirsync's database unreachable). A customer's stale or
     * broken directory is in the details and keeps UP: it must not take the application out of its load balancer.
     */
    record Answer(long takenAtNanos, Map<String, Object> details, @Nullable RuntimeException failure) {
        boolean up() {
            return failure == null;
        }
    }

    DirsyncHealthCheck(DirectorySync sync, Duration timeToLive, boolean listOrganizations) {
        if (timeToLive.isNegative()) {
            throw new IllegalArgumentException("dirsync.health.cache-time-to-live must not be negative, was "
                    + timeToLive);
        }
        this.sync = Objects.requireNonNull(sync, "sync");
        this.timeToLiveNanos = timeToLive.toNanos();
        this.listOrganizations = listOrganizations;
    }

    boolean listsOrganizations() {
        return listOrganizations;
    }

    /** The last answer if younger than the time to live, else a fresh one; concurrent probes share one query. */
    synchronized Answer answer() {
        long now = System.nanoTime();
        if (last != null && now - last.takenAtNanos() < timeToLiveNanos) {
            return last;
        }
        try {
            last = new Answer(now, details(sync.healthOverview()), null);
        } catch (RuntimeException e) {
            log.warn("dirsync health check failed: {}", e.toString());
            last = new Answer(now, Map.of(), e);
        }
        return last;
    }

    private Map<String, Object> details(Map<String, SyncHealth.Status> overview) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        COUNT_ORDER.forEach(s -> counts.put(s.code(), 0));
        overview.values().forEach(s -> counts.merge(s.code(), 1, Integer::sum));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("counts", counts);
        if (listOrganizations) {
            Map<String, String> listed = new LinkedHashMap<>();
            overview.entrySet().stream()
                    .sorted(Comparator.comparing((Map.Entry<String, SyncHealth.Status> e) -> e.getValue().ordinal())
                            .reversed().thenComparing(Map.Entry::getKey))
                    .limit(MAX_LISTED)
                    .forEach(e -> listed.put(e.getKey(), e.getValue().code()));
            details.put("organizations", listed);
            if (overview.size() > MAX_LISTED) {
                details.put("organizationsNotListed", overview.size() - MAX_LISTED);
            }
        }
        return details;
    }
}
