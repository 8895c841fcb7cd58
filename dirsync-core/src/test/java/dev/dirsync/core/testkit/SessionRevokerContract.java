package dev.dirsync.core.testkit;

import dev.dirsync.core.spi.SessionRevoker;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of {@link SessionRevoker}: after revocation none of the user's sessions is valid, other users'
 * sessions are untouched, and revoking again (a retry) is harmless. Extend it with your implementation.
 */
public abstract class SessionRevokerContract {

    protected abstract SessionRevoker revoker();

    /** Opens a session for the user the host's usual way; returns its handle (token, id). */
    protected abstract String openSession(String organizationId, String appUserId);

    protected abstract boolean isValid(String session);

    @Test
    void everySessionOfTheUserEndsAndOthersStay() {
        String org = "org-" + UUID.randomUUID();
        String web = openSession(org, "alice");
        String mobile = openSession(org, "alice");
        String bob = openSession(org, "bob");

        revoker().revokeSessions(org, "alice");

        assertThat(isValid(web)).isFalse();
        assertThat(isValid(mobile)).isFalse();
        assertThat(isValid(bob)).isTrue();
    }

    @Test
    void revokingTwiceOrWithoutSessionsIsHarmless() {
        String org = "org-" + UUID.randomUUID();
        revoker().revokeSessions(org, "nobody");
        String s = openSession(org, "alice");
        revoker().revokeSessions(org, "alice");
        revoker().revokeSessions(org, "alice");
        assertThat(isValid(s)).isFalse();
    }
}
