package dev.dirsync.core.workos;

import dev.dirsync.core.outcome.Outcome;

/**
 * What the webhook endpoint did with one delivery, and the HTTP status to answer WorkOS with: 2xx once
 * the event is durably taken (duplicates included), 401 for a bad or stale signature, 4xx for a body no
 * retry can fix, 5xx only when a retry can succeed.
 */
public sealed interface WebhookResult {

    int httpStatus();

    /** The engine took the event; {@code outcome} is Applied, Duplicate, Stale, HeldPaused or Previewed. */
    record Accepted(String eventId, String eventType, Outcome outcome) implements WebhookResult {
        @Override
        public int httpStatus() {
            return 200;
        }
    }

    /**
     * Intake {@link WebhookIntake#INBOX}: durably stored, to be applied right after by the inbox ({@code stored}
     * false: a redelivery of an event id stored before, by any instance; nothing stored twice).
     */
    record Queued(String eventId, String eventType, boolean stored) implements WebhookResult {
        @Override
        public int httpStatus() {
            return 202;
        }
    }

    /** Acknowledged without effect: a non-directory event type, or a WorkOS organization no tenant owns. */
    record Ignored(String eventId, String eventType, String reason) implements WebhookResult {
        @Override
        public int httpStatus() {
            return 200;
        }
    }

    /** A {@code dsync.activated} for a WorkOS organization no tenant owns yet: kept until it is linked. */
    record Held(String eventId, String workosOrganizationId) implements WebhookResult {
        @Override
        public int httpStatus() {
            return 202;
        }
    }

    /** Bad, missing or stale signature: refused, nothing stored. */
    record Unauthorized(WebhookVerifier.Reason reason, String message) implements WebhookResult {
        @Override
        public int httpStatus() {
            return 401;
        }
    }

    /** Authentic but unreadable (not JSON, a directory event without its ids), or refused by the engine. */
    record Unprocessable(String eventId, String reason) implements WebhookResult {
        @Override
        public int httpStatus() {
            return 422;
        }
    }

    /** Storing failed (database down, a conflict): WorkOS should deliver again. */
    record Failed(String eventId, String reason) implements WebhookResult {
        @Override
        public int httpStatus() {
            return 503;
        }
    }
}
