package dev.dirsync.core.spi;

import dev.dirsync.core.audit.AuditEntry;

/**
 * Receives every audit entry, for a host that keeps its own audit trail or forwards to a SIEM.
 * Called inside the projection's transaction; if it throws, the change is not recorded as applied and is
 * retried, so a sink may see an entry again (use {@link AuditEntry#id()} to deduplicate).
 * dirsync's own audit log is kept regardless, so a no-op sink is safe.
 */
@FunctionalInterface
public interface AuditSink {

    void record(AuditEntry entry);

    AuditSink NOOP = entry -> { };
}
