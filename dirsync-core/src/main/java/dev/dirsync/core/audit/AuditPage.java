package dev.dirsync.core.audit;

import java.util.List;

/** One page of audit entries, newest first, with the total number matching the query. */
public record AuditPage(List<AuditEntry> entries, long total, int offset, int limit) {
    public AuditPage {
        entries = List.copyOf(entries);
    }
}
