package dev.dirsync.core.internal;

import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.job.Job;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.SourceVersion;
import dev.dirsync.core.outcome.Change;
import dev.dirsync.core.policy.SensitiveAttributeFilter;
import dev.dirsync.core.spi.AdminNotice;
import dev.dirsync.core.state.DirectoryConnection;
import dev.dirsync.core.state.MirrorGroup;
import dev.dirsync.core.state.MirrorMembership;
import dev.dirsync.core.state.MirrorStore;
import dev.dirsync.core.state.MirrorUser;
import org.jspecify.annotations.Nullable;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies a source event to the directory mirror, guarded by source version so a stale or replayed change
 * cannot move state backwards, and tells which directory users need projecting.
 */
final class MirrorUpdater {
    private static final java.time.Duration LAST_EVENT_RESOLUTION = java.time.Duration.ofMinutes(1);

    /** What the event did to the mirror. {@code staleReason} non-null means nothing changed. */
    record Result(Set<DirectoryUserKey> affected, @Nullable String staleReason, @Nullable JobRequest job) {
        Result(Set<DirectoryUserKey> affected, @Nullable String staleReason) {
            this(affected, staleReason, null);
        }

        static Result stale(String reason) {
            return new Result(Set.of(), reason);
        }
    }

    /**
     * Work too large for the event's transaction (more users than {@link Engine#JOB_BATCH}): the engine records
     * it as a job, which walks the users in batches, instead of projecting them here.
     */
    record JobRequest(Job.Kind kind, long total, String directoryId, @Nullable String groupId,
                      @Nullable SourceVersion version) {
    }

    Result apply(Session s, SourceEvent event) {
        return apply(s, event, s.tx.connections().find(event.meta().organizationId(), event.meta().directoryId()));
    }

    /** {@code connection}: the event's directory connection in its organization, as read in this transaction. */
    Result apply(Session s, SourceEvent event, Optional<DirectoryConnection> connection) {
        EventMeta meta = event.meta();
        touchConnection(s, meta, connection);
        SourceVersion v = meta.version();
        String org = meta.organizationId();
        String dir = meta.directoryId();
        // Java 17 has no exhaustive switch over a sealed type: every subtype is named, a new one fails loudly
        if (event instanceof SourceEvent.UserCreated e) {
            return upsertUser(s, e.user(), v, true);
        } else if (event instanceof SourceEvent.UserUpdated e) {
            Result r = upsertUser(s, e.user(), v, true);
            if (r.staleReason() == null && !e.previousAttributes().isEmpty()) {
                // what the source says changed, for the audit; filtered like everything else that is stored
                Map<String, Object> previous = SensitiveAttributeFilter.filterAttributes(e.previousAttributes(),
                        s.org.settings(), new java.util.ArrayList<>());
                s.sourceNote(new DirectoryUserKey(org, dir, e.user().id()), "previous_attributes " + previous);
            }
            return r;
        } else if (event instanceof SourceEvent.UserDeleted e) {
            return deleteUser(s, new DirectoryUserKey(org, dir, e.userId()), v);
        } else if (event instanceof SourceEvent.GroupCreated e) {
            return upsertGroup(s, e.group(), v);
        } else if (event instanceof SourceEvent.GroupUpdated e) {
            return upsertGroup(s, e.group(), v);
        } else if (event instanceof SourceEvent.GroupDeleted e) {
            return deleteGroup(s, dir, e.groupId(), v);
        } else if (event instanceof SourceEvent.UserAddedToGroup e) {
            return membership(s, dir, e.userId(), e.groupId(), e.user(), e.group(), true, v);
        } else if (event instanceof SourceEvent.UserRemovedFromGroup e) {
            return membership(s, dir, e.userId(), e.groupId(), e.user(), e.group(), false, v);
        } else if (event instanceof SourceEvent.DirectoryActivated e) {
            return directoryActivated(s, e);
        } else if (event instanceof SourceEvent.DirectoryDeleted e) {
            return directoryDeleted(s, e, v);
        }
        throw new IllegalStateException("unhandled SourceEvent subtype " + event.getClass().getName()
                + ": handle it in MirrorUpdater.apply");
    }

    /** The kind of connection an event's directory gets when its first event arrives. */
    static DirectoryConnection.Kind kindOf(EventMeta meta) {
        return meta.source().channel() == Source.Channel.SCIM ? DirectoryConnection.Kind.SCIM
                : DirectoryConnection.Kind.WORKOS;
    }

