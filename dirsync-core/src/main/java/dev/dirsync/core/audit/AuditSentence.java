package dev.dirsync.core.audit;

import dev.dirsync.core.outcome.Change;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Audit entries and changes as sentences people read ("Role changed for Frances Founder: admin → member, via
 * Okta"): one wording for the admin UI's audit log, a person's history, the test-mode review and the daily summary
 * sent through the {@code Notifier}. Pure functions of plain values.
 */
public final class AuditSentence {
    private AuditSentence() {
    }

    /** What an action is called where people choose it (the audit log's filter). */
    public static String label(AuditAction a) {
        return switch (a) {
            case USER_PROVISIONED -> "Person added";
            case USER_LINKED -> "Existing account linked";
            case USER_UPDATED -> "Profile updated";
            case USER_DEACTIVATED -> "Person deactivated";
            case USER_MADE_READ_ONLY -> "Made read-only";
            case USER_REACTIVATED -> "Person reactivated";
            case USER_PURGED -> "Account deleted after grace period";
            case ROLE_CHANGED -> "Role changed";
            case WORKSPACE_ADDED -> "Joined a workspace";
            case WORKSPACE_REMOVED -> "Left a workspace";
            case DEACTIVATION_BLOCKED -> "Deactivation refused (last admin)";
            case ROLE_CHANGE_BLOCKED -> "Role change refused (last admin)";
            case ADMIN_AUTO_PROMOTED -> "Admin promoted automatically";
            case ATTRIBUTE_FILTERED -> "Sensitive attribute dropped";
            case SETTINGS_CHANGED -> "Policies changed";
            case MODE_CHANGED -> "Sync mode changed";
            case DIRECTORY_ACTIVATED -> "Directory connected";
            case DIRECTORY_DELETED -> "Directory removed";
            case SCIM_CREDENTIAL_ISSUED -> "SCIM token created";
            case SCIM_CREDENTIAL_REVOKED -> "SCIM token revoked";
            case WORKOS_ORGANIZATION_LINKED -> "WorkOS organization linked";
            case DRIFT_CORRECTED -> "Restored from directory";
        };
    }

    /**
     * The entry as one sentence with its source.
     *
     * @param person the target's name as people know it, or null to use the entry's label (email)
     */
    public static String of(AuditEntry e, @Nullable String person) {
        String who = person != null ? person : e.targetLabel() != null ? e.targetLabel()
                : e.targetDirectoryUserId() != null ? e.targetDirectoryUserId() : "someone";
        return describe(e.action(), who, e.before(), e.after(), e.detail()) + ", " + source(e.actor());
    }

    /** A change as a sentence without its source (a preview has none yet). */
    public static String of(Change c) {
        String who = c.label() != null ? c.label() : c.key() != null ? c.key().userId() : String.valueOf(c.appUserId());
        return describe(c.action(), who, c.before(), c.after(), c.detail());
    }

    /**
     * A change not applied yet (test mode's pending changes, a mapping's preview) as what <em>would</em> happen:
     * "Frances would become member (now admin)". Actions a preview never holds read as {@link #of(Change)}.
     */
    public static String proposed(Change c) {
        String who = c.label() != null ? c.label() : c.key() != null ? c.key().userId() : String.valueOf(c.appUserId());
        Map<String, String> before = c.before();
        Map<String, String> after = c.after();
        return switch (c.action()) {
            case USER_PROVISIONED -> who + " would be added" + (after.containsKey("role") ? " as " + after.get("role") : "")
                    + (after.getOrDefault("workspaces", "").isEmpty() ? "" : " to "
                    + after.get("workspaces").replace(",", ", "));
            case USER_LINKED -> who + " would be linked to their existing account" + note(c.detail());
            case USER_UPDATED -> "Profile of " + who + " would be updated: " + fields(before, after);
            case USER_DEACTIVATED -> who + " would be deactivated" + note(c.detail());
            case USER_MADE_READ_ONLY -> who + " would be made read-only" + note(c.detail());
            case USER_REACTIVATED -> who + " would be reactivated";
            case USER_PURGED -> who + "'s account would be deleted" + note(c.detail());
            case ROLE_CHANGED -> "Role of " + who + " would change: " + arrow(before.get("role"), after.get("role"));
            case WORKSPACE_ADDED -> who + " would join " + after.getOrDefault("workspace", "a workspace");
            case WORKSPACE_REMOVED -> who + " would leave " + before.getOrDefault("workspace", "a workspace");
            case DEACTIVATION_BLOCKED -> "Deactivation of " + who + " would be refused" + note(c.detail());
            case ROLE_CHANGE_BLOCKED -> "Role change for " + who + " would be refused" + note(c.detail());
            case ADMIN_AUTO_PROMOTED -> who + " would be made " + after.getOrDefault("role", "admin")
                    + " automatically so the organization keeps an admin";
            default -> of(c);
        };
    }

    /** "via Okta" for a directory, "by alice@acme.test" for an admin, "by dirsync" for dirsync itself. */
    public static String source(String actor) {
        int via = actor.lastIndexOf(" via ");
        if (via < 0) {
            return "by " + actor;
        }
        String who = actor.substring(0, via);
        String channel = actor.substring(via + 5);
        return channel.equals("the admin console") ? "by " + who : "via " + who;
    }

    /** What happened to {@code who}, without the source. */
    public static String describe(AuditAction a, String who, Map<String, String> before, Map<String, String> after,
                                  String detail) {
        return switch (a) {
            case USER_PROVISIONED -> who + " was added" + (after.containsKey("role") ? " as " + after.get("role") : "")
                    + (after.getOrDefault("workspaces", "").isEmpty() ? "" : " to " + after.get("workspaces").replace(",", ", "));
            case USER_LINKED -> who + " was linked to their existing account" + note(detail);
            case USER_UPDATED -> "Profile updated for " + who + ": " + fields(before, after);
            case USER_DEACTIVATED -> who + " was deactivated" + note(detail);
            case USER_MADE_READ_ONLY -> who + " was made read-only" + note(detail);
            case USER_REACTIVATED -> who + " was reactivated";
            case USER_PURGED -> who + "'s account was deleted (" + (detail.isEmpty() ? "grace period ended" : detail) + ")";
            case ROLE_CHANGED -> "Role changed for " + who + ": " + arrow(before.get("role"), after.get("role"));
            case WORKSPACE_ADDED -> who + " joined " + after.getOrDefault("workspace", "a workspace");
            case WORKSPACE_REMOVED -> who + " left " + before.getOrDefault("workspace", "a workspace");
            case DEACTIVATION_BLOCKED -> "Deactivation of " + who + " was refused" + note(detail);
            case ROLE_CHANGE_BLOCKED -> "Role change for " + who + " was refused" + note(detail);
            case ADMIN_AUTO_PROMOTED -> who + " was made " + after.getOrDefault("role", "admin")
                    + " automatically so the organization keeps an admin";
            case ATTRIBUTE_FILTERED -> "A sensitive attribute of " + who + " was not stored" + note(detail);
            case SETTINGS_CHANGED -> "Policies changed: " + fields(before, after);
            case MODE_CHANGED -> "Sync mode changed: " + arrow(before.get("mode"), after.get("mode"));
            case DIRECTORY_ACTIVATED -> (detail.isEmpty() ? "Directory connected" : capital(detail))
                    + (after.containsKey("directory") ? " (" + after.get("directory") + ")" : "");
            case DIRECTORY_DELETED -> "Directory " + before.getOrDefault("directory", "") + " removed" + note(detail);
            case SCIM_CREDENTIAL_ISSUED -> "SCIM token …" + after.getOrDefault("suffix", "") + " created for "
                    + after.getOrDefault("provider", "a SCIM client");
            case SCIM_CREDENTIAL_REVOKED -> "SCIM token " + before.getOrDefault("credential", "") + " revoked";
            case DRIFT_CORRECTED -> "Restored " + who + " from the directory: " + fields(before, after) + note(detail);
            case WORKOS_ORGANIZATION_LINKED -> "WorkOS organization linked" + (after.isEmpty() ? "" : ": "
                    + String.join(", ", after.values()));
        };
    }

    private static String note(String detail) {
        return detail.isEmpty() ? "" : " (" + detail + ")";
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String arrow(@Nullable String before, @Nullable String after) {
        return (before == null || before.isEmpty() ? "none" : before) + " → " + (after == null || after.isEmpty()
                ? "none" : after);
    }

    /** "title Engineer → Staff Engineer; department none → Platform". */
    private static String fields(Map<String, String> before, Map<String, String> after) {
        Set<String> keys = new LinkedHashSet<>(before.keySet());
        keys.addAll(after.keySet());
        List<String> parts = new ArrayList<>();
        for (String k : keys) {
            parts.add(k + " " + arrow(before.get(k), after.get(k)));
        }
        return parts.isEmpty() ? "no visible change" : String.join("; ", parts);
    }
}
