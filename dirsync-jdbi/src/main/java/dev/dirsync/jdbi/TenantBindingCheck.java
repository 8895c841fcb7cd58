package dev.dirsync.jdbi;

import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Schema version 4's check, run before its script: a database where one WorkOS organization is linked to several
 * organizations, or one WorkOS directory is connected to several (possible before version 4, and how one tenant
 * could receive another's directory), cannot get the unique indexes. Rather than let the index creation fail with
 * a driver message, or pick a winner silently, the upgrade stops and names each conflict and how to fix it;
 * nothing is changed until the operator decides.
 */
final class TenantBindingCheck {
    /** Conflicts named in the message; the rest are counted. */
    static final int MAX_LISTED = 20;

    private TenantBindingCheck() {
    }

    /** @throws Refused naming every WorkOS organization and directory bound to more than one organization */
    static void run(Handle h, Dialect dialect, Tables t) {
        Map<String, List<String>> organizations = duplicates(h, "SELECT workos_organization_id, id FROM "
                + t.organizations + " WHERE workos_organization_id IN (SELECT workos_organization_id FROM "
                + t.organizations + " WHERE workos_organization_id IS NOT NULL GROUP BY workos_organization_id "
                + "HAVING COUNT(*) > 1) ORDER BY workos_organization_id, created_at, id");
        Map<String, List<String>> directories = duplicates(h, "SELECT directory_id, organization_id FROM "
                + t.connections + " WHERE kind = 'WORKOS' AND directory_id IN (SELECT directory_id FROM "
                + t.connections + " WHERE kind = 'WORKOS' GROUP BY directory_id HAVING COUNT(*) > 1) "
                + "ORDER BY directory_id, created_at, organization_id");
        if (organizations.isEmpty() && directories.isEmpty()) {
            return;
        }
        List<String> lines = new ArrayList<>();
        organizations.forEach((w, orgs) -> lines.add("WorkOS organization " + w + " is linked to organizations "
                + quoted(orgs) + " (oldest first)"));
        directories.forEach((d, orgs) -> lines.add("WorkOS directory " + d + " is connected to organizations "
                + quoted(orgs) + " (oldest first)"));
        StringBuilder m = new StringBuilder("dirsync schema version 4 makes a WorkOS organization and a WorkOS "
                + "directory belong to one organization each, but tables with prefix '" + t.prefix + "' bind "
                + lines.size() + " of them to several organizations, so one tenant may have received another "
                + "tenant's directory:");
        lines.stream().limit(MAX_LISTED).forEach(l -> m.append("\n - ").append(l));
        if (lines.size() > MAX_LISTED) {
            m.append("\n - and ").append(lines.size() - MAX_LISTED).append(" more (query ").append(t.organizations)
                    .append(" and ").append(t.connections).append(" grouped by WorkOS id)");
        }
        m.append("\nKeep each binding on the organization that really owns it (in the WorkOS Dashboard, the WorkOS "
                + "organization's external id and the directory's organization say which; it is usually the oldest) "
                + "and remove it from the others, e.g.\n  UPDATE ").append(t.organizations)
                .append(" SET workos_organization_id = NULL WHERE id = '<other organization>';\n  DELETE FROM ")
                .append(t.connections).append(" WHERE organization_id = '<other organization>' AND directory_id = "
                        + "'<directory>';\nthen review what those organizations received (their audit log and mirror) "
                        + "and start the application again. Nothing was changed.");
        throw new Refused(m.toString());
    }

    private static Map<String, List<String>> duplicates(Handle h, String sql) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        h.createQuery(sql).map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return out;
    }

    private static String quoted(List<String> ids) {
        return String.join(", ", ids.stream().map(i -> "'" + i + "'").toList());
    }

    /** The database must be fixed by its operator before this version can be applied. */
    static final class Refused extends DirsyncStorageException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }
}
