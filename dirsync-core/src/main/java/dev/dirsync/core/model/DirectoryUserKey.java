package dev.dirsync.core.model;

import java.util.Objects;

/**
 * Identity of a directory user: organization, directory and the directory's stable user id.
 * Never an email: email is an attribute that may change.
 */
public record DirectoryUserKey(String organizationId, String directoryId, String userId) {
    public DirectoryUserKey {
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(directoryId, "directoryId");
        Objects.requireNonNull(userId, "userId");
    }

    @Override
    public String toString() {
        return organizationId + "/" + directoryId + "/" + userId;
    }
}
