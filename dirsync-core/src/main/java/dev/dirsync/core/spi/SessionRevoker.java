package dev.dirsync.core.spi;

/** Ends every session of a host user, on offboarding. Implemented by the host; must be idempotent. */
@FunctionalInterface
public interface SessionRevoker {

    /** Ends every session (web, mobile, refresh tokens) of the user. */
    void revokeSessions(String organizationId, String appUserId);

    /**
     * Does nothing: only for hosts that keep no server-side sessions (short-lived tokens alone).
     * Chosen explicitly, never as a default, because silently keeping sessions alive defeats offboarding.
     */
    SessionRevoker NONE = (organizationId, appUserId) -> { };
}
