package dev.dirsync.core.state;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Objects;

/**
 * A bearer token an IdP uses to push SCIM to one organization's directory. Only a hash of the token is stored,
 * with a short visible suffix so admins can tell tokens apart.
 */
public record ScimCredential(String id, String organizationId, String directoryId, String provider, String tokenHash,
                             String suffix, Instant createdAt, @Nullable Instant lastUsedAt,
                             @Nullable Instant revokedAt) {
    public ScimCredential {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(directoryId, "directoryId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(suffix, "suffix");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean active() {
        return revokedAt == null;
    }
}
