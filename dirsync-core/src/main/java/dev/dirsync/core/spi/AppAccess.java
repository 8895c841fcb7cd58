package dev.dirsync.core.spi;

import dev.dirsync.core.model.UserStatus;
import org.jspecify.annotations.Nullable;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A host user's access as the app holds it right now, whoever set it: what the drift check compares with what
 * dirsync last applied.
 *
 * @param role the user's role in its organization, or null for none
 * @param workspaces the workspaces the user belongs to
 */
public record AppAccess(String appUserId, @Nullable String role, SortedSet<String> workspaces, UserStatus status) {
    public AppAccess {
        Objects.requireNonNull(appUserId, "appUserId");
        Objects.requireNonNull(status, "status");
        workspaces = Collections.unmodifiableSortedSet(new TreeSet<>(workspaces));
    }

    public AppAccess(String appUserId, @Nullable String role, Set<String> workspaces, UserStatus status) {
        this(appUserId, role, new TreeSet<>(workspaces), status);
    }
}
