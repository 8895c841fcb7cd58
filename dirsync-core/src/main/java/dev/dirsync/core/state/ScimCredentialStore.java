package dev.dirsync.core.state;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** SCIM bearer credentials (hashes only). */
public interface ScimCredentialStore {

    void insert(ScimCredential credential);

    /** The credential whose token hash this is, revoked or not (an index lookup, never a scan). */
    Optional<ScimCredential> findByTokenHash(String tokenHash);

    /** Credentials of the organization, oldest first, revoked ones included. */
    List<ScimCredential> list(String organizationId);

    /** Marks the credential revoked; false if there is no such active credential of that organization. */
    boolean revoke(String organizationId, String credentialId, Instant at);

    /** Records a use; implementations may skip writes closer than a minute apart. */
    void touch(String credentialId, Instant at);
}
