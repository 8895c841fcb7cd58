package dev.dirsync.core.read;

import dev.dirsync.core.state.MirrorGroup;

import java.util.Objects;

/** A directory group as the mirror holds it, with its number of present members. */
public record GroupView(MirrorGroup group, long memberCount) {
    public GroupView {
        Objects.requireNonNull(group, "group");
    }
}
