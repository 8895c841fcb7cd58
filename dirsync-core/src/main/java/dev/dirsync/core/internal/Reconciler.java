package dev.dirsync.core.internal;

import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.Identity;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.model.Projection;
import dev.dirsync.core.model.RoleSource;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.outcome.Change;
import dev.dirsync.core.policy.DeactivationRule;
import dev.dirsync.core.policy.SoleAdminGuard;
import dev.dirsync.core.spi.AdminNotice;
import dev.dirsync.core.spi.AppUser;
import dev.dirsync.core.state.AppliedProjection;
import dev.dirsync.core.state.MirrorUser;
import dev.dirsync.core.state.PreviewEntry;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Brings one host user from its last-applied state to the desired state through the SPI, applying only the
 * difference, with the sole-admin guard and the deactivation policy; or, in test mode, records what it would do.
 */
final class Reconciler {
    private static final String BLOCKED_DEACTIVATION = "deactivation";
    private static final String BLOCKED_ROLE = "role";

    private final Host host;

    Reconciler(Host host) {
        this.host = host;
    }

    /** Reconciles one user; returns the changes made (or, with {@code preview}, that would be made). */
    List<Change> reconcile(Session s, DirectoryUserKey key, boolean preview) {
        Optional<MirrorUser> mirrorUser = s.mirrorUser(key);
        if (mirrorUser.isEmpty()) {
            return List.of(); // a membership arrived before its user: nothing to project yet
        }
        OrganizationSettings settings = s.org.settings();
        Optional<AppliedProjection> applied = s.appliedProjection(key).filter(a -> !a.purged());
        Set<String> refused = idpRolesOutsideCatalog(settings, mirrorUser.get(), key.organizationId());
        Projection desired = Projector.desired(settings, mirrorUser.get(), s.liveGroupIds(key),
                applied.orElse(null), r -> !refused.contains(r));
        Run run = new Run(s, key, desired, preview, refused);
        List<Change> changes = run.execute(applied.orElse(null));
        if (preview) {
            if (changes.isEmpty()) {
                s.tx.previews().remove(key);
            } else {
                s.tx.previews().put(new PreviewEntry(key, desired, changes, s.now));
            }
        }
        return changes;
    }

    /**
     * Restores one host user from the directory after the drift check found its access changed in the app: the
     * same steps as {@link #reconcile}, starting from the app's actual role, workspaces and status instead of what
     * was last applied, so every SPI call, the sole-admin guard and the deactivation policy act as usual. The
     * corrections are audited as {@code drift_corrected}; a refusal by the guard as usual. Never in preview.
     */
    List<Change> restore(Session s, AppliedProjection applied, dev.dirsync.core.spi.AppAccess actual) {
        Optional<MirrorUser> mirrorUser = s.mirrorUser(applied.key());
        if (mirrorUser.isEmpty() || applied.purged()) {
            return List.of();
        }
        Set<String> refused = idpRolesOutsideCatalog(s.org.settings(), mirrorUser.get(), applied.key().organizationId());
        Projection desired = Projector.desired(s.org.settings(), mirrorUser.get(),
                Projector.liveGroupIds(s.tx, applied.key()), applied, r -> !refused.contains(r));
        Projection p = applied.projection();
        Projection inApp = new Projection(p.key(), p.identity(), actual.status(), actual.role(), actual.workspaces(),
                p.metadata());
        Run run = new Run(s, applied.key(), desired, false, refused);
        run.restoring = true;
        List<Change> changes = run.execute(new AppliedProjection(applied.key(), applied.appUserId(), inApp,
                applied.firstAppliedAt(), applied.lastAppliedAt(), applied.purgeAt(), false, applied.promotedAdmin(),
                applied.blocked()));
        if (run.blocked != null) {
            // the guard kept the app's value; dirsync never applied it, so the record keeps the directory's value
            // and the drift stays visible
            s.tx.projections().find(applied.key()).ifPresent(now -> s.tx.projections().put(new AppliedProjection(
                    now.key(), now.appUserId(), now.projection().withRole(p.role()).withStatus(p.status()),
                    now.firstAppliedAt(), now.lastAppliedAt(), now.purgeAt(), now.purged(), now.promotedAdmin(),
                    now.blocked())));
        }
        return changes;
    }

