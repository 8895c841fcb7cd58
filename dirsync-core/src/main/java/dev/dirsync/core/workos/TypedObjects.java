package dev.dirsync.core.workos;

import com.workos.models.DirectoryGroup;
import com.workos.models.DirectoryUserEmail;
import com.workos.models.DirectoryUserWithGroups;
import com.workos.models.SlimRole;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * workos-java's typed list results as the same plain JSON values webhooks carry, so one mapping
 * ({@link WorkosObjects}) serves webhooks, the Events API and directory listings alike.
 */
final class TypedObjects {
    private TypedObjects() {
    }

    static Map<String, Object> user(DirectoryUserWithGroups u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("object", "directory_user");
        m.put("id", u.getId());
        m.put("directory_id", u.getDirectoryId());
        m.put("organization_id", u.getOrganizationId());
        m.put("idp_id", u.getIdpId());
        m.put("email", u.getEmail());
        m.put("first_name", u.getFirstName());
        m.put("last_name", u.getLastName());
        m.put("name", u.getName());
        m.put("username", u.getUsername());
        m.put("job_title", u.getJobTitle());
        m.put("state", u.getState() == null ? null : u.getState().getValue());
        List<Map<String, Object>> emails = new ArrayList<>();
        if (u.getEmails() != null) {
            for (DirectoryUserEmail e : u.getEmails()) {
                Map<String, Object> em = new LinkedHashMap<>();
                em.put("value", e.getValue());
                em.put("type", e.getType());
                em.put("primary", e.getPrimary());
                emails.add(em);
            }
        }
        m.put("emails", emails);
        if (u.getRole() != null) {
            m.put("role", Map.of("slug", u.getRole().getSlug()));
        }
        List<Map<String, Object>> roles = new ArrayList<>();
        if (u.getRoles() != null) {
            for (SlimRole r : u.getRoles()) {
                roles.add(Map.of("slug", r.getSlug()));
            }
        }
        m.put("roles", roles);
        m.put("custom_attributes", u.getCustomAttributes() == null ? Map.of() : u.getCustomAttributes());
        m.put("raw_attributes", u.getRawAttributes() == null ? Map.of() : u.getRawAttributes());
        m.put("updated_at", u.getUpdatedAt() == null ? null : u.getUpdatedAt().toString());
        return m;
    }

    static Map<String, Object> group(DirectoryGroup g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("object", "directory_group");
        m.put("id", g.getId());
        m.put("directory_id", g.getDirectoryId());
        m.put("organization_id", g.getOrganizationId());
        m.put("idp_id", g.getIdpId());
        m.put("name", g.getName());
        m.put("raw_attributes", g.getRawAttributes() == null ? Map.of() : g.getRawAttributes());
        m.put("updated_at", g.getUpdatedAt() == null ? null : g.getUpdatedAt().toString());
        return m;
    }
}
