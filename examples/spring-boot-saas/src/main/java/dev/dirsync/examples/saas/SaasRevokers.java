package dev.dirsync.examples.saas;

import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.SessionRevoker;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

/** Ends a user's login sessions and revokes their API keys, in the app's own tables; both idempotent. */
@Component
public class SaasRevokers implements SessionRevoker, ApiKeyRevoker {
    private final JdbcTemplate jdbc;

    public SaasRevokers(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void revokeSessions(String organizationId, String appUserId) {
        jdbc.update("update app_sessions set revoked_at = ? where user_id = ? and revoked_at is null",
                Timestamp.from(Instant.now()), appUserId);
    }

    @Override
    public void revokeApiKeys(String organizationId, String appUserId) {
        jdbc.update("update app_api_keys set revoked_at = ? where user_id = ? and revoked_at is null",
                Timestamp.from(Instant.now()), appUserId);
    }
}
