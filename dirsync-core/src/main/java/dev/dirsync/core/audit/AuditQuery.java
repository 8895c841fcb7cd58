package dev.dirsync.core.audit;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Objects;

/**
 * A search of one organization's audit log. {@code target} matches the directory user id, the host user id
 * or the label (email); {@code actor} matches as a case-insensitive substring. Newest first.
 */
public record AuditQuery(String organizationId, @Nullable AuditAction action, @Nullable String actor,
                         @Nullable String target, @Nullable Instant since, @Nullable Instant until,
                         int offset, int limit) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;

    public AuditQuery {
        Objects.requireNonNull(organizationId, "organizationId");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, was " + offset);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
    }

    public static AuditQuery of(String organizationId) {
        return new AuditQuery(organizationId, null, null, null, null, null, 0, DEFAULT_LIMIT);
    }

    public AuditQuery withAction(@Nullable AuditAction a) {
        return new AuditQuery(organizationId, a, actor, target, since, until, offset, limit);
    }

    public AuditQuery withActor(@Nullable String a) {
        return new AuditQuery(organizationId, action, a, target, since, until, offset, limit);
    }

    public AuditQuery withTarget(@Nullable String t) {
        return new AuditQuery(organizationId, action, actor, t, since, until, offset, limit);
    }

    public AuditQuery between(@Nullable Instant from, @Nullable Instant to) {
        return new AuditQuery(organizationId, action, actor, target, from, to, offset, limit);
    }

    public AuditQuery page(int newOffset, int newLimit) {
        return new AuditQuery(organizationId, action, actor, target, since, until, newOffset, newLimit);
    }

    /** True if the entry satisfies every filter of this query (paging aside); stores may use it or SQL. */
    public boolean matches(AuditEntry e) {
        if (!e.organizationId().equals(organizationId)) {
            return false;
        }
        if (action != null && e.action() != action) {
            return false;
        }
        if (actor != null && !e.actor().toLowerCase(java.util.Locale.ROOT)
                .contains(actor.toLowerCase(java.util.Locale.ROOT))) {
            return false;
        }
        if (target != null && !(target.equals(e.targetDirectoryUserId()) || target.equals(e.targetAppUserId())
                || target.equalsIgnoreCase(String.valueOf(e.targetLabel())))) {
            return false;
        }
        if (since != null && e.at().isBefore(since)) {
            return false;
        }
        return until == null || e.at().isBefore(until);
    }
}
