package dev.dirsync.core.state;

import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.UserStatus;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What dirsync had applied to one person (role, workspaces, status) from {@code from} until {@code to}: one row of
 * the access history. A person's intervals never overlap; the open one ({@code to} null) matches the applied
 * projection. The audit ids name the audit entries that produced each value; null where the value predates the
 * history (rows seeded at upgrade) or no single entry set it.
 *
 * @param from first instant the values held (inclusive)
 * @param to first instant they no longer held (exclusive), or null while they still hold
 */
public record AccessInterval(DirectoryUserKey key, String appUserId, @Nullable String label, @Nullable String role,
                             SortedSet<String> workspaces, UserStatus status, Instant from, @Nullable Instant to,
                             @Nullable String roleAuditId, @Nullable String workspacesAuditId,
                             @Nullable String statusAuditId) {
    public AccessInterval {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(appUserId, "appUserId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(from, "from");
        workspaces = Collections.unmodifiableSortedSet(new TreeSet<>(workspaces));
        if (to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("interval of " + key + " ends (" + to + ") before it starts (" + from + ")");
        }
    }

    /** True if the values held at {@code at}: {@code from <= at < to}. */
    public boolean covers(Instant at) {
        return !from.isAfter(at) && (to == null || to.isAfter(at));
    }

    /** The same access (person, role, workspaces, status), whatever the times and audit ids. */
    public boolean sameAccess(AccessInterval o) {
        return appUserId.equals(o.appUserId) && Objects.equals(role, o.role) && workspaces.equals(o.workspaces)
                && status == o.status;
    }

    public AccessInterval endingAt(Instant end) {
        return new AccessInterval(key, appUserId, label, role, workspaces, status, from, end, roleAuditId,
                workspacesAuditId, statusAuditId);
    }
}