    /**
     * The roles the IdP assigns this user that would count (source IdP roles, named in the precedence list) but that
     * the host's catalog does not declare: refused, the user gets the role the rest resolves to (the default role at
     * worst). The catalog is asked only when the IdP assigns such a role.
     */
    private Set<String> idpRolesOutsideCatalog(OrganizationSettings settings, MirrorUser mirrorUser, String org) {
        if (host.catalog() == null || settings.roleSource() == RoleSource.GROUP_MAPPINGS) {
            return Set.of();
        }
        List<String> counted = mirrorUser.user().idpRoles().stream()
                .filter(settings.rolePrecedence()::contains).toList();
        if (counted.isEmpty()) {
            return Set.of();
        }
        Set<String> declared = host.catalog().roles(org);
        Set<String> out = new TreeSet<>();
        for (String r : counted) {
            if (!declared.contains(r)) {
                out.add(r);
            }
        }
        return out;
    }

    /** One reconciliation: mutable locals of a single call. */
    private final class Run {
        private final Session s;
        private final DirectoryUserKey key;
        private final Projection desired;
        private final boolean preview;
        private final String label;
        private final List<Change> changes = new ArrayList<>();
        private @Nullable String blocked;
        /** Restoring drift: access changes are audited as drift_corrected (see {@link #restore}). */
        private boolean restoring;
        private final Set<String> refusedIdpRoles;

        Run(Session s, DirectoryUserKey key, Projection desired, boolean preview, Set<String> refusedIdpRoles) {
            this.refusedIdpRoles = refusedIdpRoles;
            this.s = s;
            this.key = key;
            this.desired = desired;
            this.preview = preview;
            this.label = desired.identity().email() != null ? desired.identity().email()
                    : desired.identity().displayName();
        }

        private void change(Change c) {
            if (restoring) {
                c = switch (c.action()) {
                    case ROLE_CHANGED, WORKSPACE_ADDED, WORKSPACE_REMOVED, USER_REACTIVATED, USER_DEACTIVATED,
                         USER_MADE_READ_ONLY -> new Change(AuditAction.DRIFT_CORRECTED, c.organizationId(), c.key(),
                            c.appUserId(), c.label(), c.before(), c.after(), "changed in the app"
                            + (c.detail().isEmpty() ? "" : "; " + c.detail()));
                    default -> c;
                };
            }
            changes.add(c);
            if (!preview) {
                s.applied(c);
            }
        }

        List<Change> execute(@Nullable AppliedProjection applied) {
            String appUserId;
            Projection current;
            boolean promotedAdmin = applied != null && applied.promotedAdmin();
            @Nullable String previouslyBlocked = applied == null ? null : applied.blocked();
            Instant0 purge = new Instant0(applied == null ? null : applied.purgeAt());
            if (applied != null) {
                appUserId = applied.appUserId();
                current = applied.projection();
            } else {
                if (desired.status() != UserStatus.ACTIVE) {
                    return List.of(); // never provision someone the directory already offboarded
                }
                Optional<AppUser> known = host.users().findByDirectoryUser(key);
                Optional<AppUser> linkable = known.isPresent() || desired.identity().email() == null ? Optional.empty()
                        : host.users().findLinkableByVerifiedEmail(key.organizationId(), desired.identity().email());
                if (known.isPresent() || linkable.isPresent()) {
                    AppUser existing = known.orElseGet(linkable::orElseThrow);
                    appUserId = existing.id();
                    if (!preview && known.isEmpty()) {
                        host.users().link(appUserId, key);
                    }
                    // what the account had when linked: the changes below start from it, so the audit log alone
                    // tells what was applied at any instant (workspaces unknown to dirsync count as none)
                    Map<String, String> found = new LinkedHashMap<>();
                    if (existing.role() != null) {
                        found.put("role", existing.role());
                    }
                    found.put("workspaces", "");
                    found.put("status", Engine.lower(existing.status()));
                    change(new Change(AuditAction.USER_LINKED, key.organizationId(), key, appUserId, label, Map.of(),
                            found, known.isPresent() ? "host user already follows this directory user"
                            : "existing account with the same verified email"));
                    // unknown host-side identity and workspaces: the diff below sets them in full
                    current = new Projection(key, new Identity(existing.email(), null, null, null, ""),
                            existing.status(), existing.role(), new TreeSet<>(), Map.of());
                } else {
                    appUserId = preview ? "(new)" : host.users().create(desired).id();
                    Map<String, String> after = new LinkedHashMap<>();
                    after.put("email", String.valueOf(desired.identity().email()));
                    after.put("role", String.valueOf(desired.role()));
                    after.put("workspaces", String.join(",", desired.workspaces()));
                    after.put("status", Engine.lower(desired.status()));
                    change(new Change(AuditAction.USER_PROVISIONED, key.organizationId(), key, appUserId, label,
                            Map.of(), after, ""));
                    refusedIdpRoles(appUserId);
                    if (!preview) {
                        record(appUserId, desired, null, null, false, null);
                    }
                    return changes;
                }
            }
            current = reactivate(appUserId, current, purge);
            current = updateProfile(appUserId, current);
            RoleStep roleStep = changeRole(appUserId, current, previouslyBlocked, promotedAdmin);
            current = roleStep.current;
            promotedAdmin = roleStep.promotedAdmin;
            current = changeWorkspaces(appUserId, current);
            current = offboard(appUserId, current, previouslyBlocked, purge);
            if (!preview) {
                record(appUserId, current, applied, purge.value, promotedAdmin, blocked);
            }
            return changes;
        }

