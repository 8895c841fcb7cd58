package dev.dirsync.core.state;

import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.SourceVersion;

import java.util.Objects;

/** A directory group as the mirror holds it; deleted groups stay as tombstones. */
public record MirrorGroup(String organizationId, DirectoryGroup group, SourceVersion version, boolean deleted) {
    public MirrorGroup {
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(version, "version");
    }
}
