package dev.dirsync.core.state;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Objects;

/**
 * One delivery a source stored to apply later (the WorkOS webhook inbox): its payload exactly as received, the
 * organization it was routed to, and how often applying it failed. Keyed by the source's event id.
 *
 * @param attempts      failed attempts so far
 * @param nextAttemptAt not taken before this (backoff after a failure)
 * @param lastError     why the last attempt failed, if one did
 * @param parkedAt      set once it failed too often: kept, surfaced, and no longer taken until retried by hand
 */
public record InboxEntry(String eventId, String organizationId, String payload, Instant receivedAt, int attempts,
                         Instant nextAttemptAt, @Nullable String lastError, @Nullable Instant parkedAt) {

    /** Longest {@link #lastError} kept (the column's width). */
    public static final int MAX_ERROR_LENGTH = 1000;

    public InboxEntry {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        if (lastError != null && lastError.length() > MAX_ERROR_LENGTH) {
            lastError = lastError.substring(0, MAX_ERROR_LENGTH);
        }
    }

    /** A delivery just received: due at once, never attempted. */
    public static InboxEntry received(String eventId, String organizationId, String payload, Instant at) {
        return new InboxEntry(eventId, organizationId, payload, at, 0, at, null, null);
    }

    public boolean parked() {
        return parkedAt != null;
    }
}
