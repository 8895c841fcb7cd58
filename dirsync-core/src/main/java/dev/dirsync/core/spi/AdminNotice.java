package dev.dirsync.core.spi;

import dev.dirsync.core.model.DirectoryUserKey;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Objects;

/** Something an organization's admins should hear about. */
public record AdminNotice(String organizationId, Kind kind, String message, @Nullable DirectoryUserKey subject,
                          Instant at) {
    public AdminNotice {
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(at, "at");
    }

    public enum Kind {
        USER_DEACTIVATED,
        DEACTIVATION_BLOCKED,
        ROLE_CHANGE_BLOCKED,
        ADMIN_AUTO_PROMOTED,
        DIRECTORY_DELETED,
        /** No longer sent: a silent WorkOS directory turns the sync {@link #SYNC_STALE}, told once. */
        @Deprecated
        DIRECTORY_STALE,
        /** No longer sent: a directory WorkOS reports as broken turns the sync {@link #SYNC_BROKEN}, told once. */
        @Deprecated
        DIRECTORY_BROKEN,
        /** The organization's sync turned stale (a directory went silent); the message says why and what to do. */
        SYNC_STALE,
        /** The organization's sync turned broken (a source cannot sync a directory); with the reason and the fix. */
        SYNC_BROKEN,
        /** The organization's sync is healthy again after a {@link #SYNC_STALE} or {@link #SYNC_BROKEN} alert. */
        SYNC_RECOVERED,
        /** The previous UTC day's changes as audit sentences, for organizations that switched the summary on. */
        DAILY_SUMMARY,
        /**
         * Someone's access in the app differs from what the directory gives them (a role raised by hand); sent once
         * per new difference, with what differs and whether it was restored.
         */
        DRIFT_DETECTED
    }
}
