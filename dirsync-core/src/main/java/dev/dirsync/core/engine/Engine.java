package dev.dirsync.core.engine;

import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.Mode;
import dev.dirsync.core.model.Organization;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.model.Projection;
import dev.dirsync.core.outcome.Change;
import dev.dirsync.core.outcome.Outcome;
import dev.dirsync.core.spi.AdminNotice;
import dev.dirsync.core.state.AppliedProjection;
import dev.dirsync.core.state.MirrorUser;
import dev.dirsync.core.state.ScimCredential;
import dev.dirsync.core.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The reconciliation engine: events into the mirror, mirror into host state. Used through
 * {@code DirectorySync}; public only so adapters in other packages of dirsync can reach it.
 */
public final class Engine {
    private static final Logger log = LoggerFactory.getLogger(Engine.class);

    private final StateStore state;
    private final Host host;
    private final Clock clock;
    private final MirrorUpdater mirrorUpdater = new MirrorUpdater();
    private final Reconciler reconciler;

    public Engine(StateStore state, Host host, Clock clock) {
        this.state = state;
        this.host = host;
        this.clock = clock;
        this.reconciler = new Reconciler(host);
    }

    /** Takes one source event: ledger, mirror, then projection per the organization's mode; one transaction. */
    public Outcome accept(SourceEvent event) {
        return accept(event, true);
    }

    /**
     * Takes one source event; with {@code project} false only the ledger and mirror change (bulk import, which
     * projects once at the end so the host never sees a half-loaded directory).
     */
    public Outcome accept(SourceEvent event, boolean project) {
        long started = System.nanoTime();
        String eventId = event.meta().eventId();
        List<AdminNotice> notices = new ArrayList<>();
        Outcome outcome = state.inTransaction(tx -> {
            notices.clear(); // a retried transaction starts over
            Organization org = tx.organizations().lock(event.meta().organizationId()).orElse(null);
            if (org == null) {
                return new Outcome.Rejected(eventId, "unknown organization '" + event.meta().organizationId()
                        + "': create it with DirectorySync.createOrganization before its directory sends events");
            }
            Instant now = clock.instant();
            if (!tx.ledger().record(org.id(), eventId, now)) {
                return new Outcome.Duplicate(eventId);
            }
            Session s = new Session(tx, org, event.meta().source().actor(), eventId, now, host);
            MirrorUpdater.Result r = mirrorUpdater.apply(s, event);
            Outcome result;
            if (r.staleReason() != null) {
                result = new Outcome.Stale(eventId, r.staleReason());
            } else if (!project) {
                result = new Outcome.Mirrored(eventId);
            } else {
                result = switch (org.settings().mode()) {
                    case PAUSED -> new Outcome.HeldPaused(eventId);
                    case TEST -> new Outcome.Previewed(eventId, project(s, r.affected(), true));
                    case ACTIVE -> new Outcome.Applied(eventId, project(s, r.affected(), false));
                };
            }
            notices.addAll(s.notices());
            return result;
        });
        dispatch(notices);
        log.debug("event {} -> {}", eventId, outcome);
        report(event, outcome, java.time.Duration.ofNanos(System.nanoTime() - started));
        return outcome;
    }

    // ------------------------------------------------------------ computed events (direct SCIM)

    /**
     * Computes events from the organization's current mirror and takes them in one transaction under the
     * organization's row lock, so a read-modify-write (SCIM PATCH/PUT, uniqueness checks) cannot interleave with
     * another change of the organization, on this instance or another. The events are applied to the mirror in
     * order and projected once; all or nothing. {@code compute} may throw to refuse: nothing is stored and the
     * exception propagates. It may run more than once if the store retries the transaction.
     *
     * @return the outcome, under the first event's id; Stale or Duplicate never occur (they roll back and throw)
     */
    public Outcome acceptComputed(String organizationId,
                                  java.util.function.Function<CurrentMirror, List<SourceEvent>> compute) {
        List<AdminNotice> notices = new ArrayList<>();
        Outcome outcome = state.inTransaction(tx -> {
            notices.clear();
            Organization org = tx.organizations().lock(organizationId)
                    .orElseThrow(() -> unknownOrganization(organizationId));
            Instant now = clock.instant();
            List<SourceEvent> events = List.copyOf(compute.apply(new CurrentMirror(CurrentMirror.readOnly(tx.mirror()), now)));
            if (events.isEmpty()) {
                throw new IllegalArgumentException("the computation returned no event for organization " + organizationId);
            }
            SourceEvent first = events.get(0);
            Session s = new Session(tx, org, first.meta().source().actor(), first.meta().eventId(), now, host);
            Set<DirectoryUserKey> affected = new java.util.LinkedHashSet<>();
            for (SourceEvent e : events) {
                String id = e.meta().eventId();
                if (!e.meta().organizationId().equals(organizationId)) {
                    throw new IllegalArgumentException("computed event " + id + " is for organization "
                            + e.meta().organizationId() + ", not " + organizationId);
                }
                if (!tx.ledger().record(org.id(), id, now)) {
                    throw new IllegalStateException("computed event id " + id + " was taken before: give each "
                            + "computed event a fresh id");
                }
                MirrorUpdater.Result r = mirrorUpdater.apply(s, e);
                if (r.staleReason() != null) {
                    throw new IllegalStateException("computed event " + id + " is stale (" + r.staleReason()
                            + "): version computed events after the mirror's current versions");
                }
                affected.addAll(r.affected());
            }
            Outcome result = switch (org.settings().mode()) {
                case PAUSED -> new Outcome.HeldPaused(first.meta().eventId());
                case TEST -> new Outcome.Previewed(first.meta().eventId(), project(s, affected, true));
                case ACTIVE -> new Outcome.Applied(first.meta().eventId(), project(s, affected, false));
            };
            notices.addAll(s.notices());
            return result;
        });
        dispatch(notices);
        log.debug("computed events of organization {} -> {}", organizationId, outcome);
        return outcome;
    }

