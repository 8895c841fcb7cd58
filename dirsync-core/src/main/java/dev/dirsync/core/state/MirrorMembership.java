package dev.dirsync.core.state;

import dev.dirsync.core.model.SourceVersion;

import java.util.Objects;

/**
 * Whether a user is in a group, as of {@code version}. Removals are kept ({@code present=false}) so a late,
 * older "added" cannot resurrect a membership.
 */
public record MirrorMembership(String organizationId, String directoryId, String groupId, String userId,
                               boolean present, SourceVersion version) {
    public MirrorMembership {
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(directoryId, "directoryId");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(version, "version");
    }
}
