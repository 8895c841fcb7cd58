package dev.dirsync.core.testkit;

import dev.dirsync.core.spi.ApiKeyRevoker;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of {@link ApiKeyRevoker}: after revocation none of the user's API keys works, other users' keys
 * still do, and a repeated revocation is harmless. Extend it with your implementation.
 */
public abstract class ApiKeyRevokerContract {

    protected abstract ApiKeyRevoker revoker();

    /** Issues an API key to the user the host's usual way; returns it. */
    protected abstract String issueKey(String organizationId, String appUserId);

    protected abstract boolean works(String apiKey);

    @Test
    void everyKeyOfTheUserStopsWorkingAndOthersKeepWorking() {
        String org = "org-" + UUID.randomUUID();
        String ci = issueKey(org, "alice");
        String script = issueKey(org, "alice");
        String bob = issueKey(org, "bob");

        revoker().revokeApiKeys(org, "alice");
        revoker().revokeApiKeys(org, "alice");

        assertThat(works(ci)).isFalse();
        assertThat(works(script)).isFalse();
        assertThat(works(bob)).isTrue();
    }
}
