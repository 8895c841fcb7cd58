package dev.dirsync.spring.boot;

import dev.dirsync.core.DirectorySync;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.time.Duration;

/**
 * Sync health of every organization in the one vocabulary of {@code SyncHealth} ({@code healthy}, {@code stale},
 * {@code broken}, {@code not_connected}): counts per status, and the organizations by id only when allowed (see
 * {@link DirsyncSettings.OrganizationListing}). A customer's stale or broken directory keeps the status UP (it must
 * not take the application out of its load balancer); an unreachable state store is DOWN. Reads dirsync's database
 * only, never the WorkOS API, and reuses an answer for {@code dirsync.health.cache-time-to-live}. Spring Boot 4; on
 * Boot 3.5 the starter registers the same check through {@link Boot3HealthIndicatorFactoryBean}.
 */
public final class DirsyncHealthIndicator implements HealthIndicator {
    private final DirsyncHealthCheck check;

    /**
     * @param cacheTimeToLive   how long one answer is reused; zero reads the connection records on every call
     * @param listOrganizations whether the details name each organization with its status
     */
    public DirsyncHealthIndicator(DirectorySync sync, Duration cacheTimeToLive, boolean listOrganizations) {
        this(new DirsyncHealthCheck(sync, cacheTimeToLive, listOrganizations));
    }

    DirsyncHealthIndicator(DirsyncHealthCheck check) {
        this.check = check;
    }

    @Override
    public Health health() {
        DirsyncHealthCheck.Answer a = check.answer();
        Health.Builder b = a.up() ? Health.up() : Health.down(a.failure());
        return b.withDetails(a.details()).build();
    }
}
