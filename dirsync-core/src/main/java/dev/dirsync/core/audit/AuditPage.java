package dev.dirsync.core.audit;

import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * One page of audit entries, newest first.
 *
 * @param total every entry matching the query, or -1 when the query asked not to count
 * @param nextCursor pass to {@link AuditQuery#after} for the next page; null on the last page
 */
public record AuditPage(List<AuditEntry> entries, long total, int offset, int limit, @Nullable String nextCursor) {
    public AuditPage {
        entries = List.copyOf(entries);
    }

    /** A page whose cursor points after its last entry when the page is full. */
    public AuditPage(List<AuditEntry> entries, long total, int offset, int limit) {
        this(entries, total, offset, limit, entries.size() < limit || entries.isEmpty() ? null
                : AuditQuery.Cursor.of(entries.get(entries.size() - 1)).toString());
    }
}
