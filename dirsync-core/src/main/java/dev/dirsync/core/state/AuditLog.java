package dev.dirsync.core.state;

import dev.dirsync.core.audit.AuditEntry;
import dev.dirsync.core.audit.AuditPage;
import dev.dirsync.core.audit.AuditQuery;

/** The queryable audit log of every effective change. Append-only. */
public interface AuditLog {

    void append(AuditEntry entry);

    /** Entries matching the query, newest first (ties by id), paged. */
    AuditPage query(AuditQuery query);
}
