package dev.dirsync.core.model;

import org.jspecify.annotations.Nullable;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.Collections;

/**
 * What membership of one directory group grants: a role, workspaces, both, or nothing.
 * Keyed by the stable directory group id, never its display name.
 */
public record GroupMapping(String groupId, @Nullable String role, Set<String> workspaces) {
    public GroupMapping {
        Objects.requireNonNull(groupId, "groupId");
        if (role != null && role.isBlank()) {
            role = null;
        }
        workspaces = Collections.unmodifiableSortedSet(new TreeSet<>(workspaces));
    }

    public static GroupMapping role(String groupId, String role) {
        return new GroupMapping(groupId, role, Set.of());
    }

    public static GroupMapping workspaces(String groupId, String... workspaces) {
        return new GroupMapping(groupId, null, Set.of(workspaces));
    }

    public boolean isEmpty() {
        return role == null && workspaces.isEmpty();
    }
}
