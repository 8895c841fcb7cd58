package dev.dirsync.core.audit;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One effective change, as the organization's admin sees it in the audit log: who (actor) did what
 * (action) to whom (target), the values before and after, and the source event that caused it.
 * Values of filtered sensitive attributes never appear here, only their names.
 */
public record AuditEntry(
        String id,
        String organizationId,
        Instant at,
        String actor,
        AuditAction action,
        @Nullable String targetDirectoryUserId,
        @Nullable String targetAppUserId,
        @Nullable String targetLabel,
        Map<String, String> before,
        Map<String, String> after,
        @Nullable String sourceEventId,
        String detail) {

    public AuditEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(detail, "detail");
        before = Collections.unmodifiableMap(new LinkedHashMap<>(before));
        after = Collections.unmodifiableMap(new LinkedHashMap<>(after));
    }
}