        private Projection reactivate(String appUserId, Projection current, Instant0 purge) {
            if (desired.status() != UserStatus.ACTIVE || current.status() == UserStatus.ACTIVE) {
                return current;
            }
            if (!preview) {
                host.users().setStatus(appUserId, UserStatus.ACTIVE);
            }
            change(Change.field(AuditAction.USER_REACTIVATED, key, appUserId, label, "status",
                    Engine.lower(current.status()), "active"));
            purge.value = null;
            return current.withStatus(UserStatus.ACTIVE);
        }

        private Projection updateProfile(String appUserId, Projection current) {
            Map<String, String> before = new LinkedHashMap<>();
            Map<String, String> after = new LinkedHashMap<>();
            Identity a = current.identity();
            Identity b = desired.identity();
            diff("email", a.email(), b.email(), before, after);
            diff("userName", a.userName(), b.userName(), before, after);
            diff("givenName", a.givenName(), b.givenName(), before, after);
            diff("familyName", a.familyName(), b.familyName(), before, after);
            diff("displayName", a.displayName(), b.displayName(), before, after);
            TreeSet<String> keys = new TreeSet<>(current.metadata().keySet());
            keys.addAll(desired.metadata().keySet());
            for (String k : keys) {
                diff("metadata." + k, current.metadata().get(k), desired.metadata().get(k), before, after);
            }
            if (before.isEmpty() && after.isEmpty()) {
                return current;
            }
            if (!preview) {
                host.users().updateProfile(appUserId, b, desired.metadata());
            }
            change(new Change(AuditAction.USER_UPDATED, key.organizationId(), key, appUserId, label, before, after,
                    s.sourceNote(key)));
            return new Projection(key, b, current.status(), current.role(), current.workspaces(), desired.metadata());
        }

        private record RoleStep(Projection current, boolean promotedAdmin) {
        }

        private RoleStep changeRole(String appUserId, Projection current, @Nullable String previouslyBlocked,
                                    boolean promotedAdmin) {
            if (desired.status() != UserStatus.ACTIVE || Objects.equals(desired.role(), current.role())) {
                return new RoleStep(current, promotedAdmin);
            }
            String admin = s.org.settings().adminRole();
            boolean losesAdmin = admin.equals(current.role()) && !admin.equals(desired.role());
            if (losesAdmin && current.status() == UserStatus.ACTIVE
                    && !guard(appUserId, BLOCKED_ROLE, previouslyBlocked, "role change of " + label)) {
                return new RoleStep(current, promotedAdmin);
            }
            if (!preview) {
                host.users().setRole(appUserId, desired.role());
            }
            change(Change.field(AuditAction.ROLE_CHANGED, key, appUserId, label, "role", current.role(), desired.role()));
            refusedIdpRoles(appUserId);
            return new RoleStep(current.withRole(desired.role()), promotedAdmin && admin.equals(desired.role()));
        }

