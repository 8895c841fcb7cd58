package dev.dirsync.core.read;

import dev.dirsync.core.model.DirectoryUserKey;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Objects;

/**
 * Who had access at an instant: every person's role, workspaces and status as dirsync had applied them at
 * {@code at}, optionally only those with this role or this workspace; keyset paging by (directory id, user id).
 *
 * @param after only people strictly after this key (the previous page's {@link AccessPage#next})
 */
public record AccessQuery(Instant at, @Nullable String role, @Nullable String workspace,
                          @Nullable DirectoryUserKey after, int limit) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public AccessQuery {
        Objects.requireNonNull(at, "at");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        role = role == null || role.isBlank() ? null : role.trim();
        workspace = workspace == null || workspace.isBlank() ? null : workspace.trim();
    }

    /** Everyone at {@code at}, first page. */
    public static AccessQuery at(Instant at) {
        return new AccessQuery(at, null, null, null, DEFAULT_LIMIT);
    }

    public AccessQuery withRole(@Nullable String v) {
        return new AccessQuery(at, v, workspace, after, limit);
    }

    public AccessQuery inWorkspace(@Nullable String v) {
        return new AccessQuery(at, role, v, after, limit);
    }

    public AccessQuery after(@Nullable DirectoryUserKey k) {
        return new AccessQuery(at, role, workspace, k, limit);
    }

    public AccessQuery limit(int v) {
        return new AccessQuery(at, role, workspace, after, v);
    }
}
