package dev.dirsync.core.outcome;

import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.model.DirectoryUserKey;
import org.jspecify.annotations.Nullable;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One effective change (or, in a preview, one that would be made). Each applied change becomes exactly one
 * audit entry.
 *
 * @param key the directory user changed; null for a host-only user (e.g. one auto-promoted to admin)
 * @param label what a person recognizes the user by, usually the email
 */
public record Change(AuditAction action, String organizationId, @Nullable DirectoryUserKey key,
                     @Nullable String appUserId, @Nullable String label, Map<String, String> before,
                     Map<String, String> after, String detail) {
    public Change {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(detail, "detail");
        before = Collections.unmodifiableMap(new LinkedHashMap<>(before));
        after = Collections.unmodifiableMap(new LinkedHashMap<>(after));
    }

    public static Change of(AuditAction action, DirectoryUserKey key, @Nullable String appUserId,
                            @Nullable String label, String detail) {
        return new Change(action, key.organizationId(), key, appUserId, label, Map.of(), Map.of(), detail);
    }

    public static Change field(AuditAction action, DirectoryUserKey key, @Nullable String appUserId,
                               @Nullable String label, String field, @Nullable String before,
                               @Nullable String after) {
        return new Change(action, key.organizationId(), key, appUserId, label, single(field, before),
                single(field, after), "");
    }

    private static Map<String, String> single(String field, @Nullable String value) {
        return value == null ? Map.of() : Map.of(field, value);
    }

    @Override
    public String toString() {
        String who = label != null ? label : key != null ? key.userId() : String.valueOf(appUserId);
        return action.code() + " " + who + (before.isEmpty() && after.isEmpty() ? "" : " " + before + " -> " + after)
                + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
