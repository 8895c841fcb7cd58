package dev.dirsync.core.state;

import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.SourceVersion;

import java.util.Objects;

/** A directory user as the mirror holds it, with the version it came from; deleted users stay as tombstones. */
public record MirrorUser(String organizationId, DirectoryUser user, SourceVersion version, boolean deleted) {
    public MirrorUser {
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(version, "version");
    }

    public dev.dirsync.core.model.DirectoryUserKey key() {
        return new dev.dirsync.core.model.DirectoryUserKey(organizationId, user.directoryId(), user.id());
    }
}
