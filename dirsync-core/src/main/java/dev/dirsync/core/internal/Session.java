package dev.dirsync.core.internal;

import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.audit.AuditEntry;
import dev.dirsync.core.model.Organization;
import dev.dirsync.core.outcome.Change;
import dev.dirsync.core.spi.AdminNotice;
import dev.dirsync.core.model.Projection;
import dev.dirsync.core.state.AccessHistory;
import dev.dirsync.core.state.AccessInterval;
import dev.dirsync.core.state.AppliedProjection;
import dev.dirsync.core.state.MirrorUser;
import dev.dirsync.core.state.StateTransaction;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The work of one state transaction for one organization: who is acting, which event caused it, and what
 * it changed. Lives on the stack of one call, never in a shared object.
 */
public final class Session {
    final StateTransaction tx;
    final Organization org;
    final String actor;
    final @Nullable String eventId;
    final Instant now;
    private final Host host;
    private final List<Change> changes = new ArrayList<>();
    private final List<AdminNotice> notices = new ArrayList<>();
    /** Audit entries of this session per person, for the access history's links to what produced each value. */
    private final Map<dev.dirsync.core.model.DirectoryUserKey, List<AuditEntry>> auditedFor = new java.util.HashMap<>();
    // orders entries written in the same millisecond by this instance; across instances the time decides
    private static final java.util.concurrent.atomic.AtomicLong AUDIT_SEQ = new java.util.concurrent.atomic.AtomicLong();
    private final Map<dev.dirsync.core.model.DirectoryUserKey, String> sourceNotes = new java.util.HashMap<>();
    /** Mirror users this session read or wrote: projecting right after the mirror update reads none again. */
    private final Map<dev.dirsync.core.model.DirectoryUserKey, java.util.Optional<MirrorUser>> mirrorUsers =
            new java.util.HashMap<>();

    /**
     * What {@link #prefetch} read for a batch of people, each taken once by the first read of that person (a later
     * read, after this session may have written, asks the store again).
     */
    private final Map<dev.dirsync.core.model.DirectoryUserKey, java.util.Optional<AppliedProjection>> prefetchedApplied =
            new java.util.HashMap<>();
    private final Map<dev.dirsync.core.model.DirectoryUserKey, List<String>> prefetchedGroups = new java.util.HashMap<>();
    private final Map<dev.dirsync.core.model.DirectoryUserKey, java.util.Optional<AccessInterval>> prefetchedOpen =
            new java.util.HashMap<>();

    /**
     * With {@link #deferWrites}: the audit entries, applied projections and access-history changes this session
     * made, written together by {@link #flushWrites} (a job's batch: a few round trips instead of several per
     * person). Reads through this session see them before they are written.
     */
    private boolean deferring;
    private final List<AuditEntry> pendingAudit = new ArrayList<>();
    private final Map<dev.dirsync.core.model.DirectoryUserKey, AppliedProjection> pendingApplied =
            new java.util.LinkedHashMap<>();
    private final Map<dev.dirsync.core.model.DirectoryUserKey, AccessHistory.Begin> pendingBegins =
            new java.util.LinkedHashMap<>();

    Session(StateTransaction tx, Organization org, String actor, @Nullable String eventId, Instant now, Host host) {
        this.tx = tx;
        this.org = org;
        this.actor = actor;
        this.eventId = eventId;
        this.now = now;
        this.host = host;
    }

    /** The mirror's user as this transaction sees it; read from the store once per session. */
    java.util.Optional<MirrorUser> mirrorUser(dev.dirsync.core.model.DirectoryUserKey key) {
        java.util.Optional<MirrorUser> known = mirrorUsers.get(key);
        if (known == null) {
            known = tx.mirror().findUser(key);
            mirrorUsers.put(key, known);
        }
        return known;
    }

    /**
     * Reads what projecting these people needs in one lookup per store (mirror users, live groups, applied
     * projections, open access intervals) instead of four per person: a job's batch costs a constant number of
     * reads whatever its size.
     */
    void prefetch(java.util.Collection<dev.dirsync.core.model.DirectoryUserKey> keys) {
        if (keys.isEmpty()) {
            return;
        }
        Map<dev.dirsync.core.model.DirectoryUserKey, MirrorUser> users = tx.mirror().findUsers(keys);
        Map<dev.dirsync.core.model.DirectoryUserKey, List<String>> groups = tx.mirror().liveGroupIdsOfUsers(keys);
        Map<dev.dirsync.core.model.DirectoryUserKey, AppliedProjection> applied = tx.projections().findAll(keys);
        Map<dev.dirsync.core.model.DirectoryUserKey, AccessInterval> open = tx.accessHistory().currentOf(keys);
        for (dev.dirsync.core.model.DirectoryUserKey k : keys) {
            mirrorUsers.putIfAbsent(k, java.util.Optional.ofNullable(users.get(k)));
            prefetchedGroups.put(k, List.copyOf(groups.getOrDefault(k, List.of())));
            prefetchedApplied.put(k, java.util.Optional.ofNullable(applied.get(k)));
            prefetchedOpen.put(k, java.util.Optional.ofNullable(open.get(k)));
        }
    }

