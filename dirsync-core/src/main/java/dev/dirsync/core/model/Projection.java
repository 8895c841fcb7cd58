package dev.dirsync.core.model;

import org.jspecify.annotations.Nullable;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Desired state of one host user, computed from the mirror and the organization's settings.
 * SPI calls carry this state, never deltas, so applying it twice is harmless.
 */
public record Projection(DirectoryUserKey key, Identity identity, UserStatus status, @Nullable String role,
                         SortedSet<String> workspaces, Map<String, String> metadata) {
    public Projection {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(status, "status");
        workspaces = Collections.unmodifiableSortedSet(new TreeSet<>(workspaces));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    public Projection withStatus(UserStatus s) {
        return new Projection(key, identity, s, role, workspaces, metadata);
    }

    public Projection withRole(@Nullable String r) {
        return new Projection(key, identity, status, r, workspaces, metadata);
    }

    public Projection withWorkspaces(Set<String> w) {
        return new Projection(key, identity, status, role, new TreeSet<>(w), metadata);
    }
}
