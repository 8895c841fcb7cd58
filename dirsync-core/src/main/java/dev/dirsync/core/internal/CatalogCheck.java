package dev.dirsync.core.internal;

import dev.dirsync.core.CatalogViolation;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.spi.HostCatalog;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Refuses a settings change that names a role or workspace outside the host's catalog. Only what the change sets
 * is checked (a field it changes; a group mapping it adds or alters, whole), so a catalog added or shrunk later never
 * blocks an unrelated change such as pausing. The catalog is asked only when a checked field changed.
 */
final class CatalogCheck {
    private final HostCatalog catalog;
    private final String organizationId;
    private @Nullable List<String> roles;
    private @Nullable List<String> workspaces;

    private CatalogCheck(HostCatalog catalog, String organizationId) {
        this.catalog = catalog;
        this.organizationId = organizationId;
    }

    /** @throws CatalogViolation for the first field of {@code next} that names something outside the catalog */
    static void check(@Nullable HostCatalog catalog, String organizationId, OrganizationSettings prev,
                      OrganizationSettings next) {
        if (catalog != null) {
            new CatalogCheck(catalog, organizationId).run(prev, next);
        }
    }

    private void run(OrganizationSettings prev, OrganizationSettings next) {
        if (!prev.defaultRole().equals(next.defaultRole())) {
            roles("defaultRole", null, List.of(next.defaultRole()));
        }
        if (!prev.adminRole().equals(next.adminRole())) {
            roles("adminRole", null, List.of(next.adminRole()));
        }
        if (!prev.rolePrecedence().equals(next.rolePrecedence())) {
            roles("rolePrecedence", null, next.rolePrecedence());
        }
        for (Map.Entry<String, GroupMapping> e : next.groupMappings().entrySet()) {
            GroupMapping was = prev.groupMappings().get(e.getKey());
            GroupMapping now = e.getValue();
            if (now.equals(was)) {
                continue;
            }
            String field = "groupMappings." + e.getKey();
            if (now.role() != null) {
                roles(field + ".role", e.getKey(), List.of(now.role()));
            }
            if (!now.workspaces().isEmpty()) {
                workspaces(field + ".workspaces", e.getKey(), now.workspaces());
            }
        }
    }

    private void roles(String field, @Nullable String groupId, Collection<String> named) {
        if (roles == null) {
            roles = List.copyOf(catalog.roles(organizationId));
        }
        refuseOutside(field, groupId, CatalogViolation.Kind.ROLE, named, roles);
    }

    private void workspaces(String field, @Nullable String groupId, Collection<String> named) {
        if (workspaces == null) {
            workspaces = List.copyOf(catalog.workspaces(organizationId));
        }
        refuseOutside(field, groupId, CatalogViolation.Kind.WORKSPACE, named, workspaces);
    }

    private static void refuseOutside(String field, @Nullable String groupId, CatalogViolation.Kind kind,
                                      Collection<String> named, List<String> allowed) {
        Set<String> known = Set.copyOf(allowed);
        List<String> rejected = new ArrayList<>();
        for (String n : named) {
            if (!known.contains(n)) {
                rejected.add(n);
            }
        }
        if (!rejected.isEmpty()) {
            throw new CatalogViolation(field, groupId, kind, rejected, allowed);
        }
    }
}
