package dev.dirsync.core.audit;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Objects;

/**
 * A search of one organization's audit log. {@code target} matches the directory user id, the host user id
 * or the label (email); {@code actor} matches as a case-insensitive substring. Newest first (time, then id).
 *
 * @param after keyset paging: the {@link AuditPage#nextCursor} of the previous page; entries strictly older than
 *              it (offset must then be 0). Cheap at any depth, unlike offsets
 * @param countTotal false skips counting every match ({@link AuditPage#total} is then -1): for exports
 */
public record AuditQuery(String organizationId, @Nullable AuditAction action, @Nullable String actor,
                         @Nullable String target, @Nullable Instant since, @Nullable Instant until,
                         int offset, int limit, @Nullable String after, boolean countTotal) {
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
        if (after != null) {
            if (offset != 0) {
                throw new IllegalArgumentException("keyset paging (after) needs offset 0");
            }
            Cursor.parse(after); // fails early on a malformed cursor
        }
    }

    public AuditQuery(String organizationId, @Nullable AuditAction action, @Nullable String actor,
                      @Nullable String target, @Nullable Instant since, @Nullable Instant until, int offset, int limit) {
        this(organizationId, action, actor, target, since, until, offset, limit, null, true);
    }

    /** A keyset position in the audit log: the time and id of the last entry of a page. */
    public record Cursor(Instant at, String id) {
        public static Cursor of(AuditEntry e) {
            return new Cursor(e.at(), e.id());
        }

        public static Cursor parse(String s) {
            int bar = s.indexOf('|');
            if (bar < 1 || bar == s.length() - 1) {
                throw new IllegalArgumentException("malformed audit cursor '" + s + "': pass a page's nextCursor as is");
            }
            try {
                return new Cursor(Instant.parse(s.substring(0, bar)), s.substring(bar + 1));
            } catch (java.time.DateTimeException e) {
                throw new IllegalArgumentException("malformed audit cursor '" + s + "': pass a page's nextCursor as is");
            }
        }

        /** True if the entry comes after this position in newest-first order (it is older). */
        public boolean before(AuditEntry e) {
            int c = e.at().compareTo(at);
            return c < 0 || (c == 0 && e.id().compareTo(id) < 0);
        }

        @Override
        public String toString() {
            return at + "|" + id;
        }
    }

    public static AuditQuery of(String organizationId) {
        return new AuditQuery(organizationId, null, null, null, null, null, 0, DEFAULT_LIMIT);
    }

    public AuditQuery withAction(@Nullable AuditAction a) {
        return new AuditQuery(organizationId, a, actor, target, since, until, offset, limit, after, countTotal);
    }

    public AuditQuery withActor(@Nullable String a) {
        return new AuditQuery(organizationId, action, a, target, since, until, offset, limit, after, countTotal);
    }

    public AuditQuery withTarget(@Nullable String t) {
        return new AuditQuery(organizationId, action, actor, t, since, until, offset, limit, after, countTotal);
    }

    public AuditQuery between(@Nullable Instant from, @Nullable Instant to) {
        return new AuditQuery(organizationId, action, actor, target, from, to, offset, limit, after, countTotal);
    }

    public AuditQuery page(int newOffset, int newLimit) {
        return new AuditQuery(organizationId, action, actor, target, since, until, newOffset, newLimit, after, countTotal);
    }

    /** The page after the one whose {@link AuditPage#nextCursor} this is (keyset paging; offset 0). */
    public AuditQuery after(@Nullable String cursor) {
        return new AuditQuery(organizationId, action, actor, target, since, until, 0, limit, cursor, countTotal);
    }

    public AuditQuery withoutTotal() {
        return new AuditQuery(organizationId, action, actor, target, since, until, offset, limit, after, false);
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
        if (after != null && !Cursor.parse(after).before(e)) {
            return false;
        }
        return until == null || e.at().isBefore(until);
    }
}
