package dev.dirsync.core.internal;

import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.Identity;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.model.Projection;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.policy.AttributeMapper;
import dev.dirsync.core.policy.DeactivationRule;
import dev.dirsync.core.policy.RoleResolver;
import dev.dirsync.core.policy.WorkspaceResolver;
import dev.dirsync.core.state.AppliedProjection;
import dev.dirsync.core.state.MirrorUser;
import dev.dirsync.core.state.StateTransaction;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/** Computes the desired state of a host user from the mirror and the organization's settings. Pure. */
public final class Projector {
    private Projector() {
    }

    /**
     * @param liveGroupIds ids of the groups the user is in, deleted groups excluded
     * @param applied what was last applied, or null; an offboarded user keeps its last role and workspaces
     */
    public static Projection desired(OrganizationSettings settings, MirrorUser mirrorUser, List<String> liveGroupIds,
                                     @Nullable AppliedProjection applied) {
        return desired(settings, mirrorUser, liveGroupIds, applied, r -> true);
    }

    /** @param hostHasRole whether the host declares a role an IdP assigns (see {@link RoleResolver}) */
    public static Projection desired(OrganizationSettings settings, MirrorUser mirrorUser, List<String> liveGroupIds,
                                     @Nullable AppliedProjection applied,
                                     java.util.function.Predicate<String> hostHasRole) {
        DirectoryUser u = mirrorUser.user();
        boolean offboarded = mirrorUser.deleted() || !u.active();
        List<GroupMapping> mappings = new ArrayList<>();
        for (String g : liveGroupIds) {
            GroupMapping m = settings.groupMappings().get(g);
            if (m != null) {
                mappings.add(m);
            }
        }
        String role = RoleResolver.resolve(settings, mappings, u.idpRoles(), hostHasRole);
        if (applied != null && applied.promotedAdmin() && settings.rank(settings.adminRole()) < settings.rank(role)) {
            role = settings.adminRole(); // an auto-promoted admin keeps the role the guard gave it
        }
        SortedSet<String> workspaces = WorkspaceResolver.resolve(mappings);
        UserStatus status = offboarded ? DeactivationRule.offboardedStatus(settings.deactivationPolicy()) : UserStatus.ACTIVE;
        Identity identity = new Identity(u.primaryEmail().orElse(null), u.userName(), u.givenName(), u.familyName(),
                u.displayName());
        Map<String, String> metadata = AttributeMapper.map(u, settings);
        Projection p = new Projection(mirrorUser.key(), identity, status, role, workspaces, metadata);
        if (offboarded && applied != null) {
            // access is frozen while offboarded: only status and identity follow the directory
            p = p.withRole(applied.projection().role()).withWorkspaces(applied.projection().workspaces());
        }
        return p;
    }

    /** Group ids of the user that are not deleted in the mirror (unknown groups count as live). */
    static List<String> liveGroupIds(StateTransaction tx, dev.dirsync.core.model.DirectoryUserKey key) {
        return tx.mirror().liveGroupIdsOfUser(key);
    }
}
