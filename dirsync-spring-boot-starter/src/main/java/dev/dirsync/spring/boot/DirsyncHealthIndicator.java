package dev.dirsync.spring.boot;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.model.Organization;
import dev.dirsync.core.state.DirectoryConnection;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-organization sync health from dirsync's connection records: {@code healthy}, {@code stale} (no event for
 * {@code dirsync.workos.stale-after}), {@code not_connected}, or {@code removed}. A customer's stale directory is
 * reported in the details but keeps the status UP (it must not take the application out of its load balancer);
 * an unreachable state store is DOWN. Reads the database only, never the WorkOS API.
 */
public final class DirsyncHealthIndicator extends AbstractHealthIndicator {
    /** Organizations listed in the details at most; the counts always cover all. */
    static final int MAX_DETAILS = 100;

    private final DirectorySync sync;
    private final Duration staleAfter;
    private final Clock clock;

    public DirsyncHealthIndicator(DirectorySync sync, Duration staleAfter, Clock clock) {
        super("dirsync health check failed");
        this.sync = sync;
        this.staleAfter = staleAfter;
        this.clock = clock;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Instant now = clock.instant();
        Map<String, Object> organizations = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String s : List.of("healthy", "stale", "not_connected", "removed")) {
            counts.put(s, 0);
        }
        sync.stateStore().inTransaction(tx -> {
            for (Organization org : tx.organizations().list()) {
                List<DirectoryConnection> conns = tx.connections().list(org.id());
                String status = status(conns, now);
                counts.merge(status, 1, Integer::sum);
                if (organizations.size() < MAX_DETAILS) {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("status", status);
                    d.put("mode", org.settings().mode().name().toLowerCase(Locale.ROOT));
                    d.put("directories", conns.stream().map(c -> directory(c, now)).toList());
                    organizations.put(org.id(), d);
                }
            }
            return null;
        });
        builder.up().withDetail("counts", counts).withDetail("organizations", organizations);
    }

    private String status(List<DirectoryConnection> conns, Instant now) {
        List<DirectoryConnection> active = conns.stream()
                .filter(c -> c.state() == DirectoryConnection.State.ACTIVE).toList();
        if (active.isEmpty()) {
            return conns.isEmpty() ? "not_connected" : "removed";
        }
        return active.stream().anyMatch(c -> stale(c, now)) ? "stale" : "healthy";
    }

    private boolean stale(DirectoryConnection c, Instant now) {
        Instant last = c.lastEventAt() != null ? c.lastEventAt() : c.createdAt();
        return Duration.between(last, now).compareTo(staleAfter) > 0;
    }

    private Map<String, Object> directory(DirectoryConnection c, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("directoryId", c.directoryId());
        m.put("kind", c.kind().name().toLowerCase(Locale.ROOT));
        m.put("provider", c.provider());
        m.put("state", c.state() == DirectoryConnection.State.DELETED ? "removed" : stale(c, now) ? "stale" : "healthy");
        m.put("lastEventAt", c.lastEventAt() == null ? null : c.lastEventAt().toString());
        return m;
    }
}