    /**
     * The person's last-applied projection: as this session saved it, else prefetched if this is its first read
     * here, else from the store.
     */
    java.util.Optional<AppliedProjection> appliedProjection(dev.dirsync.core.model.DirectoryUserKey key) {
        AppliedProjection pending = pendingApplied.get(key);
        if (pending != null) {
            return java.util.Optional.of(pending);
        }
        java.util.Optional<AppliedProjection> known = prefetchedApplied.remove(key);
        return known != null ? known : tx.projections().find(key);
    }

    /**
     * From now on the audit entries, applied projections and access history this session writes are kept until
     * {@link #flushWrites}, which the engine calls before the transaction commits (and before any read of the store
     * that must see them, such as the refused changes).
     */
    void deferWrites() {
        deferring = true;
    }

    /** Writes what {@link #deferWrites} kept: one call per store, whatever the number of people. */
    void flushWrites() {
        if (!pendingAudit.isEmpty()) {
            tx.audit().appendAll(List.copyOf(pendingAudit));
            pendingAudit.clear();
        }
        if (!pendingApplied.isEmpty()) {
            tx.projections().putAll(List.copyOf(pendingApplied.values()));
            pendingApplied.clear();
        }
        if (!pendingBegins.isEmpty()) {
            tx.accessHistory().beginAll(List.copyOf(pendingBegins.values()));
            pendingBegins.clear();
        }
    }

    /** Ids of the live groups the person is in: prefetched if this is its first read here, else from the store. */
    List<String> liveGroupIds(dev.dirsync.core.model.DirectoryUserKey key) {
        List<String> known = prefetchedGroups.remove(key);
        return known != null ? known : tx.mirror().liveGroupIdsOfUser(key);
    }

    /** Writes the mirror's user; later reads in this session see it without asking the store. */
    void putMirrorUser(MirrorUser user) {
        tx.mirror().putUser(user);
        mirrorUsers.put(user.key(), java.util.Optional.of(user));
    }

    /** Moves the mirror user's version only (its snapshot is unchanged); later reads in this session see it. */
    void putMirrorUserVersion(MirrorUser stored, dev.dirsync.core.model.SourceVersion version) {
        tx.mirror().putUserVersion(stored, version);
        mirrorUsers.put(stored.key(), java.util.Optional.of(new MirrorUser(stored.organizationId(), stored.user(),
                version, stored.deleted())));
    }

    /** Records an applied change: one audit entry in dirsync's log and in the host's sink. */
    void applied(Change c) {
        changes.add(c);
        AuditEntry e = new AuditEntry(nextAuditId(), c.organizationId(), now, actor, c.action(),
                c.key() == null ? null : c.key().userId(), c.appUserId(), c.label(), c.before(), c.after(),
                eventId, c.detail());
        if (c.key() != null) {
            auditedFor.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(e);
        }
        audit(e);
    }

    /**
     * Saves what was applied to a person: the one place the applied projection is written, so its access history
     * (role, workspaces, status intervals) changes in the same transaction and only when what was applied did.
     * Call after auditing the changes it records, so the history can name their entries.
     */
    void saveApplied(AppliedProjection next) {
        saveApplied(next, true);
    }

