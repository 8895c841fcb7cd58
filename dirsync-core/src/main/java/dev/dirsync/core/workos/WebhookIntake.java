package dev.dirsync.core.workos;

/**
 * When a WorkOS webhook delivery is answered: after applying it, or after storing it to apply next.
 * The answer's meaning differs; see README § WorkOS webhook intake.
 */
public enum WebhookIntake {
    /**
     * Applied before the answer (the default): 200 means the event is in the mirror and projected onto the host;
     * a refusal by the engine is 422 and a failure (the host's store threw, the database is down) 503, which WorkOS
     * redelivers.
     */
    INLINE,
    /**
     * Stored before the answer, applied right after by the inbox's appliers (many events per transaction): 202
     * means the delivery is durably stored, once per event id, and will be applied in arrival order per
     * organization; a failure while applying is retried with backoff and then parked, surfaced through
     * {@link WebhookInbox#depths()}, health and the admin API instead of through WorkOS's redelivery.
     */
    INBOX
}
