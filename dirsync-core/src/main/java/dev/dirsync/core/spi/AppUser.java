package dev.dirsync.core.spi;

import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.UserStatus;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Objects;

/**
 * A user of the host application as dirsync needs to see it.
 *
 * @param memberSince when the user joined the organization; "tenure" for the sole-admin guard
 * @param directoryKey the directory user this host user follows, or null if not (yet) linked
 */
public record AppUser(String id, String organizationId, @Nullable String email, @Nullable String role,
                      UserStatus status, Instant memberSince, @Nullable DirectoryUserKey directoryKey) {
    public AppUser {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(memberSince, "memberSince");
    }
}
