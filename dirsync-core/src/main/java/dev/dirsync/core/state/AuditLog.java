package dev.dirsync.core.state;

import dev.dirsync.core.audit.AuditEntry;
import dev.dirsync.core.audit.AuditPage;
import dev.dirsync.core.audit.AuditQuery;

/** The queryable audit log of every effective change. Append-only. */
public interface AuditLog {

    void append(AuditEntry entry);

    /**
     * Appends several entries, in order: a job's batch writes its entries in one round trip instead of one each. The
     * default appends them one by one.
     */
    default void appendAll(java.util.List<AuditEntry> entries) {
        entries.forEach(this::append);
    }

    /** Entries matching the query, newest first (ties by id), paged. */
    AuditPage query(AuditQuery query);
}