    /**
     * {@code mayBeOpen} false: the key had no (unpurged) applied projection before, so it has no open access
     * interval either (one is begun only here, after its projection, and a purge ends it): not read for nothing.
     */
    void saveApplied(AppliedProjection next, boolean mayBeOpen) {
        prefetchedApplied.remove(next.key()); // written: a later read sees this, not what was prefetched
        if (deferring) {
            pendingApplied.put(next.key(), next);
        } else {
            tx.projections().put(next);
        }
        AccessHistory history = tx.accessHistory();
        AccessHistory.Begin pendingBegin = pendingBegins.get(next.key());
        java.util.Optional<AccessInterval> prefetched = prefetchedOpen.remove(next.key());
        java.util.Optional<AccessInterval> open = pendingBegin != null ? java.util.Optional.of(pendingBegin.next())
                : prefetched != null ? prefetched
                : mayBeOpen ? history.current(next.key()) : java.util.Optional.empty();
        // an instance whose clock is behind the one that wrote the open interval never starts one before it
        Instant from = open.isPresent() && open.get().from().isAfter(now) ? open.get().from() : now;
        if (next.purged()) {
            flushWrites(); // rare (the purge job): what is pending is written first, so the end finds it
            open.ifPresent(o -> history.end(o, from));
            return;
        }
        Projection p = next.projection();
        AccessInterval candidate = new AccessInterval(next.key(), next.appUserId(), p.identity().email(), p.role(),
                p.workspaces(), p.status(), from, null, null, null, null);
        if (open.isPresent() && open.get().sameAccess(candidate)) {
            return; // a profile change, a purge date, a refusal: access as before
        }
        List<AuditEntry> entries = auditedFor.getOrDefault(next.key(), List.of());
        AccessInterval prev = open.orElse(null);
        boolean samePerson = prev != null && prev.appUserId().equals(next.appUserId());
        AccessInterval started = new AccessInterval(next.key(), next.appUserId(), p.identity().email(), p.role(),
                p.workspaces(), p.status(), from, null,
                samePerson && java.util.Objects.equals(prev.role(), p.role()) ? prev.roleAuditId()
                        : producedBy(entries, ROLE_ACTIONS),
                samePerson && prev.workspaces().equals(p.workspaces()) ? prev.workspacesAuditId()
                        : producedBy(entries, WORKSPACE_ACTIONS),
                samePerson && prev.status() == p.status() ? prev.statusAuditId()
                        : producedBy(entries, STATUS_ACTIONS));
        if (deferring) {
            // a second change of the same person here replaces the first, which was never written: the interval
            // open before this session ends, the newest begins (what begin, then begin again at the same instant, do)
            pendingBegins.put(next.key(), new AccessHistory.Begin(pendingBegin != null ? pendingBegin.open() : prev,
                    started));
        } else {
            history.begin(prev, started);
        }
    }

    private static final Set<AuditAction> ROLE_ACTIONS = EnumSet.of(AuditAction.USER_PROVISIONED,
            AuditAction.USER_LINKED, AuditAction.ROLE_CHANGED, AuditAction.ADMIN_AUTO_PROMOTED);
    private static final Set<AuditAction> WORKSPACE_ACTIONS = EnumSet.of(AuditAction.USER_PROVISIONED,
            AuditAction.USER_LINKED, AuditAction.WORKSPACE_ADDED, AuditAction.WORKSPACE_REMOVED);
    private static final Set<AuditAction> STATUS_ACTIONS = EnumSet.of(AuditAction.USER_PROVISIONED,
            AuditAction.USER_LINKED, AuditAction.USER_REACTIVATED, AuditAction.USER_DEACTIVATED,
            AuditAction.USER_MADE_READ_ONLY);

    /** The last of this session's entries for the person that sets the field; else its last entry, or null. */
    private static @Nullable String producedBy(List<AuditEntry> entries, Set<AuditAction> actions) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (actions.contains(entries.get(i).action())) {
                return entries.get(i).id();
            }
        }
        return entries.isEmpty() ? null : entries.get(entries.size() - 1).id();
    }

    /** Records an organization-level audit entry (settings, directory state) that concerns no single user. */
    void auditOrganization(AuditAction action, Map<String, String> before, Map<String, String> after, String detail) {
        audit(new AuditEntry(nextAuditId(), org.id(), now, actor, action, null, null, null,
                before, after, eventId, detail));
    }

    /**
     * Ids sort in the order entries were written: time, then this instance's write sequence, then a random
     * part that keeps ids of concurrent instances unique.
     */
    private String nextAuditId() {
        return String.format("%013d-%010d-%s", now.toEpochMilli(), AUDIT_SEQ.incrementAndGet() % 10_000_000_000L,
                UUID.randomUUID().toString().substring(0, 8));
    }

    private void audit(AuditEntry e) {
        if (deferring) {
            pendingAudit.add(e);
        } else {
            tx.audit().append(e);
        }
        host.auditSink().record(e);
    }

    void notice(AdminNotice.Kind kind, String message, dev.dirsync.core.model.@Nullable DirectoryUserKey subject) {
        notices.add(new AdminNotice(org.id(), kind, message, subject, now));
    }

    /** A note from the source about a user (e.g. WorkOS previous_attributes), added to its update's audit entry. */
    void sourceNote(dev.dirsync.core.model.DirectoryUserKey key, String note) {
        sourceNotes.put(key, note);
    }

    String sourceNote(dev.dirsync.core.model.DirectoryUserKey key) {
        return sourceNotes.getOrDefault(key, "");
    }

    List<Change> changes() {
        return changes;
    }

    List<AdminNotice> notices() {
        return notices;
    }
}
