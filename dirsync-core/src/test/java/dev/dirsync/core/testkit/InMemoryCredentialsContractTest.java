package dev.dirsync.core.testkit;

import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.SessionRevoker;
import org.junit.jupiter.api.Nested;

/** The toy revokers pass the revoker contracts. */
class InMemoryCredentialsContractTest {
    private final InMemoryCredentials credentials = new InMemoryCredentials();

    @Nested
    class Sessions extends SessionRevokerContract {
        @Override
        protected SessionRevoker revoker() {
            return credentials;
        }

        @Override
        protected String openSession(String organizationId, String appUserId) {
            return credentials.openSession(organizationId, appUserId);
        }

        @Override
        protected boolean isValid(String session) {
            return credentials.sessionValid(session);
        }
    }

    @Nested
    class ApiKeys extends ApiKeyRevokerContract {
        @Override
        protected ApiKeyRevoker revoker() {
            return credentials;
        }

        @Override
        protected String issueKey(String organizationId, String appUserId) {
            return credentials.issueKey(organizationId, appUserId);
        }

        @Override
        protected boolean works(String apiKey) {
            return credentials.keyWorks(apiKey);
        }
    }
}
