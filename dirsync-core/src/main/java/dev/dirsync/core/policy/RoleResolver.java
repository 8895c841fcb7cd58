package dev.dirsync.core.policy;

import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.OrganizationSettings;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A user's role: the highest (by the organization's precedence) among the roles of the mapped groups the
 * user is in and, if the organization says so, the roles the IdP assigns; else the default role.
 */
public final class RoleResolver {
    private RoleResolver() {
    }

    public static String resolve(OrganizationSettings settings, Collection<GroupMapping> mappingsOfUserGroups,
                                 List<String> idpRoles) {
        List<String> candidates = new ArrayList<>();
        switch (settings.roleSource()) {
            case GROUP_MAPPINGS -> addMapped(candidates, mappingsOfUserGroups);
            case IDP_ROLES -> addKnown(candidates, settings, idpRoles);
            case BOTH -> {
                addMapped(candidates, mappingsOfUserGroups);
                addKnown(candidates, settings, idpRoles);
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

    // IdP role slugs not in the precedence list are ignored: dirsync never invents roles the host lacks
    private static void addKnown(List<String> out, OrganizationSettings settings, List<String> idpRoles) {
        for (String r : idpRoles) {
            if (settings.rolePrecedence().contains(r)) {
                out.add(r);
            }
        }
    }
}
