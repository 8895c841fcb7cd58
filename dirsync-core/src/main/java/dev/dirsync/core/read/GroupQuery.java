package dev.dirsync.core.read;

import org.jspecify.annotations.Nullable;

import java.util.Locale;

/**
 * A search of one organization's directory groups, ordered by display name (lower case), then directory and
 * group id.
 *
 * @param text case-insensitive substring of the display name
 * @param displayName exact display name
 * @param includeDeleted include tombstones of groups deleted in the directory
 */
public record GroupQuery(@Nullable String directoryId, @Nullable String text, @Nullable String displayName,
                         boolean includeDeleted, int offset, int limit) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;

    public GroupQuery {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, was " + offset);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        text = text == null || text.isBlank() ? null : text.trim().toLowerCase(Locale.ROOT);
    }

    /** Live groups of every directory, first page. */
    public static GroupQuery all() {
        return new GroupQuery(null, null, null, false, 0, DEFAULT_LIMIT);
    }

    public GroupQuery inDirectory(@Nullable String v) {
        return new GroupQuery(v, text, displayName, includeDeleted, offset, limit);
    }

    public GroupQuery matching(@Nullable String v) {
        return new GroupQuery(directoryId, v, displayName, includeDeleted, offset, limit);
    }

    public GroupQuery withDisplayName(@Nullable String v) {
        return new GroupQuery(directoryId, text, v, includeDeleted, offset, limit);
    }

    public GroupQuery includingDeleted(boolean v) {
        return new GroupQuery(directoryId, text, displayName, v, offset, limit);
    }

    public GroupQuery page(int newOffset, int newLimit) {
        return new GroupQuery(directoryId, text, displayName, includeDeleted, newOffset, newLimit);
    }
}