    private void touchConnection(Session s, EventMeta meta, Optional<DirectoryConnection> existing) {
        DirectoryConnection c = existing.orElseGet(() -> new DirectoryConnection(meta.organizationId(),
                meta.directoryId(), kindOf(meta), meta.source().provider(), DirectoryConnection.State.ACTIVE, s.now,
                null));
        // an event that names no IdP keeps the connection's name (Source.unnamed)
        String provider = meta.source().namedAs(c.provider()).provider();
        boolean renamed = !c.provider().equals(provider);
        if (renamed) {
            // a user event may create the connection before dsync.activated names the IdP: the latest name wins
            c = new DirectoryConnection(c.organizationId(), c.directoryId(), c.kind(), provider,
                    c.state(), c.createdAt(), c.lastEventAt());
        }
        // "last event" is for health checks counted in days: one write a minute is plenty during a burst
        if (existing.isEmpty() || renamed || c.lastEventAt() == null
                || c.lastEventAt().isBefore(s.now.minus(LAST_EVENT_RESOLUTION))) {
            s.tx.connections().put(c.withLastEventAt(s.now));
        }
    }

    private Result upsertUser(Session s, DirectoryUser incoming, SourceVersion v, boolean reportStale) {
        DirectoryUserKey key = new DirectoryUserKey(s.org.id(), incoming.directoryId(), incoming.id());
        Optional<MirrorUser> existing = s.mirrorUser(key);
        if (existing.isPresent() && v.isOlderThan(existing.get().version())) {
            return reportStale ? Result.stale("user " + incoming.id() + " is already at a newer version ("
                    + existing.get().version().time() + ")") : new Result(Set.of(), null);
        }
        SensitiveAttributeFilter.Result filtered = SensitiveAttributeFilter.filter(incoming, s.org.settings());
        if (existing.isPresent() && !existing.get().deleted() && existing.get().user().equals(filtered.user())) {
            // the same snapshot again (a no-op update, the user a membership event repeats): only the version
            // moves, so the stale guard still refuses what is older; its filtered attributes were audited before
            if (existing.get().version().isOlderThan(v)) {
                s.putMirrorUserVersion(existing.get(), v);
            }
            return new Result(Set.of(key), null);
        }
        for (SensitiveAttributeFilter.Dropped d : filtered.dropped()) {
            s.applied(new Change(AuditAction.ATTRIBUTE_FILTERED, s.org.id(), key, null,
                    filtered.user().primaryEmail().orElse(incoming.id()), Map.of(), Map.of(),
                    d.attribute() + " dropped: " + d.reason()));
        }
        s.putMirrorUser(new MirrorUser(s.org.id(), filtered.user(), v, false));
        return new Result(Set.of(key), null);
    }

    /** Marks the user deleted in the mirror as of {@code v} (a directory-deletion job's batch does this). */
    Result deleteUser(Session s, DirectoryUserKey key, SourceVersion v) {
        Optional<MirrorUser> existing = s.mirrorUser(key);
        if (existing.isPresent() && v.isOlderThan(existing.get().version())) {
            return Result.stale("user " + key.userId() + " changed after this deletion");
        }
        // keep the last known attributes: history is never hard-deleted
        DirectoryUser last = existing.map(MirrorUser::user)
                .orElseGet(() -> DirectoryUser.builder(key.userId(), key.directoryId()).active(false).build());
        s.putMirrorUser(new MirrorUser(s.org.id(), last.toBuilder().active(false).build(), v, true));
        return new Result(Set.of(key), null);
    }

    private Result upsertGroup(Session s, DirectoryGroup g, SourceVersion v) {
        MirrorStore mirror = s.tx.mirror();
        Optional<MirrorGroup> existing = mirror.findGroup(s.org.id(), g.directoryId(), g.id());
        if (existing.isPresent() && v.isOlderThan(existing.get().version())) {
            return Result.stale("group " + g.id() + " is already at a newer version");
        }
        mirror.putGroup(new MirrorGroup(s.org.id(), filtered(s, g, existing), v, false));
        boolean undeleted = existing.isPresent() && existing.get().deleted();
        return new Result(undeleted ? members(s, g.directoryId(), g.id()) : Set.of(), null);
    }

    /**
     * The group without sensitive raw attributes; audited by attribute name, once per change of what is stored
     * (WorkOS repeats the group with every membership event).
     */
    private static DirectoryGroup filtered(Session s, DirectoryGroup g, Optional<MirrorGroup> existing) {
        SensitiveAttributeFilter.GroupResult filtered = SensitiveAttributeFilter.filter(g, s.org.settings());
        if (existing.isEmpty() || !existing.get().group().equals(filtered.group())) {
            for (SensitiveAttributeFilter.Dropped d : filtered.dropped()) {
                s.auditOrganization(AuditAction.ATTRIBUTE_FILTERED, Map.of(), Map.of("group", g.id()),
                        "group " + g.displayName() + ": " + d.attribute() + " dropped: " + d.reason());
            }
        }
        return filtered.group();
    }

