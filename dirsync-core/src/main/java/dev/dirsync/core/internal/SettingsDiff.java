package dev.dirsync.core.internal;

import dev.dirsync.core.model.OrganizationSettings;

import java.util.Map;
import java.util.Objects;

/** Describes a settings change field by field for the audit log. */
final class SettingsDiff {
    private SettingsDiff() {
    }

    static void describe(OrganizationSettings a, OrganizationSettings b, Map<String, String> before,
                         Map<String, String> after) {
        put("deactivationPolicy", a.deactivationPolicy(), b.deactivationPolicy(), before, after);
        put("gracePeriod", a.gracePeriod(), b.gracePeriod(), before, after);
        put("soleAdminPolicy", a.soleAdminPolicy(), b.soleAdminPolicy(), before, after);
        put("defaultRole", a.defaultRole(), b.defaultRole(), before, after);
        put("rolePrecedence", a.rolePrecedence(), b.rolePrecedence(), before, after);
        put("adminRole", a.adminRole(), b.adminRole(), before, after);
        put("roleSource", a.roleSource(), b.roleSource(), before, after);
        put("attributeMappings", a.attributeMappings(), b.attributeMappings(), before, after);
        put("sensitiveAttributes", a.sensitiveAttributes(), b.sensitiveAttributes(), before, after);
        put("detectSensitiveValues", a.detectSensitiveValues(), b.detectSensitiveValues(), before, after);
        put("deactivateWhenDirectoryDeleted", a.deactivateWhenDirectoryDeleted(), b.deactivateWhenDirectoryDeleted(),
                before, after);
        put("dailySummary", a.dailySummary(), b.dailySummary(), before, after);
        put("driftPolicy", a.driftPolicy(), b.driftPolicy(), before, after);
        for (String g : union(a.groupMappings(), b.groupMappings())) {
            put("groupMapping." + g, describe(a.groupMappings().get(g)), describe(b.groupMappings().get(g)), before, after);
        }
    }

    private static java.util.Set<String> union(Map<String, ?> a, Map<String, ?> b) {
        java.util.Set<String> s = new java.util.TreeSet<>(a.keySet());
        s.addAll(b.keySet());
        return s;
    }

    private static String describe(dev.dirsync.core.model.@org.jspecify.annotations.Nullable GroupMapping m) {
        if (m == null) {
            return "none";
        }
        return "role=" + (m.role() == null ? "none" : m.role()) + " workspaces=" + m.workspaces();
    }

    private static void put(String field, Object a, Object b, Map<String, String> before, Map<String, String> after) {
        if (!Objects.equals(a, b)) {
            before.put(field, String.valueOf(a));
            after.put(field, String.valueOf(b));
        }
    }
}
