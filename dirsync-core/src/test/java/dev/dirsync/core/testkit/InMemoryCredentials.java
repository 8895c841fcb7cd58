package dev.dirsync.core.testkit;

import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.SessionRevoker;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Sessions and API keys of a toy host, revocable by dirsync: a model for hosts writing their revokers. */
public final class InMemoryCredentials implements SessionRevoker, ApiKeyRevoker {
    private final Map<String, String> sessionOwner = new ConcurrentHashMap<>();
    private final Map<String, String> keyOwner = new ConcurrentHashMap<>();

    public String openSession(String organizationId, String appUserId) {
        String token = "sess_" + UUID.randomUUID();
        sessionOwner.put(token, organizationId + "/" + appUserId);
        return token;
    }

    public String issueKey(String organizationId, String appUserId) {
        String key = "key_" + UUID.randomUUID();
        keyOwner.put(key, organizationId + "/" + appUserId);
        return key;
    }

    public boolean sessionValid(String token) {
        return sessionOwner.containsKey(token);
    }

    public boolean keyWorks(String key) {
        return keyOwner.containsKey(key);
    }

    @Override
    public void revokeSessions(String organizationId, String appUserId) {
        sessionOwner.values().removeIf(owner -> owner.equals(organizationId + "/" + appUserId));
    }

    @Override
    public void revokeApiKeys(String organizationId, String appUserId) {
        keyOwner.values().removeIf(owner -> owner.equals(organizationId + "/" + appUserId));
    }
}