    private Result deleteGroup(Session s, String dir, String groupId, SourceVersion v) {
        MirrorStore mirror = s.tx.mirror();
        Optional<MirrorGroup> existing = mirror.findGroup(s.org.id(), dir, groupId);
        if (existing.isPresent() && v.isOlderThan(existing.get().version())) {
            return Result.stale("group " + groupId + " changed after this deletion");
        }
        DirectoryGroup last = existing.map(MirrorGroup::group).orElseGet(() -> DirectoryGroup.of(groupId, dir, groupId));
        mirror.putGroup(new MirrorGroup(s.org.id(), last, v, true));
        long members = mirror.countUsers(s.org.id(), dir, groupId);
        if (members > Engine.JOB_BATCH) {
            // each member loses the group's role and workspaces: a job, batch by batch, not one long transaction
            return new Result(Set.of(), null, new JobRequest(Job.Kind.GROUP_DELETED, members, dir, groupId, null));
        }
        return new Result(members(s, dir, groupId), null);
    }

    private Set<DirectoryUserKey> members(Session s, String dir, String groupId) {
        Set<DirectoryUserKey> keys = new LinkedHashSet<>();
        for (String userId : s.tx.mirror().userIdsInGroup(s.org.id(), dir, groupId)) {
            keys.add(new DirectoryUserKey(s.org.id(), dir, userId));
        }
        return keys;
    }

    private Result membership(Session s, String dir, String userId, String groupId, @Nullable DirectoryUser user,
                              @Nullable DirectoryGroup group, boolean present, SourceVersion v) {
        // snapshots that come with the membership (WorkOS sends both) update the mirror under the same guard,
        // which lets a membership arrive before its user or group
        if (user != null) {
            upsertUser(s, user, v, false);
        }
        if (group != null) {
            Optional<MirrorGroup> g = s.tx.mirror().findGroup(s.org.id(), dir, groupId);
            if (g.isEmpty() || !v.isOlderThan(g.get().version())) {
                DirectoryGroup snapshot = filtered(s, group, g);
                if (g.isPresent() && g.get().group().equals(snapshot)) {
                    if (g.get().version().isOlderThan(v)) { // unchanged: only the version moves, for the guard
                        s.tx.mirror().putGroupVersion(g.get(), v);
                    }
                } else {
                    s.tx.mirror().putGroup(new MirrorGroup(s.org.id(), snapshot, v,
                            g.map(MirrorGroup::deleted).orElse(false)));
                }
            }
        }
        MirrorStore mirror = s.tx.mirror();
        Optional<MirrorMembership> existing = mirror.findMembership(s.org.id(), dir, groupId, userId);
        DirectoryUserKey key = new DirectoryUserKey(s.org.id(), dir, userId);
        if (existing.isPresent() && v.isOlderThan(existing.get().version())) {
            return Result.stale("membership of " + userId + " in " + groupId + " changed after this event");
        }
        mirror.putMembership(new MirrorMembership(s.org.id(), dir, groupId, userId, present, v));
        return new Result(Set.of(key), null);
    }

    private Result directoryActivated(Session s, SourceEvent.DirectoryActivated e) {
        EventMeta m = e.meta();
        DirectoryConnection c = s.tx.connections().find(m.organizationId(), m.directoryId()).orElseThrow();
        s.tx.connections().put(c.withState(DirectoryConnection.State.ACTIVE));
        s.auditOrganization(AuditAction.DIRECTORY_ACTIVATED, Map.of(), Map.of("directory", m.directoryId()),
                (e.directoryName() == null ? m.source().provider() : e.directoryName()) + " directory connected");
        return new Result(Set.of(), null);
    }

    private Result directoryDeleted(Session s, SourceEvent.DirectoryDeleted e, SourceVersion v) {
        EventMeta m = e.meta();
        DirectoryConnection c = s.tx.connections().find(m.organizationId(), m.directoryId()).orElseThrow();
        s.tx.connections().put(c.withState(DirectoryConnection.State.DELETED));
        boolean deactivate = s.org.settings().deactivateWhenDirectoryDeleted();
        s.auditOrganization(AuditAction.DIRECTORY_DELETED, Map.of("directory", m.directoryId()), Map.of(),
                deactivate ? "directory removed; its users are deactivated as the settings say"
                        : "directory removed; its users are kept as they are");
        s.notice(AdminNotice.Kind.DIRECTORY_DELETED, "The " + m.source().provider() + " directory " + m.directoryId()
                + " was disconnected" + (deactivate ? "; its users are being deactivated." : "; no user was changed."),
                null);
        if (!deactivate) {
            return new Result(Set.of(), null);
        }
        long users = s.tx.mirror().countUsers(s.org.id(), m.directoryId(), null);
        if (users > Engine.JOB_BATCH) {
            return new Result(Set.of(), null, new JobRequest(Job.Kind.DIRECTORY_DELETED, users, m.directoryId(), null, v));
        }
        Set<DirectoryUserKey> affected = new LinkedHashSet<>();
        for (DirectoryUserKey k : s.tx.mirror().userKeysAfter(s.org.id(), m.directoryId(), null, null, Engine.JOB_BATCH)) {
            if (s.mirrorUser(k).map(u -> !u.deleted()).orElse(false)) {
                affected.addAll(deleteUser(s, k, v).affected());
            }
        }
        return new Result(affected, null);
    }
}