    // ------------------------------------------------------------ end of computed events

    /**
     * Takes a batch of one organization's events into the mirror only, in one transaction (bulk import): one lock,
     * one commit for the batch instead of one per event. All or nothing; outcomes in the events' order.
     */
    public List<Outcome> acceptAllToMirror(String organizationId, List<SourceEvent> events) {
        for (SourceEvent e : events) {
            if (!e.meta().organizationId().equals(organizationId)) {
                throw new IllegalArgumentException("event " + e.meta().eventId() + " is for organization "
                        + e.meta().organizationId() + ", not " + organizationId + ": batch one organization at a time");
            }
        }
        long started = System.nanoTime();
        List<AdminNotice> notices = new ArrayList<>();
        List<Outcome> outcomes = state.inTransaction(tx -> {
            notices.clear();
            List<Outcome> out = new ArrayList<>();
            Organization org = tx.organizations().lock(organizationId).orElse(null);
            Instant now = clock.instant();
            for (SourceEvent e : events) {
                String id = e.meta().eventId();
                if (org == null) {
                    out.add(new Outcome.Rejected(id, "unknown organization '" + organizationId + "'"));
                } else if (!tx.ledger().record(org.id(), id, now)) {
                    out.add(new Outcome.Duplicate(id));
                } else {
                    Session s = new Session(tx, org, e.meta().source().actor(), id, now, host);
                    MirrorUpdater.Result r = mirrorUpdater.apply(s, e);
                    out.add(r.staleReason() != null ? new Outcome.Stale(id, r.staleReason()) : new Outcome.Mirrored(id));
                    notices.addAll(s.notices());
                }
            }
            return out;
        });
        dispatch(notices);
        java.time.Duration each = java.time.Duration.ofNanos((System.nanoTime() - started) / Math.max(1, events.size()));
        for (int i = 0; i < events.size(); i++) {
            report(events.get(i), outcomes.get(i), each);
        }
        return outcomes;
    }

    private List<Change> project(Session s, Set<DirectoryUserKey> keys, boolean preview) {
        List<Change> changes = new ArrayList<>();
        for (DirectoryUserKey k : keys) {
            changes.addAll(reconciler.reconcile(s, k, preview));
        }
        if (!preview && grantsAdmin(changes, s.org.settings().adminRole())) {
            // a new admin may unblock changes the sole-admin guard refused earlier
            for (AppliedProjection a : s.tx.projections().list(s.org.id())) {
                if (a.blocked() != null && !keys.contains(a.key())) {
                    changes.addAll(reconciler.reconcile(s, a.key(), false));
                }
            }
        }
        return changes;
    }

    /** True if a change may have given someone admin rights (rare), which can unblock a refused change. */
    private static boolean grantsAdmin(List<Change> changes, String adminRole) {
        for (Change c : changes) {
            switch (c.action()) {
                case ROLE_CHANGED, USER_PROVISIONED -> {
                    if (adminRole.equals(c.after().get("role"))) {
                        return true;
                    }
                }
                case USER_LINKED, USER_REACTIVATED, ADMIN_AUTO_PROMOTED -> {
                    return true;
                }
                default -> {
                }
            }
        }
        return false;
    }

    /** Users re-projected per transaction: amortizes the transaction cost, keeps each one short. */
    static final int REPROJECT_BATCH = 50;

