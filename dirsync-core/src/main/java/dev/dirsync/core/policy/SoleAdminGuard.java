package dev.dirsync.core.policy;

import dev.dirsync.core.model.SoleAdminPolicy;
import dev.dirsync.core.spi.AppUser;

import java.util.List;

/** Decides whether removing admin rights (deactivation or demotion) from one user may proceed. */
public final class SoleAdminGuard {
    private SoleAdminGuard() {
    }

    /** The guard's decision. */
    public sealed interface Verdict {
        /** Another active admin remains. */
        record Proceed() implements Verdict {
        }

        /** Refuse the change; the user stays admin. */
        record Block(String reason) implements Verdict {
        }

        /** Promote {@code candidate} to admin first, then proceed. */
        record PromoteThenProceed(AppUser candidate) implements Verdict {
        }
    }

    /**
     * @param targetAppUserId the admin losing admin rights
     * @param activeAdmins active admins of the organization, earliest tenure first
     * @param activeUsers active users of the organization, earliest tenure first
     */
    public static Verdict evaluate(SoleAdminPolicy policy, String targetAppUserId, List<AppUser> activeAdmins,
                                   List<AppUser> activeUsers) {
        return evaluate(policy, targetAppUserId, activeAdmins, () -> activeUsers);
    }

    /**
     * As {@link #evaluate(SoleAdminPolicy, String, List, List)}, asking for the active users only if a member must
     * be promoted (rare), so the usual case does not list a whole organization.
     */
    public static Verdict evaluate(SoleAdminPolicy policy, String targetAppUserId, List<AppUser> activeAdmins,
                                   java.util.function.Supplier<List<AppUser>> activeUsers) {
        boolean anotherAdmin = activeAdmins.stream().anyMatch(a -> !a.id().equals(targetAppUserId));
        if (anotherAdmin) {
            return new Verdict.Proceed();
        }
        boolean targetIsAdmin = activeAdmins.stream().anyMatch(a -> a.id().equals(targetAppUserId));
        if (!targetIsAdmin) {
            return new Verdict.Proceed(); // nothing to protect: the user is not an active admin
        }
        if (policy == SoleAdminPolicy.AUTO_PROMOTE) {
            for (AppUser u : activeUsers.get()) {
                if (!u.id().equals(targetAppUserId)) {
                    return new Verdict.PromoteThenProceed(u);
                }
            }
            return new Verdict.Block("it would leave the organization with no active admin and no other active "
                    + "member exists to promote");
        }
        return new Verdict.Block("it would leave the organization with no active admin; make someone else admin "
                + "first, or switch the sole-admin policy to auto-promote");
    }
}
