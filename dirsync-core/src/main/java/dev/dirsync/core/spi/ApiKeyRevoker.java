package dev.dirsync.core.spi;

/** Revokes every API key / personal access token of a host user, on offboarding. Must be idempotent. */
@FunctionalInterface
public interface ApiKeyRevoker {

    void revokeApiKeys(String organizationId, String appUserId);

    /** Does nothing: only for hosts without user-owned API keys. Never a default. */
    ApiKeyRevoker NONE = (organizationId, appUserId) -> { };
}
