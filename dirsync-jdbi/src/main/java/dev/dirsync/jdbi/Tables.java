package dev.dirsync.jdbi;

import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.regex.Pattern;

/** Qualified names of dirsync's tables for one table prefix and optional schema. */
final class Tables {
    /** Longest prefix that keeps every table and index name within PostgreSQL's and MySQL's 63-character limit. */
    static final int MAX_PREFIX_LENGTH = 24;
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_]*");
    private static final Pattern SCHEMA = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Every table, in creation order; the schema-version table comes on top. */
    static final List<String> ALL = List.of("organizations", "connections", "mirror_users", "mirror_groups",
            "mirror_memberships", "event_ledger", "projections", "previews", "audit_log", "checkpoints",
            "scim_credentials", "jobs", "scheduled_tasks", "access_history", "access_workspaces", "drift", "inbox");

    final String prefix;
    final @Nullable String schema;
    final String organizations;
    final String connections;
    final String mirrorUsers;
    final String mirrorGroups;
    final String mirrorMemberships;
    final String eventLedger;
    final String projections;
    final String previews;
    final String auditLog;
    final String checkpoints;
    final String scimCredentials;
    final String jobs;
    /** db-scheduler's table: the queue of task executions it claims, heartbeats and hands over. */
    final String scheduledTasks;
    final String drift;
    final String accessHistory;
    final String accessWorkspaces;
    /** The WorkOS webhook inbox: deliveries stored before they are applied (intake mode 'inbox'). */
    final String inbox;
    final String schemaVersion;

    Tables(String prefix, @Nullable String schema) {
        if (!PREFIX.matcher(prefix).matches() || prefix.length() > MAX_PREFIX_LENGTH) {
            throw new IllegalArgumentException("table prefix '" + prefix + "' must be at most " + MAX_PREFIX_LENGTH
                    + " letters, digits or underscores (it becomes part of SQL identifiers), e.g. 'dirsync_'");
        }
        if (schema != null && !SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema '" + schema + "' must be a plain SQL identifier (letters, "
                    + "digits, underscores; not starting with a digit), or null for the connection's default schema");
        }
        this.prefix = prefix.toLowerCase(java.util.Locale.ROOT);
        this.schema = schema;
        organizations = table("organizations");
        connections = table("connections");
        mirrorUsers = table("mirror_users");
        mirrorGroups = table("mirror_groups");
        mirrorMemberships = table("mirror_memberships");
        eventLedger = table("event_ledger");
        projections = table("projections");
        previews = table("previews");
        auditLog = table("audit_log");
        checkpoints = table("checkpoints");
        scimCredentials = table("scim_credentials");
        jobs = table("jobs");
        scheduledTasks = table("scheduled_tasks");
        drift = table("drift");
        accessHistory = table("access_history");
        accessWorkspaces = table("access_workspaces");
        inbox = table("inbox");
        schemaVersion = table("schema_version");
    }

    /** The table's name as SQL refers to it: schema-qualified if a schema was given. */
    String table(String name) {
        return (schema == null ? "" : schema + ".") + prefix + name;
    }

    /** Replaces the DDL placeholders: {@code ${s}} the schema qualifier, {@code ${p}} the table prefix. */
    String render(String ddl) {
        return ddl.replace("${s}", schema == null ? "" : schema + ".").replace("${p}", prefix);
    }
}