        private Projection changeWorkspaces(String appUserId, Projection current) {
            if (desired.status() != UserStatus.ACTIVE || desired.workspaces().equals(current.workspaces())) {
                return current;
            }
            if (!preview) {
                host.users().setWorkspaces(appUserId, desired.workspaces());
            }
            SortedSet<String> added = new TreeSet<>(desired.workspaces());
            added.removeAll(current.workspaces());
            SortedSet<String> removed = new TreeSet<>(current.workspaces());
            removed.removeAll(desired.workspaces());
            for (String w : added) {
                change(Change.field(AuditAction.WORKSPACE_ADDED, key, appUserId, label, "workspace", null, w));
            }
            for (String w : removed) {
                change(Change.field(AuditAction.WORKSPACE_REMOVED, key, appUserId, label, "workspace", w, null));
            }
            return current.withWorkspaces(desired.workspaces());
        }

        private Projection offboard(String appUserId, Projection current, @Nullable String previouslyBlocked,
                                    Instant0 purge) {
            if (desired.status() == UserStatus.ACTIVE || desired.status() == current.status()) {
                return current;
            }
            OrganizationSettings settings = s.org.settings();
            boolean isAdmin = settings.adminRole().equals(current.role()) && current.status() == UserStatus.ACTIVE;
            if (isAdmin && !guard(appUserId, BLOCKED_DEACTIVATION, previouslyBlocked, "deactivation of " + label)) {
                return current;
            }
            DeactivationRule.Plan plan = DeactivationRule.plan(settings.deactivationPolicy(), settings.gracePeriod(), s.now);
            List<String> done = new ArrayList<>();
            if (!preview) {
                host.users().setStatus(appUserId, plan.status());
            }
            if (plan.revokeSessions()) {
                if (!preview) {
                    host.sessions().revokeSessions(key.organizationId(), appUserId);
                }
                done.add("sessions revoked");
            }
            if (plan.revokeApiKeys()) {
                if (!preview) {
                    host.apiKeys().revokeApiKeys(key.organizationId(), appUserId);
                }
                done.add("API keys revoked");
            }
            if (plan.purgeAt() != null) {
                done.add("purge due " + plan.purgeAt());
            }
            purge.value = plan.purgeAt();
            AuditAction action = plan.status() == UserStatus.READ_ONLY
                    ? AuditAction.USER_MADE_READ_ONLY : AuditAction.USER_DEACTIVATED;
            change(new Change(action, key.organizationId(), key, appUserId, label,
                    Map.of("status", Engine.lower(current.status())), Map.of("status", Engine.lower(plan.status())),
                    "policy " + Engine.lower(settings.deactivationPolicy()) + (done.isEmpty() ? "" : ": " + String.join(", ", done))));
            if (plan.notifyAdmins() && !preview) {
                s.notice(AdminNotice.Kind.USER_DEACTIVATED, label + " was " + (plan.status() == UserStatus.READ_ONLY
                        ? "made read-only" : "deactivated") + " by " + s.actor + ".", key);
            }
            return current.withStatus(plan.status());
        }

        /**
         * Audits and alerts that the IdP's roles outside the host's catalog were refused, when the role they would
         * have decided is applied (provisioning, a role change): once per such change, not on every re-projection.
         */
        private void refusedIdpRoles(String appUserId) {
            if (refusedIdpRoles.isEmpty()) {
                return;
            }
            String why = "the IdP assigns " + (refusedIdpRoles.size() == 1 ? "role " : "roles ")
                    + String.join(", ", refusedIdpRoles) + ", which the application does not declare; "
                    + desired.role() + " applied instead";
            change(Change.of(AuditAction.ROLE_CHANGE_BLOCKED, key, appUserId, label, "refused: " + why));
            if (!preview) {
                s.notice(AdminNotice.Kind.ROLE_CHANGE_BLOCKED, "dirsync refused a role for " + label + ": " + why
                        + ". Declare the role in the application, or change the role in the IdP.", key);
            }
        }

