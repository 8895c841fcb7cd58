package dev.dirsync.core.internal;

import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.model.Projection;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.outcome.Change;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** Who would gain or lose which role, workspace or access between two desired states of the same user. */
final class PreviewDiff {
    private PreviewDiff() {
    }

    static void between(Projection now, Projection next, List<Change> out) {
        String label = next.identity().email() != null ? next.identity().email() : next.identity().displayName();
        if (!Objects.equals(now.role(), next.role())) {
            out.add(Change.field(AuditAction.ROLE_CHANGED, next.key(), null, label, "role", now.role(), next.role()));
        }
        TreeSet<String> added = new TreeSet<>(next.workspaces());
        added.removeAll(now.workspaces());
        TreeSet<String> removed = new TreeSet<>(now.workspaces());
        removed.removeAll(next.workspaces());
        for (String w : added) {
            out.add(Change.field(AuditAction.WORKSPACE_ADDED, next.key(), null, label, "workspace", null, w));
        }
        for (String w : removed) {
            out.add(Change.field(AuditAction.WORKSPACE_REMOVED, next.key(), null, label, "workspace", w, null));
        }
        if (now.status() != next.status()) {
            AuditAction a = next.status() == UserStatus.ACTIVE ? AuditAction.USER_REACTIVATED
                    : next.status() == UserStatus.READ_ONLY ? AuditAction.USER_MADE_READ_ONLY
                    : AuditAction.USER_DEACTIVATED;
            out.add(new Change(a, next.key().organizationId(), next.key(), null, label,
                    Map.of("status", Engine.lower(now.status())), Map.of("status", Engine.lower(next.status())), ""));
        }
        if (!now.metadata().equals(next.metadata())) {
            out.add(new Change(AuditAction.USER_UPDATED, next.key().organizationId(), next.key(), null, label,
                    now.metadata(), next.metadata(), "metadata"));
        }
    }
}
