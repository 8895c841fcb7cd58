package dev.dirsync.core.read;

import dev.dirsync.core.state.DirectoryConnection;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An organization's sync health in the one vocabulary the admin API, the UI and the Actuator indicator share.
 *
 * @param reason one sentence: why the status is what it is
 * @param action what the organization's admin should do next ("" when nothing)
 * @param lastEventAt the newest event any of its directories sent, or null
 * @param guardRefusals24h changes the sole-admin guard refused in the last 24 hours
 */
public record SyncHealth(String organizationId, Status status, String reason, String action,
                         @Nullable Instant lastEventAt, long usersSynced, long groupsSynced, long guardRefusals24h,
                         List<DirectoryHealth> directories, Instant checkedAt) {

    /** Worst first is the last: an organization is as healthy as its least healthy live directory. */
    public enum Status {
        /** No directory feeds the organization (none connected, or every one removed). */
        NOT_CONNECTED,
        HEALTHY,
        /** A directory has been silent for longer than the configured stale-after time. */
        STALE,
        /** The source reports a directory it cannot sync (bad credentials, unlinked, being deleted, unknown). */
        BROKEN;

        /** The wire form: {@code healthy}, {@code stale}, {@code broken}, {@code not_connected}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean worseThan(Status other) {
            return ordinal() > other.ordinal();
        }
    }

    /**
     * Health of one directory.
     *
     * @param removed the directory was deleted at its source; it no longer counts toward the status
     */
    public record DirectoryHealth(String directoryId, DirectoryConnection.Kind kind, String provider, Status status,
                                  boolean removed, String reason, @Nullable Instant lastEventAt) {
        public DirectoryHealth {
            Objects.requireNonNull(directoryId, "directoryId");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(reason, "reason");
        }
    }

    public SyncHealth {
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(status, "status");
        directories = List.copyOf(directories);
    }
}
