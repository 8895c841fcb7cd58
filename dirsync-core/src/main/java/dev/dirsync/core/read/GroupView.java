package dev.dirsync.core.read;

import dev.dirsync.core.state.MirrorGroup;

import java.util.Objects;

/**
 * A directory group as the mirror holds it, with its number of present members: live users only, so the count
 * agrees with the group's member list (tombstoned users and members whose user is not mirrored yet are left out).
 */
public record GroupView(MirrorGroup group, long memberCount) {
    public GroupView {
        Objects.requireNonNull(group, "group");
    }
}
