package dev.dirsync.core.internal;

import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.DriftPolicy;
import dev.dirsync.core.model.Mode;
import dev.dirsync.core.model.Projection;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.outcome.Change;
import dev.dirsync.core.read.Page;
import dev.dirsync.core.read.UserQuery;
import dev.dirsync.core.read.UserView;
import dev.dirsync.core.spi.AdminNotice;
import dev.dirsync.core.spi.AppAccess;
import dev.dirsync.core.state.AppliedProjection;
import dev.dirsync.core.state.Drift;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Finds drift: host users whose role, workspaces or status in the app differ from what dirsync last applied (a role
 * raised by an in-app admin, a script, a bug). Works one page of the read model at a time, inside one write of the
 * {@link Engine} (under the organization's lock), so the comparison never races a projection, each new difference is
 * recorded and told to the admins once even when several instances check at once, and a run's cost per
 * transaction is bounded by the page size. Corrections go through {@link Reconciler#restore}: the host's normal
 * SPI calls, the sole-admin guard and the deactivation policy, audited as {@code drift_corrected}.
 */
public final class DriftDetector {
    /** People compared per transaction (one {@code UserStore.currentAccess} call each). */
    public static final int PAGE = 200;

    private final Reconciler reconciler;
    private final Host host;

    DriftDetector(Reconciler reconciler, Host host) {
        this.reconciler = reconciler;
        this.host = host;
    }

    /**
     * What one page of the check did.
     *
     * @param checked people compared
     * @param found differences first seen on this page
     * @param corrected differences restored from the directory on this page (policy {@code CORRECT})
     * @param last the page's last person, to continue after; null if the page was empty
     * @param more true if people follow the page
     */
    public record PageResult(int checked, int found, int corrected, @Nullable DirectoryUserKey last, boolean more) {
    }

    /** Compares one page of people after {@code after}; corrects under the CORRECT policy in active mode. */
    PageResult checkPage(Session s, @Nullable DirectoryUserKey after, int limit) {
        Page<UserView> page = s.tx.queries().users(s.org.id(), UserQuery.all().withProjected(true)
                .includingDeleted(true).after(after).page(0, limit));
        List<AppliedProjection> people = new ArrayList<>();
        for (UserView v : page.items()) {
            if (v.applied() != null && !v.applied().purged()) {
                people.add(v.applied());
            }
        }
        DirectoryUserKey last = page.items().isEmpty() ? null : page.items().get(page.items().size() - 1).key();
        if (people.isEmpty()) {
            return new PageResult(0, 0, 0, last, page.hasMore());
        }
        Map<String, AppAccess> actual = read(s, people);
        Map<DirectoryUserKey, List<Drift>> fresh = new LinkedHashMap<>();
        Map<DirectoryUserKey, List<Drift>> open = observe(s, people, actual, fresh);
        int corrected = 0;
        Set<DirectoryUserKey> restored = Set.of();
        if (!open.isEmpty() && s.org.settings().driftPolicy() == DriftPolicy.CORRECT
                && s.org.settings().mode() == Mode.ACTIVE) {
            long before = count(open);
            Map<DirectoryUserKey, List<Drift>> remaining = restore(s, open.keySet(), actual);
            corrected = (int) (before - count(remaining));
            restored = new LinkedHashSet<>(open.keySet());
            restored.removeAll(remaining.keySet());
        }
        for (Map.Entry<DirectoryUserKey, List<Drift>> e : fresh.entrySet()) {
            s.notice(AdminNotice.Kind.DRIFT_DETECTED, message(e.getValue(), restored.contains(e.getKey())), e.getKey());
        }
        return new PageResult(people.size(), (int) count(fresh), corrected, last, page.hasMore());
    }

    /**
     * Restores these people from the directory (an admin's "Restore from directory"); only in active mode, whatever
     * the policy. Returns the changes made; differences the sole-admin guard refused to undo stay open.
     */
    List<Change> restore(Session s, Set<DirectoryUserKey> keys) {
        Mode mode = s.org.settings().mode();
        if (mode != Mode.ACTIVE) {
            throw new IllegalStateException("organization " + s.org.id() + " is " + (mode == Mode.TEST
                    ? "in test mode" : "paused") + ": dirsync changes nothing in the app, so it cannot restore "
                    + "from the directory; activate the organization first");
        }
        List<AppliedProjection> people = applied(s, keys);
        if (people.isEmpty()) {
            return List.of();
        }
        int before = s.changes().size();
        restore(s, keys, read(s, people));
        return List.copyOf(s.changes().subList(before, s.changes().size()));
    }

    /** Restores, then compares again: what the host really holds now decides what is resolved. */
    private Map<DirectoryUserKey, List<Drift>> restore(Session s, Set<DirectoryUserKey> keys,
                                                      Map<String, AppAccess> actual) {
        for (AppliedProjection a : applied(s, keys)) {
            AppAccess inApp = actual.get(a.appUserId());
            if (inApp != null) {
                reconciler.restore(s, a, inApp);
            }
        }
        List<AppliedProjection> after = applied(s, keys);
        return observe(s, after, after.isEmpty() ? Map.of() : read(s, after), new LinkedHashMap<>());
    }

    private static List<AppliedProjection> applied(Session s, Set<DirectoryUserKey> keys) {
        List<AppliedProjection> out = new ArrayList<>();
        for (DirectoryUserKey k : keys) {
            s.tx.projections().find(k).filter(a -> !a.purged() && k.organizationId().equals(s.org.id()))
                    .ifPresent(out::add);
        }
        return out;
    }

    private Map<String, AppAccess> read(Session s, List<AppliedProjection> people) {
        Set<String> ids = new LinkedHashSet<>();
        people.forEach(p -> ids.add(p.appUserId()));
        return Objects.requireNonNull(host.users().currentAccess(s.org.id(), ids),
                "UserStore.currentAccess returned null; return an empty map for users that no longer exist");
    }

    /**
     * Records what differs now for these people: new differences are added to {@code fresh}, ones seen before get
     * a new last-seen time, ones gone are resolved. Returns the open differences by person.
     */
    private static Map<DirectoryUserKey, List<Drift>> observe(Session s, List<AppliedProjection> people,
                                                              Map<String, AppAccess> actual,
                                                              Map<DirectoryUserKey, List<Drift>> fresh) {
        Map<String, Drift> known = new HashMap<>();
        for (Drift d : s.tx.drift().find(s.org.id(), people.stream().map(AppliedProjection::key).toList())) {
            known.put(id(d.key(), d.field()), d);
        }
        Map<DirectoryUserKey, List<Drift>> open = new LinkedHashMap<>();
        for (AppliedProjection a : people) {
            AppAccess inApp = actual.get(a.appUserId());
            List<Drift> now = inApp == null ? List.of() : differences(s, a, inApp);
            Set<Drift.Field> seen = new java.util.HashSet<>();
            for (Drift d : now) {
                seen.add(d.field());
                Drift before = known.get(id(d.key(), d.field()));
                if (before != null && before.open() && Objects.equals(before.appValue(), d.appValue())
                        && Objects.equals(before.directoryValue(), d.directoryValue())) {
                    d = before.seen(s.now);
                } else {
                    fresh.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(d);
                }
                s.tx.drift().put(d);
                open.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(d);
            }
            for (Drift.Field f : Drift.Field.values()) {
                Drift before = known.get(id(a.key(), f));
                if (before != null && before.open() && !seen.contains(f)) {
                    s.tx.drift().put(before.resolved(s.now));
                }
            }
        }
        return open;
    }

    /** The fields in which the app differs from the applied projection; role and workspaces only while active. */
    private static List<Drift> differences(Session s, AppliedProjection a, AppAccess inApp) {
        Projection p = a.projection();
        String label = p.identity().email() != null ? p.identity().email() : p.identity().displayName();
        List<Drift> out = new ArrayList<>();
        if (p.status() != inApp.status()) {
            out.add(new Drift(a.key(), a.appUserId(), label, Drift.Field.STATUS, Engine.lower(inApp.status()),
                    Engine.lower(p.status()), s.now, s.now, null));
        }
        if (p.status() == UserStatus.ACTIVE) { // an offboarded user's access is frozen; its status is what counts
            if (!Objects.equals(p.role(), inApp.role())) {
                out.add(new Drift(a.key(), a.appUserId(), label, Drift.Field.ROLE, inApp.role(), p.role(), s.now,
                        s.now, null));
            }
            if (!p.workspaces().equals(inApp.workspaces())) {
                out.add(new Drift(a.key(), a.appUserId(), label, Drift.Field.WORKSPACES,
                        String.join(",", inApp.workspaces()), String.join(",", p.workspaces()), s.now, s.now, null));
            }
        }
        return out;
    }

    private static String message(List<Drift> drifts, boolean restored) {
        Drift first = drifts.get(0);
        List<String> parts = new ArrayList<>();
        for (Drift d : drifts) {
            parts.add(d.field().code() + " is " + none(d.appValue()) + " in the app but " + none(d.directoryValue())
                    + " in the directory");
        }
        return (first.label() == null ? first.appUserId() : first.label()) + ": " + String.join("; ", parts) + ". "
                + (restored ? "dirsync restored the directory's values (drift policy: correct)."
                : "Restore it from the directory on the Drift page, or change the directory if the app is right.");
    }

    private static String none(@Nullable String v) {
        return v == null || v.isEmpty() ? "none" : v;
    }

    private static String id(DirectoryUserKey k, Drift.Field f) {
        return k.directoryId() + "\u0000" + k.userId() + "\u0000" + f.name();
    }

    private static long count(Map<DirectoryUserKey, List<Drift>> m) {
        return m.values().stream().mapToLong(List::size).sum();
    }
}
