package dev.dirsync.core.policy;

import dev.dirsync.core.model.GroupMapping;

import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;

/** A user's workspaces: the union of the workspaces of every mapped group the user is in. */
public final class WorkspaceResolver {
    private WorkspaceResolver() {
    }

    public static SortedSet<String> resolve(Collection<GroupMapping> mappingsOfUserGroups) {
        SortedSet<String> out = new TreeSet<>();
        for (GroupMapping m : mappingsOfUserGroups) {
            out.addAll(m.workspaces());
        }
        return out;
    }
}
