package dev.dirsync.core.audit;

import java.util.Locale;

/** What an audit entry records; {@link #code()} is the stable snake_case name shown and queried. */
public enum AuditAction {
    USER_PROVISIONED,
    USER_LINKED,
    USER_UPDATED,
    USER_DEACTIVATED,
    USER_MADE_READ_ONLY,
    USER_REACTIVATED,
    USER_PURGED,
    ROLE_CHANGED,
    WORKSPACE_ADDED,
    WORKSPACE_REMOVED,
    DEACTIVATION_BLOCKED,
    ROLE_CHANGE_BLOCKED,
    ADMIN_AUTO_PROMOTED,
    ATTRIBUTE_FILTERED,
    SETTINGS_CHANGED,
    MODE_CHANGED,
    DIRECTORY_ACTIVATED,
    DIRECTORY_DELETED,
    SCIM_CREDENTIAL_ISSUED,
    SCIM_CREDENTIAL_REVOKED,
    WORKOS_ORGANIZATION_LINKED,
    /** A difference between the app and the directory (a role raised in the app) restored from the directory. */
    DRIFT_CORRECTED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AuditAction fromCode(String code) {
        try {
            return valueOf(code.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown audit action '" + code + "'; known: "
                    + java.util.Arrays.stream(values()).map(AuditAction::code).toList(), e);
        }
    }
}
