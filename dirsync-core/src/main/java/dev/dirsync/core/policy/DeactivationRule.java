package dev.dirsync.core.policy;

import dev.dirsync.core.model.DeactivationPolicy;
import dev.dirsync.core.model.UserStatus;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;

/** What offboarding does under each deactivation policy. */
public final class DeactivationRule {
    private DeactivationRule() {
    }

    /**
     * @param status the host status to set
     * @param purgeAt when the purge hook becomes due, or null
     */
    public record Plan(UserStatus status, boolean revokeSessions, boolean revokeApiKeys, @Nullable Instant purgeAt,
                       boolean notifyAdmins) {
    }

    public static Plan plan(DeactivationPolicy policy, Duration gracePeriod, Instant now) {
        return switch (policy) {
            case IMMEDIATE -> new Plan(UserStatus.DEACTIVATED, true, true, null, true);
            case GRACE -> new Plan(UserStatus.DEACTIVATED, true, false, now.plus(gracePeriod), true);
            case READ_ONLY -> new Plan(UserStatus.READ_ONLY, false, true, null, true);
        };
    }

    /** The status an offboarded user ends in under the policy. */
    public static UserStatus offboardedStatus(DeactivationPolicy policy) {
        return policy == DeactivationPolicy.READ_ONLY ? UserStatus.READ_ONLY : UserStatus.DEACTIVATED;
    }
}
