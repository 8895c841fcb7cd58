package dev.dirsync.core.policy;

import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.OrganizationSettings;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A user's role: the highest (by the organization's precedence) among the roles of the mapped groups the
 * user is in and, if the organization says so, the roles the IdP assigns; else the default role.
 */
public final class RoleResolver {
    private RoleResolver() {
    }

    public static String resolve(OrganizationSettings settings, Collection<GroupMapping> mappingsOfUserGroups,
                                 List<String> idpRoles) {
        return resolve(settings, mappingsOfUserGroups, idpRoles, r -> true);
    }

    /**
     * @param hostHasRole whether the host declares a role (its {@code HostCatalog}): an IdP role slug it does not
     *        is ignored like one outside the precedence list. Mapped roles are not asked: settings naming them were
     *        checked against the catalog when they changed.
     */
    public static String resolve(OrganizationSettings settings, Collection<GroupMapping> mappingsOfUserGroups,
                                 List<String> idpRoles, Predicate<String> hostHasRole) {
        List<String> candidates = new ArrayList<>();
        switch (settings.roleSource()) {
            case GROUP_MAPPINGS -> addMapped(candidates, mappingsOfUserGroups);
            case IDP_ROLES -> addKnown(candidates, settings, idpRoles, hostHasRole);
            case BOTH -> {
                addMapped(candidates, mappingsOfUserGroups);
                addKnown(candidates, settings, idpRoles, hostHasRole);
            }
        }
        Optional<String> highest = candidates.stream().min(Comparator.comparingInt(settings::rank));
        return highest.orElse(settings.defaultRole());
    }

    private static void addMapped(List<String> out, Collection<GroupMapping> mappings) {
        for (GroupMapping m : mappings) {
            if (m.role() != null) {
                out.add(m.role());
            }
        }
    }

    // IdP role slugs not in the precedence list, or not in the host's catalog, are ignored: dirsync never invents
    // roles the host lacks (the precedence list is checked against the catalog only when it changes, and the default
    // one names "owner", so the catalog is asked here too)
    private static void addKnown(List<String> out, OrganizationSettings settings, List<String> idpRoles,
                                 Predicate<String> hostHasRole) {
        for (String r : idpRoles) {
            if (settings.rolePrecedence().contains(r) && hostHasRole.test(r)) {
                out.add(r);
            }
        }
    }
}
