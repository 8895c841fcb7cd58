package dev.dirsync.core.state;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Objects;

/**
 * A directory that feeds an organization: a WorkOS directory or a direct SCIM connection.
 * An organization may have several (say Okta for staff, Google for contractors).
 */
public record DirectoryConnection(String organizationId, String directoryId, Kind kind, String provider,
                                  State state, Instant createdAt, @Nullable Instant lastEventAt) {
    public DirectoryConnection {
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(directoryId, "directoryId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public enum Kind { WORKOS, SCIM }

    public enum State { ACTIVE, DELETED }

    public DirectoryConnection withState(State s) {
        return new DirectoryConnection(organizationId, directoryId, kind, provider, s, createdAt, lastEventAt);
    }

    public DirectoryConnection withLastEventAt(Instant t) {
        return new DirectoryConnection(organizationId, directoryId, kind, provider, state, createdAt, t);
    }
}
