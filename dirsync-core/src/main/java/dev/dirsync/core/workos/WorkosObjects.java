package dev.dirsync.core.workos;

import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.Email;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps WorkOS Directory User and Directory Group objects (as plain JSON values) to dirsync's model.
 *
 * <p>WorkOS normalizes most IdP differences itself; what is left are shape changes of WorkOS's own
 * objects over time, each handled in a method named after it:
 * <ul>
 *   <li>{@link #legacyTopLevelOrCustom}: until April 2026 {@code emails}, {@code username} and
 *       {@code job_title} were top-level fields and {@code raw_attributes} carried the IdP's payload; now
 *       the top-level fields are null (or {@code []}), {@code raw_attributes} is {@code {}} and the values
 *       arrive in {@code custom_attributes} (under the same names when the predefined attributes are on).</li>
 *   <li>{@link #stateMeansActive}: {@code state} is {@code active}, {@code inactive} or (older payloads)
 *       {@code suspended}; only {@code active} is active.</li>
 *   <li>{@link #roleSlugs}: a single {@code role} object (older) and/or a {@code roles} array (newer).</li>
 * </ul>
 */
final class WorkosObjects {
    private WorkosObjects() {
    }

    /** Reads a Directory User object; {@code id} and {@code directory_id} are required. */
    static DirectoryUser user(Map<String, Object> u) {
        String id = required(u, "id", "directory user");
        String directoryId = required(u, "directory_id", "directory user " + id);
        Map<String, Object> custom = orEmpty(Json.obj(u, "custom_attributes"));
        Map<String, Object> raw = orEmpty(Json.obj(u, "raw_attributes"));
        return DirectoryUser.builder(id, directoryId)
                .idpId(Json.str(u, "idp_id"))
                .userName(legacyTopLevelOrCustom(u, custom, "username"))
                .emails(emails(u, custom))
                .givenName(Json.str(u, "first_name"))
                .familyName(Json.str(u, "last_name"))
                .formattedName(firstNonNull(Json.str(u, "name"), Json.str(custom, "display_name")))
                .active(stateMeansActive(Json.str(u, "state")))
                .title(legacyTopLevelOrCustom(u, custom, "job_title"))
                .department(firstNonNull(Json.str(custom, "department_name"), Json.str(custom, "department")))
                .employeeNumber(Json.str(custom, "employee_number"))
                .locale(Json.str(custom, "locale"))
                .timezone(Json.str(custom, "timezone"))
                .managerId(Json.str(custom, "manager_id"))
                .costCenter(firstNonNull(Json.str(custom, "cost_center_name"), Json.str(custom, "cost_center")))
                .division(firstNonNull(Json.str(custom, "division_name"), Json.str(custom, "division")))
                .organization(Json.str(custom, "organization"))
                .idpRoles(roleSlugs(u))
                .customAttributes(custom)
                .rawAttributes(raw)
                .build();
    }

    /** Reads a Directory Group object; {@code id} and {@code directory_id} are required. */
    static DirectoryGroup group(Map<String, Object> g) {
        String id = required(g, "id", "directory group");
        String directoryId = required(g, "directory_id", "directory group " + id);
        String name = Json.str(g, "name");
        return new DirectoryGroup(id, directoryId, Json.str(g, "idp_id"), name == null ? id : name,
                orEmpty(Json.obj(g, "raw_attributes")));
    }

    /** The older top-level field when it has a value, else the same name in custom attributes. */
    static @Nullable String legacyTopLevelOrCustom(Map<String, Object> u, Map<String, Object> custom, String name) {
        return firstNonNull(Json.str(u, name), Json.str(custom, name));
    }

    static boolean stateMeansActive(@Nullable String state) {
        // a missing state means WorkOS did not say otherwise; every non-active state offboards
        return state == null || state.toLowerCase(Locale.ROOT).equals("active");
    }

    static List<String> roleSlugs(Map<String, Object> u) {
        Set<String> slugs = new LinkedHashSet<>();
        String single = Json.str(Json.obj(u, "role"), "slug");
        if (single != null) {
            slugs.add(single);
        }
        for (Object r : Json.list(u, "roles")) {
            if (r instanceof Map<?, ?> m && m.get("slug") != null) {
                slugs.add(m.get("slug").toString());
            }
        }
        return List.copyOf(slugs);
    }

    /**
     * Emails: the older top-level {@code emails} list, else {@code custom_attributes.emails}, else the
     * top-level {@code email}. The top-level {@code email} is WorkOS's chosen primary and is marked so.
     */
    static List<Email> emails(Map<String, Object> u, Map<String, Object> custom) {
        List<?> listed = Json.list(u, "emails");
        if (listed.isEmpty()) {
            listed = Json.list(custom, "emails");
        }
        String primary = Json.str(u, "email");
        List<Email> out = new ArrayList<>();
        boolean sawPrimary = false;
        for (Object o : listed) {
            if (!(o instanceof Map<?, ?> m) || m.get("value") == null || m.get("value").toString().isBlank()) {
                continue;
            }
            String value = m.get("value").toString();
            boolean isPrimary = primary != null ? value.equalsIgnoreCase(primary) : Boolean.TRUE.equals(m.get("primary"));
            sawPrimary |= isPrimary;
            out.add(new Email(value, m.get("type") == null ? null : m.get("type").toString(), isPrimary));
        }
        if (primary != null && !sawPrimary) {
            out.add(0, Email.primary(primary));
        }
        return out;
    }

    private static String required(Map<String, Object> m, String key, String what) {
        String v = Json.str(m, key);
        if (v == null) {
            throw new IllegalArgumentException(what + " has no '" + key + "'");
        }
        return v;
    }

    private static Map<String, Object> orEmpty(@Nullable Map<String, Object> m) {
        return m == null ? Map.of() : m;
    }

    private static @Nullable String firstNonNull(@Nullable String a, @Nullable String b) {
        return a != null ? a : b;
    }
}
