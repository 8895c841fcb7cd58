package dev.dirsync.core.policy;

import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.OrganizationSettings;
import org.jspecify.annotations.Nullable;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns directory attributes into host metadata by the organization's attribute mapping
 * (directory attribute name → host metadata key). Standard names: title, department, employeeNumber,
 * manager, costCenter, division, organization, locale, timezone, userName, idpId. Any other name is looked
 * up in the custom attributes, then the raw attributes (dotted paths descend into objects).
 */
public final class AttributeMapper {
    private AttributeMapper() {
    }

    /**
     * Maps by the organization's attribute mappings, leaving out what its sensitive list names and, when it detects
     * sensitive values, values shaped like secrets: a mirror row stored before the list changed maps nothing listed.
     */
    public static Map<String, String> map(DirectoryUser user, OrganizationSettings settings) {
        SensitiveAttributeFilter.SensitiveNames names = SensitiveAttributeFilter.SensitiveNames.of(
                settings.sensitiveAttributes());
        Map<String, String> allowed = new LinkedHashMap<>();
        settings.attributeMappings().forEach((source, hostKey) -> {
            if (SensitiveAttributeFilter.mayMap(source, names)) {
                allowed.put(source, hostKey);
            }
        });
        Map<String, String> out = map(user, allowed);
        if (settings.detectSensitiveValues()) {
            out.values().removeIf(SensitiveAttributeFilter::looksSensitive);
        }
        return out;
    }

    public static Map<String, String> map(DirectoryUser user, Map<String, String> mappings) {
        Map<String, String> out = new TreeMap<>();
        mappings.forEach((source, hostKey) -> {
            String v = valueOf(user, source);
            if (v != null && !v.isEmpty()) {
                out.put(hostKey, v);
            }
        });
        return new LinkedHashMap<>(out);
    }

    static @Nullable String valueOf(DirectoryUser u, String source) {
        String std = switch (source) {
            case "title" -> u.title();
            case "department" -> u.department();
            case "employeeNumber" -> u.employeeNumber();
            case "manager", "managerId" -> u.managerId();
            case "costCenter" -> u.costCenter();
            case "division" -> u.division();
            case "organization" -> u.organization();
            case "locale" -> u.locale();
            case "timezone" -> u.timezone();
            case "userName" -> u.userName();
            case "idpId" -> u.idpId();
            default -> null;
        };
        if (std != null || isStandard(source)) {
            return std;
        }
        Object v = lookup(u.customAttributes(), source);
        if (v == null) {
            v = lookup(u.rawAttributes(), source);
        }
        return v == null ? null : String.valueOf(v);
    }

    private static boolean isStandard(String s) {
        return switch (s) {
            case "title", "department", "employeeNumber", "manager", "managerId", "costCenter", "division",
                 "organization", "locale", "timezone", "userName", "idpId" -> true;
            default -> false;
        };
    }

    private static @Nullable Object lookup(Map<String, Object> map, String path) {
        if (map.containsKey(path)) {
            Object v = map.get(path);
            return v instanceof Map || v instanceof java.util.List ? null : v;
        }
        int dot = path.indexOf('.');
        if (dot > 0 && map.get(path.substring(0, dot)) instanceof Map<?, ?> inner) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) inner;
            return lookup(m, path.substring(dot + 1));
        }
        return null;
    }
}
