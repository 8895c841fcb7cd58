package dev.dirsync.core.model;

/** What happens to a host user whose directory user is deactivated or deleted. */
public enum DeactivationPolicy {
    /** Deactivate, revoke every session and API key, notify admins. The default. */
    IMMEDIATE,
    /** Deactivate and revoke sessions now; the host's purge hook runs after the grace period. */
    GRACE,
    /** Keep the user able to sign in, read-only; API keys are revoked because they act without a person present. */
    READ_ONLY
}
