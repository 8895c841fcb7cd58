package dev.dirsync.core.state;

import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.Projection;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Objects;

/**
 * What dirsync last applied to a host user and the host accepted; the projector diffs desired state against it.
 *
 * @param purgeAt when the host's purge hook is due (GRACE policy), or null
 * @param purged the host purged the user; a later reactivation provisions afresh
 * @param promotedAdmin this user was auto-promoted to admin by the sole-admin guard and keeps the role
 * @param blocked the change currently refused by the sole-admin guard ("deactivation", "role"), or null
 */
public record AppliedProjection(DirectoryUserKey key, String appUserId, Projection projection,
                                Instant firstAppliedAt, Instant lastAppliedAt, @Nullable Instant purgeAt,
                                boolean purged, boolean promotedAdmin, @Nullable String blocked) {
    public AppliedProjection {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(appUserId, "appUserId");
        Objects.requireNonNull(projection, "projection");
        Objects.requireNonNull(firstAppliedAt, "firstAppliedAt");
        Objects.requireNonNull(lastAppliedAt, "lastAppliedAt");
    }
}