    /** Re-projects every directory user of the organization, a batch of users per transaction. */
    public List<Change> reproject(String organizationId, Source actor) {
        List<DirectoryUserKey> keys = state.inTransaction(tx -> tx.mirror().users(organizationId).stream()
                .map(MirrorUser::key).toList());
        List<Change> all = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += REPROJECT_BATCH) {
            List<DirectoryUserKey> batch = keys.subList(from, Math.min(keys.size(), from + REPROJECT_BATCH));
            all.addAll(inOrganization(organizationId, actor, s -> {
                List<Change> changes = new ArrayList<>();
                switch (s.org.settings().mode()) {
                    case PAUSED -> {
                    }
                    case TEST -> batch.forEach(k -> changes.addAll(reconciler.reconcile(s, k, true)));
                    case ACTIVE -> changes.addAll(project(s, new java.util.LinkedHashSet<>(batch), false));
                }
                return changes;
            }));
        }
        return all;
    }

    /** Replaces the settings (audited), then re-projects so the organization matches them. */
    public List<Change> updateSettings(String organizationId, OrganizationSettings next, Source actor) {
        Objects.requireNonNull(next, "settings");
        return updateSettings(organizationId, current -> next, null, actor).changes();
    }

    /**
     * Computes new settings from the current ones read under the organization's lock, stores them (audited) and
     * re-projects. With {@code expectedVersion}, refuses with {@link SettingsVersionConflict} unless the stored
     * settings are still at that version, so two admins editing at once cannot silently revert each other.
     */
    public SettingsUpdate updateSettings(String organizationId,
                                         java.util.function.UnaryOperator<OrganizationSettings> change,
                                         @org.jspecify.annotations.Nullable Long expectedVersion, Source actor) {
        Objects.requireNonNull(change, "change");
        Organization[] saved = new Organization[1];
        inOrganization(organizationId, actor, s -> {
            if (expectedVersion != null && expectedVersion != s.org.settingsVersion()) {
                throw new SettingsVersionConflict(organizationId, expectedVersion, s.org.settingsVersion());
            }
            OrganizationSettings prev = s.org.settings();
            OrganizationSettings next = Objects.requireNonNull(change.apply(prev), "the settings change returned null");
            if (prev.equals(next)) {
                saved[0] = s.org;
                return List.of();
            }
            Organization updated = s.org.withSettings(next);
            s.tx.organizations().update(updated);
            saved[0] = updated;
            if (prev.mode() != next.mode()) {
                s.auditOrganization(AuditAction.MODE_CHANGED, Map.of("mode", lower(prev.mode())),
                        Map.of("mode", lower(next.mode())), "");
                if (next.mode() != Mode.TEST) {
                    s.tx.previews().clear(organizationId);
                }
            }
            Map<String, String> before = new LinkedHashMap<>();
            Map<String, String> after = new LinkedHashMap<>();
            SettingsDiff.describe(prev, next, before, after);
            if (!before.isEmpty() || !after.isEmpty()) {
                s.auditOrganization(AuditAction.SETTINGS_CHANGED, before, after, "");
            }
            return List.of();
        });
        // re-projects even when nothing changed: "activate" on an active organization heals drift
        return new SettingsUpdate(saved[0], reproject(organizationId, actor));
    }

    /**
     * What the proposed settings would change, user by user, compared with the current settings; nothing is
     * saved or applied.
     */
    public List<Change> previewSettings(String organizationId, OrganizationSettings proposed) {
        return state.inTransaction(tx -> {
            Organization org = tx.organizations().find(organizationId)
                    .orElseThrow(() -> unknownOrganization(organizationId));
            List<Change> out = new ArrayList<>();
            for (MirrorUser mu : tx.mirror().users(organizationId)) {
                AppliedProjection applied = tx.projections().find(mu.key()).orElse(null);
                List<String> groups = Projector.liveGroupIds(tx, mu.key());
                Projection now = Projector.desired(org.settings(), mu, groups, applied);
                Projection next = Projector.desired(proposed, mu, groups, applied);
                PreviewDiff.between(now, next, out);
            }
            return out;
        });
    }

    /** Calls the host's purge hook for every user whose grace period ended; returns how many were purged. */
    public int purgeDue(Instant now) {
        List<AppliedProjection> due = state.inTransaction(tx -> tx.projections().purgeDue(now));
        int purged = 0;
        for (AppliedProjection a : due) {
            purged += inOrganization(a.key().organizationId(), Source.SYSTEM, s -> {
                AppliedProjection fresh = s.tx.projections().find(a.key()).orElse(null);
                if (fresh == null || fresh.purged() || fresh.purgeAt() == null || fresh.purgeAt().isAfter(now)) {
                    return List.<Change>of(); // reactivated or purged by another instance meanwhile
                }
                host.users().purge(fresh.appUserId());
                host.apiKeys().revokeApiKeys(a.key().organizationId(), fresh.appUserId());
                s.tx.projections().put(new AppliedProjection(fresh.key(), fresh.appUserId(), fresh.projection(),
                        fresh.firstAppliedAt(), s.now, null, true, false, null));
                Change c = Change.of(AuditAction.USER_PURGED, fresh.key(), fresh.appUserId(),
                        fresh.projection().identity().email(), "grace period ended");
                s.applied(c);
                return List.of(c);
            }).size();
        }
        return purged;
    }

    /** Maximum active SCIM credentials per organization: two cover a rotation; a few more cover several IdPs. */
    public static final int MAX_ACTIVE_SCIM_CREDENTIALS = 5;

    /** Issues a SCIM bearer token for a directory of the organization; the token is returned once, never stored. */
    public IssuedScimCredential issueScimCredential(String organizationId, String directoryId, String provider,
                                                    Source actor) {
        String token = ScimTokens.newToken();
        ScimCredential[] made = new ScimCredential[1];
        inOrganization(organizationId, actor, s -> {
            long active = s.tx.scimCredentials().list(organizationId).stream().filter(ScimCredential::active).count();
            if (active >= MAX_ACTIVE_SCIM_CREDENTIALS) {
                throw new IllegalStateException("organization " + organizationId + " already has " + active
                        + " active SCIM credentials: revoke one before issuing another");
            }
            ScimCredential c = new ScimCredential("scimcred_" + java.util.UUID.randomUUID().toString().replace("-", ""),
                    organizationId, directoryId, provider, ScimTokens.hash(token), ScimTokens.suffix(token), s.now,
                    null, null);
            s.tx.scimCredentials().insert(c);
            s.auditOrganization(AuditAction.SCIM_CREDENTIAL_ISSUED, Map.of(), Map.of("credential", c.id(),
                    "suffix", c.suffix(), "directory", directoryId, "provider", provider), "");
            made[0] = c;
            return List.of();
        });
        return new IssuedScimCredential(made[0], token);
    }

    /** Revokes a credential of the organization; false if it has no such active credential. */
    public boolean revokeScimCredential(String organizationId, String credentialId, Source actor) {
        boolean[] revoked = new boolean[1];
        inOrganization(organizationId, actor, s -> {
            revoked[0] = s.tx.scimCredentials().revoke(organizationId, credentialId, s.now);
            if (revoked[0]) {
                s.auditOrganization(AuditAction.SCIM_CREDENTIAL_REVOKED, Map.of("credential", credentialId), Map.of(), "");
            }
            return List.of();
        });
        return revoked[0];
    }

    /** The active credential this bearer token belongs to, if any; records its use. */
    public java.util.Optional<ScimCredential> authenticateScim(String token) {
        if (token == null || !token.startsWith(ScimTokens.PREFIX)) {
            return java.util.Optional.empty();
        }
        String hash = ScimTokens.hash(token);
        Instant now = clock.instant();
        return state.inTransaction(tx -> {
            java.util.Optional<ScimCredential> c = tx.scimCredentials().findByTokenHash(hash)
                    .filter(ScimCredential::active).filter(x -> ScimTokens.sameHash(x.tokenHash(), hash));
            c.filter(x -> x.lastUsedAt() == null || x.lastUsedAt().isBefore(now.minusSeconds(60)))
                    .ifPresent(x -> tx.scimCredentials().touch(x.id(), now));
            return c;
        });
    }

    private List<Change> inOrganization(String organizationId, Source actor,
                                        java.util.function.Function<Session, List<Change>> work) {
        List<AdminNotice> notices = new ArrayList<>();
        List<Change> changes = state.inTransaction(tx -> {
            notices.clear();
            Organization org = tx.organizations().lock(organizationId)
                    .orElseThrow(() -> unknownOrganization(organizationId));
            Session s = new Session(tx, org, actor.actor(), null, clock.instant(), host);
            List<Change> result = work.apply(s);
            notices.addAll(s.notices());
            return result;
        });
        dispatch(notices);
        return changes;
    }

    /** Tells the host's listener; a failing listener is logged and never undoes the committed event. */
    private void report(SourceEvent event, Outcome outcome, java.time.Duration elapsed) {
        try {
            host.listener().onOutcome(event, outcome, elapsed);
        } catch (RuntimeException e) {
            log.warn("OutcomeListener failed for event {}; ignored", event.meta().eventId(), e);
        }
    }

    private void dispatch(List<AdminNotice> notices) {
        for (AdminNotice n : notices) {
            try {
                host.notifier().notify(n);
            } catch (RuntimeException e) {
                log.warn("Notifier failed for {} notice to organization {}; the change itself is committed",
                        n.kind(), n.organizationId(), e);
            }
        }
    }

    static IllegalArgumentException unknownOrganization(String id) {
        return new IllegalArgumentException("unknown organization '" + id + "': create it with "
                + "DirectorySync.createOrganization first");
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT);
    }
}