        /** Applies the sole-admin guard; true if the change may proceed. */
        private boolean guard(String appUserId, String what, @Nullable String previouslyBlocked, String description) {
            OrganizationSettings settings = s.org.settings();
            // every active user is listed only when a promotion is actually needed, not on each admin removal
            SoleAdminGuard.Verdict verdict = SoleAdminGuard.evaluate(settings.soleAdminPolicy(), appUserId,
                    host.users().listActiveAdmins(key.organizationId(), settings.adminRole()),
                    () -> host.users().listActiveUsers(key.organizationId()));
            if (verdict instanceof SoleAdminGuard.Verdict.Proceed) {
                return true;
            }
            if (verdict instanceof SoleAdminGuard.Verdict.PromoteThenProceed p) {
                promote(p.candidate(), description);
                return true;
            }
            String reason = ((SoleAdminGuard.Verdict.Block) verdict).reason();
            blocked = what;
            if (!what.equals(previouslyBlocked)) { // audit and alert once, not on every retry of the same state
                AuditAction action = what.equals(BLOCKED_ROLE) ? AuditAction.ROLE_CHANGE_BLOCKED
                        : AuditAction.DEACTIVATION_BLOCKED;
                change(Change.of(action, key, appUserId, label, "refused: " + reason));
                if (!preview) {
                    s.notice(what.equals(BLOCKED_ROLE) ? AdminNotice.Kind.ROLE_CHANGE_BLOCKED
                                    : AdminNotice.Kind.DEACTIVATION_BLOCKED,
                            "dirsync refused the " + description + " requested by " + s.actor + ": " + reason + ".", key);
                }
            }
            return false;
        }

        private void promote(AppUser candidate, String description) {
            String admin = s.org.settings().adminRole();
            // audited first, so the access history of the promoted member can name the entry
            change(new Change(AuditAction.ADMIN_AUTO_PROMOTED, key.organizationId(), candidate.directoryKey(),
                    candidate.id(), candidate.email(), candidate.role() == null ? Map.of() : Map.of("role", candidate.role()),
                    Map.of("role", admin), "earliest-tenured active member promoted before the " + description));
            if (!preview) {
                host.users().setRole(candidate.id(), admin);
                if (candidate.directoryKey() != null) {
                    s.appliedProjection(candidate.directoryKey()).ifPresent(a -> s.saveApplied(
                            new AppliedProjection(a.key(), a.appUserId(), a.projection().withRole(admin),
                                    a.firstAppliedAt(), s.now, a.purgeAt(), a.purged(), true, a.blocked())));
                }
                s.notice(AdminNotice.Kind.ADMIN_AUTO_PROMOTED, (candidate.email() == null ? candidate.id()
                        : candidate.email()) + " was made " + admin + " so that the " + description
                        + " leaves the organization with an admin.", candidate.directoryKey());
            }
        }

        private void record(String appUserId, Projection applied, @Nullable AppliedProjection previous,
                            java.time.@Nullable Instant purgeAt, boolean promotedAdmin, @Nullable String blockedNow) {
            if (previous != null && changes.isEmpty() && previous.appUserId().equals(appUserId)
                    && previous.projection().equals(applied) && Objects.equals(previous.purgeAt(), purgeAt)
                    && previous.promotedAdmin() == promotedAdmin && Objects.equals(previous.blocked(), blockedNow)) {
                return; // nothing was applied: the stored row stays as it is (and keeps its lastAppliedAt)
            }
            s.saveApplied(new AppliedProjection(key, appUserId, applied,
                    previous == null ? s.now : previous.firstAppliedAt(), s.now, purgeAt, false, promotedAdmin,
                    blockedNow), previous != null);
        }
    }

    /** A mutable holder for the purge time while a run decides it. */
    private static final class Instant0 {
        java.time.@Nullable Instant value;

        Instant0(java.time.@Nullable Instant value) {
            this.value = value;
        }
    }

    private static void diff(String field, @Nullable String a, @Nullable String b, Map<String, String> before,
                             Map<String, String> after) {
        if (!Objects.equals(a, b)) {
            if (a != null) {
                before.put(field, a);
            }
            if (b != null) {
                after.put(field, b);
            }
        }
    }
}
