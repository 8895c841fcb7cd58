package dev.dirsync.core;

import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.audit.AuditQuery;
import dev.dirsync.core.IssuedScimCredential;
import dev.dirsync.core.state.ScimCredential;
import org.junit.jupiter.api.Test;

import static dev.dirsync.core.Fixture.ADMIN;
import static dev.dirsync.core.Fixture.ORG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SCIM bearer credentials: shown once, stored as hashes, rotated without downtime, revoked for good. */
class ScimCredentialTest {
    private final Fixture f = new Fixture();

    @Test
    void aTokenIsShownOnceStoredAsAHashAndIdentifiesItsOrganization() {
        IssuedScimCredential issued = f.sync.issueScimCredential(ORG, "scim_entra", "Microsoft Entra ID", ADMIN);

        assertThat(issued.token()).startsWith("dsync_scim_").hasSizeGreaterThan(40);
        assertThat(issued.toString()).doesNotContain(issued.token());
        ScimCredential stored = f.sync.scimCredentials(ORG).get(0);
        assertThat(stored.tokenHash()).isNotEqualTo(issued.token()).doesNotContain(issued.token());
        assertThat(stored.suffix()).isEqualTo(issued.token().substring(issued.token().length() - 4));
        assertThat(f.sync.authenticateScim(issued.token())).map(ScimCredential::organizationId).contains(ORG);
        assertThat(f.sync.authenticateScim(issued.token() + "x")).isEmpty();
        assertThat(f.sync.authenticateScim("Bearer nonsense")).isEmpty();
        assertThat(f.sync.audit(AuditQuery.of(ORG).withAction(AuditAction.SCIM_CREDENTIAL_ISSUED)).total()).isEqualTo(1);
    }

    @Test
    void twoActiveTokensAllowARotationAndARevokedTokenStopsWorking() {
        IssuedScimCredential old = f.sync.issueScimCredential(ORG, "scim", "Okta", ADMIN);
        IssuedScimCredential fresh = f.sync.issueScimCredential(ORG, "scim", "Okta", ADMIN);
        assertThat(f.sync.authenticateScim(old.token())).isPresent();
        assertThat(f.sync.authenticateScim(fresh.token())).isPresent();

        assertThat(f.sync.revokeScimCredential(ORG, old.credential().id(), ADMIN)).isTrue();

        assertThat(f.sync.authenticateScim(old.token())).isEmpty();
        assertThat(f.sync.authenticateScim(fresh.token())).isPresent();
        assertThat(f.sync.revokeScimCredential(ORG, old.credential().id(), ADMIN)).as("already revoked").isFalse();
        f.sync.createOrganization("globex", "Globex");
        assertThat(f.sync.revokeScimCredential("globex", fresh.credential().id(), ADMIN)).as("other org").isFalse();
    }

    @Test
    void theNumberOfActiveTokensIsBounded() {
        for (int i = 0; i < 5; i++) {
            f.sync.issueScimCredential(ORG, "scim", "Okta", ADMIN);
        }
        assertThatThrownBy(() -> f.sync.issueScimCredential(ORG, "scim", "Okta", ADMIN))
                .hasMessageContaining("revoke one before issuing another");
    }
}
