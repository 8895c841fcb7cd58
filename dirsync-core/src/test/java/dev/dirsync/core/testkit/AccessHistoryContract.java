package dev.dirsync.core.testkit;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.audit.AuditEntry;
import dev.dirsync.core.audit.AuditPage;
import dev.dirsync.core.audit.AuditQuery;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DeactivationPolicy;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.SoleAdminPolicy;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.read.AccessPage;
import dev.dirsync.core.read.AccessQuery;
import dev.dirsync.core.state.AccessInterval;
import dev.dirsync.core.state.StateStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of {@link dev.dirsync.core.state.AccessHistory}, run on every store (memory, and dirsync-jdbi on
 * H2, PostgreSQL and MariaDB): half-open intervals, one open interval per person, paging and filters; and the
 * property that "who had what at T" answered from the history equals a replay of the audit log up to T, for random
 * histories (deactivations, reactivations, deletions, sole-admin refusals and promotions, mapping and policy changes
 * that re-project, test mode, pauses, purges) at random instants. Every test uses fresh organization ids, so a
 * subclass may return one store for all of them.
 */
public abstract class AccessHistoryContract {
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final String DIR = "dir";

    protected abstract StateStore newStore();

    /** Random histories per run; a database subclass may run fewer. */
    protected int histories() {
        return 40;
    }

    private static String newOrg() {
        return "ah_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static AccessInterval open(String org, String user, String role, Instant from, String... workspaces) {
        return new AccessInterval(new DirectoryUserKey(org, DIR, user), "app_" + user, user + "@x.test", role,
                new TreeSet<>(Arrays.asList(workspaces)), UserStatus.ACTIVE, from, null, "a_" + user, null, null);
    }

    @Test
    void intervalsAreHalfOpenAndAPersonHasOneOpenInterval() {
        StateStore store = newStore();
        String org = newOrg();
        DirectoryUserKey u1 = new DirectoryUserKey(org, DIR, "u1");
        store.inTransaction(tx -> {
            begin(tx, open(org, "u1", "member", T0, "eng"));
            begin(tx, open(org, "u1", "admin", T0.plusSeconds(10), "eng", "ops"));
            return null;
        });
        List<AccessInterval> history = history(store, u1);
        assertThat(history).extracting(AccessInterval::role).containsExactly("member", "admin");
        assertThat(history.get(0).to()).isEqualTo(T0.plusSeconds(10));
        assertThat(history.get(1).to()).isNull();
        assertThat(history.get(1).workspaces()).containsExactly("eng", "ops");
        assertThat(history.get(0).roleAuditId()).isEqualTo("a_u1");
        assertThat(current(store, u1)).contains(history.get(1));

        assertThat(roles(store, org, T0.minusMillis(1))).isEmpty();
        assertThat(roles(store, org, T0)).containsEntry("u1", "member");
        assertThat(roles(store, org, T0.plusSeconds(10).minusNanos(1000))).containsEntry("u1", "member");
        assertThat(roles(store, org, T0.plusSeconds(10))).containsEntry("u1", "admin");

        store.inTransaction(tx -> {
            tx.accessHistory().end(tx.accessHistory().current(u1).orElseThrow(), T0.plusSeconds(20));
            return null;
        });
        assertThat(current(store, u1)).isEmpty();
        assertThat(roles(store, org, T0.plusSeconds(19))).containsEntry("u1", "admin");
        assertThat(roles(store, org, T0.plusSeconds(20))).isEmpty();
    }

    @Test
    void theOpenIntervalsOfSeveralPeopleAreReadAtOnce() {
        StateStore store = newStore();
        String org = newOrg();
        store.inTransaction(tx -> {
            begin(tx, open(org, "u1", "member", T0, "eng"));
            begin(tx, open(org, "u1", "admin", T0.plusSeconds(10), "ops"));
            begin(tx, open(org, "u2", "member", T0));
            begin(tx, open(org, "u3", "member", T0));
            tx.accessHistory().end(tx.accessHistory().current(new DirectoryUserKey(org, DIR, "u3")).orElseThrow(),
                    T0.plusSeconds(5));
            begin(tx, open(newOrg(), "u1", "member", T0)); // the same user id in another organization
            return null;
        });
        List<DirectoryUserKey> keys = List.of(new DirectoryUserKey(org, DIR, "u1"), new DirectoryUserKey(org, DIR, "u2"),
                new DirectoryUserKey(org, DIR, "u3"), new DirectoryUserKey(org, DIR, "u9"),
                new DirectoryUserKey(org, "other-dir", "u1"));

        Map<DirectoryUserKey, AccessInterval> open = store.inTransaction(tx -> tx.accessHistory().currentOf(keys));

        assertThat(open).containsOnlyKeys(keys.get(0), keys.get(1));
        for (DirectoryUserKey k : open.keySet()) {
            assertThat(open.get(k)).isEqualTo(current(store, k).orElseThrow());
        }
        assertThat(open.get(keys.get(0)).role()).isEqualTo("admin");
    }

    @Test
    void anIntervalReplacedAtTheInstantItBeganNeverHeld() {
        StateStore store = newStore();
        String org = newOrg();
        DirectoryUserKey u1 = new DirectoryUserKey(org, DIR, "u1");
        store.inTransaction(tx -> {
            begin(tx, open(org, "u1", "member", T0, "eng"));
            begin(tx, open(org, "u1", "admin", T0, "ops"));
            return null;
        });
        List<AccessInterval> history = history(store, u1);
        assertThat(history).hasSize(1);
        assertThat(history.get(0).role()).isEqualTo("admin");
        assertThat(page(store, org, AccessQuery.at(T0).inWorkspace("eng")).items()).isEmpty();
        assertThat(page(store, org, AccessQuery.at(T0).inWorkspace("ops")).items()).hasSize(1);
        store.inTransaction(tx -> {
            tx.accessHistory().end(tx.accessHistory().current(u1).orElseThrow(), T0);
            return null;
        });
        assertThat(history(store, u1)).isEmpty();
    }

    @Test
    void pagesInPersonOrderWithRoleAndWorkspaceFilters() {
        StateStore store = newStore();
        String org = newOrg();
        String other = newOrg();
        store.inTransaction(tx -> {
            for (int i = 0; i < 25; i++) {
                String u = String.format(Locale.ROOT, "u%02d", i);
                begin(tx, open(org, u, i % 5 == 0 ? "admin" : "member", T0.plusSeconds(i),
                        i % 2 == 0 ? new String[]{"eng"} : new String[]{"ops", "sales"}));
            }
            begin(tx, open(other, "u00", "admin", T0, "eng"));
            return null;
        });
        Instant at = T0.plusSeconds(100);
        List<String> all = new ArrayList<>();
        AccessQuery q = AccessQuery.at(at).limit(7);
        int pages = 0;
        while (true) {
            AccessPage p = page(store, org, q);
            pages++;
            p.items().forEach(i -> all.add(i.key().userId()));
            if (p.next() == null) {
                break;
            }
            q = q.after(p.next());
        }
        assertThat(pages).isEqualTo(4);
        assertThat(all).hasSize(25).isSorted().doesNotHaveDuplicates();
        assertThat(page(store, org, AccessQuery.at(at).withRole("admin")).items())
                .extracting(i -> i.key().userId()).containsExactly("u00", "u05", "u10", "u15", "u20");
        assertThat(page(store, org, AccessQuery.at(at).inWorkspace("sales")).items()).hasSize(12)
                .allSatisfy(i -> assertThat(i.workspaces()).containsExactly("ops", "sales"));
        assertThat(page(store, org, AccessQuery.at(at).inWorkspace("eng").withRole("admin")).items())
                .extracting(i -> i.key().userId()).containsExactly("u00", "u10", "u20");
        assertThat(page(store, org, AccessQuery.at(T0.plusSeconds(3)).inWorkspace("eng")).items())
                .extracting(i -> i.key().userId()).containsExactly("u00", "u02");
        assertThat(page(store, org, AccessQuery.at(at).withRole("admin").limit(2).after(
                new DirectoryUserKey(org, DIR, "u05"))).items())
                .extracting(i -> i.key().userId()).containsExactly("u10", "u15");
    }

    // ------------------------------------------------------------ the property: history == replay of the audit log

    @Test
    void pointInTimeAnswerEqualsAReplayOfTheAuditLog() {
        long base = Long.getLong("dirsync.accessSeed", 20260302L);
        for (int n = 0; n < histories(); n++) {
            long seed = base + n;
            try {
                checkOneHistory(seed);
            } catch (AssertionError e) {
                throw new AssertionError("history with seed " + seed + " (rerun with -Ddirsync.accessSeed=" + seed
                        + "): " + e.getMessage(), e);
            }
        }
    }

    private static final List<String> USERS = List.of("u1", "u2", "u3", "u4", "u5");
    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryUserStore users = new InMemoryUserStore(clock);
    private final RecordingRevokers host = new RecordingRevokers();
    private static final List<String> GROUPS = List.of("g_admin", "g_eng", "g_ops");

    private void checkOneHistory(long seed) {
        Random random = new Random(seed);
        StateStore store = newStore();
        String org = newOrg();
        // one host and clock for every history: purgeDue reaches the organizations of earlier histories too
        clock.advance(Duration.ofDays(1));
        Instant start = clock.instant();
        DirectorySync sync = DirectorySync.builder().stateStore(store).userStore(users).sessionRevoker(host)
                .apiKeyRevoker(host).auditSink(host).notifier(host).clock(clock).build();
        sync.createOrganization(org, "Org " + seed);
        String dir = "d_" + org; // a WorkOS directory feeds one organization, and the store may be shared
        Source admin = Source.admin("admin@x.test");
        sync.updateSettings(org, sync.organization(org).orElseThrow().settings()
                .withGroupMapping(GroupMapping.role("g_admin", "admin"))
                .withGroupMapping(new GroupMapping("g_eng", null, Set.of("eng")))
                .withGroupMapping(GroupMapping.workspaces("g_ops", "ops"))
                .withDeactivation(DeactivationPolicy.GRACE, Duration.ofHours(1)), admin);
        int[] seq = {0};
        Map<String, Boolean> active = new HashMap<>();
        List<Instant> instants = new ArrayList<>();
        instants.add(clock.instant());
        for (String g : GROUPS) {
            send(sync, org, dir, clock, seq, (m) -> new SourceEvent.GroupCreated(m, DirectoryGroup.of(g, dir, g)));
        }
        int steps = 15 + random.nextInt(30);
        for (int step = 0; step < steps; step++) {
            String u = USERS.get(random.nextInt(USERS.size()));
            String g = GROUPS.get(random.nextInt(GROUPS.size()));
            int op = random.nextInt(100);
            if (op < 20) {
                boolean on = random.nextInt(4) != 0;
                active.put(u, on);
                send(sync, org, dir, clock, seq, m -> new SourceEvent.UserUpdated(m, DirectoryUser.builder(u, dir)
                        .userName(u + "@x.test").email(u + "@x.test").givenName(u).familyName("T").active(on).build()));
            } else if (op < 45) {
                send(sync, org, dir, clock, seq, m -> new SourceEvent.UserAddedToGroup(m, u, g));
            } else if (op < 63) {
                send(sync, org, dir, clock, seq, m -> new SourceEvent.UserRemovedFromGroup(m, u, g));
            } else if (op < 67) {
                send(sync, org, dir, clock, seq, m -> new SourceEvent.UserDeleted(m, u));
            } else if (op < 73) { // a mapping change re-projects everyone
                String role = List.of("viewer", "member", "owner").get(random.nextInt(3));
                tick(clock);
                sync.updateSettings(org, sync.organization(org).orElseThrow().settings()
                        .withGroupMapping(new GroupMapping("g_eng", random.nextBoolean() ? role : null,
                                random.nextBoolean() ? Set.of("eng") : Set.of("eng", "platform"))), admin);
            } else if (op < 77) {
                tick(clock);
                SoleAdminPolicy p = random.nextBoolean() ? SoleAdminPolicy.BLOCK : SoleAdminPolicy.AUTO_PROMOTE;
                DeactivationPolicy d = DeactivationPolicy.values()[random.nextInt(3)];
                sync.updateSettings(org, sync.organization(org).orElseThrow().settings().withSoleAdminPolicy(p)
                        .withDeactivation(d, Duration.ofHours(1)), admin);
            } else if (op < 82) {
                tick(clock);
                switch (random.nextInt(4)) {
                    case 0 -> sync.startTest(org, admin);
                    case 1 -> sync.pause(org, admin);
                    case 2 -> sync.resume(org, admin);
                    default -> sync.activate(org, admin);
                }
            } else if (op < 86) { // grace periods end: purges
                clock.advance(Duration.ofHours(2));
                sync.purgeDue();
            } else {
                send(sync, org, dir, clock, seq, m -> new SourceEvent.UserCreated(m, DirectoryUser.builder(u, dir)
                        .userName(u + "@x.test").email(u + "@x.test").givenName(u).familyName("T")
                        .active(active.getOrDefault(u, true)).build()));
            }
            instants.add(clock.instant());
        }
        List<AuditEntry> log = auditLog(sync, org);
        Instant end = clock.instant();
        // every instant where something happened, just before it, and random instants in between
        List<Instant> checks = new ArrayList<>();
        for (Instant i : instants) {
            checks.add(i);
            checks.add(i.minusMillis(1));
        }
        for (int i = 0; i < 10; i++) {
            checks.add(start.minusSeconds(5).plusMillis((long) (random.nextDouble()
                    * Duration.between(start.minusSeconds(5), end.plusSeconds(5)).toMillis())));
        }
        Map<String, AuditEntry> byId = new HashMap<>();
        log.forEach(e -> byId.put(e.id(), e));
        for (Instant at : checks) {
            Map<String, Access> expected = replay(log, at);
            Map<String, Access> actual = new TreeMap<>();
            AccessQuery q = AccessQuery.at(at).limit(2);
            while (true) {
                AccessPage p = sync.directory(org).accessAt(q);
                for (AccessInterval i : p.items()) {
                    actual.put(i.key().userId(), new Access(i.role(), i.workspaces(), i.status()));
                    checkProvenance(i, at, byId);
                }
                if (p.next() == null) {
                    break;
                }
                q = q.after(p.next());
            }
            assertThat(actual).as("access at %s", at).isEqualTo(expected);
            String someRole = random.nextBoolean() ? "admin" : "member";
            Map<String, Access> filtered = new TreeMap<>();
            sync.directory(org).accessAt(AccessQuery.at(at).withRole(someRole).inWorkspace(
                    random.nextBoolean() ? "eng" : null)).items().forEach(i -> filtered.put(i.key().userId(),
                    new Access(i.role(), i.workspaces(), i.status())));
            assertThat(filtered.values()).allSatisfy(a -> assertThat(a.role()).isEqualTo(someRole));
            assertThat(expected).containsAllEntriesOf(filtered);
        }
    }

    /** The audit entry behind a value exists, concerns this person, and was written before the instant asked. */
    private static void checkProvenance(AccessInterval i, Instant at, Map<String, AuditEntry> log) {
        for (String id : new String[]{i.roleAuditId(), i.workspacesAuditId(), i.statusAuditId()}) {
            if (id != null) {
                AuditEntry e = log.get(id);
                assertThat(e).as("audit entry %s of %s", id, i.key()).isNotNull();
                assertThat(e.targetDirectoryUserId()).isEqualTo(i.key().userId());
                assertThat(e.at()).isBeforeOrEqualTo(at);
            }
        }
        assertThat(i.statusAuditId()).as("status of %s has its audit entry", i.key()).isNotNull();
    }

    private static void tick(MutableClock clock) {
        clock.advance(Duration.ofSeconds(1));
    }

    private static void send(DirectorySync sync, String org, String dir, MutableClock clock, int[] seq,
                             java.util.function.Function<EventMeta, SourceEvent> event) {
        tick(clock);
        seq[0]++;
        sync.accept(event.apply(new EventMeta("ev_" + seq[0], org, dir, Source.workos("Okta"), clock.instant())));
    }

    private static List<AuditEntry> auditLog(DirectorySync sync, String org) {
        List<AuditEntry> out = new ArrayList<>();
        AuditQuery q = AuditQuery.of(org).page(0, AuditQuery.MAX_LIMIT).withoutTotal();
        while (true) {
            AuditPage p = sync.audit(q);
            out.addAll(p.entries());
            if (p.nextCursor() == null || p.entries().isEmpty()) {
                break;
            }
            q = q.after(p.nextCursor());
        }
        out.sort(Comparator.comparing(AuditEntry::at).thenComparing(AuditEntry::id));
        return out;
    }

    record Access(String role, java.util.SortedSet<String> workspaces, UserStatus status) {
        Access {
            workspaces = new TreeSet<>(workspaces);
        }
    }

    /** Who had what at {@code at}, replaying the audit log from the start: the reference answer. */
    static Map<String, Access> replay(List<AuditEntry> log, Instant at) {
        Map<String, Access> state = new TreeMap<>();
        for (AuditEntry e : log) {
            if (e.at().isAfter(at) || e.targetDirectoryUserId() == null) {
                continue;
            }
            String u = e.targetDirectoryUserId();
            Access a = state.get(u);
            switch (e.action()) {
                case USER_PROVISIONED, USER_LINKED -> {
                    String ws = e.after().getOrDefault("workspaces", "");
                    state.put(u, new Access(nullIfText(e.after().get("role")),
                            ws.isEmpty() ? new TreeSet<>() : new TreeSet<>(Arrays.asList(ws.split(","))),
                            UserStatus.valueOf(e.after().get("status").toUpperCase(Locale.ROOT))));
                }
                case ROLE_CHANGED, ADMIN_AUTO_PROMOTED -> state.put(u, new Access(e.after().get("role"),
                        a.workspaces(), a.status()));
                case WORKSPACE_ADDED -> {
                    TreeSet<String> ws = new TreeSet<>(a.workspaces());
                    ws.add(e.after().get("workspace"));
                    state.put(u, new Access(a.role(), ws, a.status()));
                }
                case WORKSPACE_REMOVED -> {
                    TreeSet<String> ws = new TreeSet<>(a.workspaces());
                    ws.remove(e.before().get("workspace"));
                    state.put(u, new Access(a.role(), ws, a.status()));
                }
                case USER_REACTIVATED, USER_DEACTIVATED, USER_MADE_READ_ONLY -> state.put(u, new Access(a.role(),
                        a.workspaces(), UserStatus.valueOf(e.after().get("status").toUpperCase(Locale.ROOT))));
                case USER_PURGED -> state.remove(u);
                default -> {
                }
            }
        }
        return state;
    }

    private static String nullIfText(String role) {
        return role == null || role.equals("null") ? null : role;
    }

    /** Starts an interval as the pipeline does: after reading the open one. */
    private static void begin(dev.dirsync.core.state.StateTransaction tx, AccessInterval next) {
        tx.accessHistory().begin(tx.accessHistory().current(next.key()).orElse(null), next);
    }

    private static java.util.Optional<AccessInterval> current(StateStore store, DirectoryUserKey k) {
        return store.inTransaction(tx -> tx.accessHistory().current(k));
    }

    private static List<AccessInterval> history(StateStore store, DirectoryUserKey k) {
        return store.inTransaction(tx -> tx.accessHistory().of(k));
    }

    private static Map<String, String> roles(StateStore store, String org, Instant at) {
        Map<String, String> out = new TreeMap<>();
        page(store, org, AccessQuery.at(at)).items().forEach(i -> out.put(i.key().userId(), i.role()));
        return out;
    }

    private static AccessPage page(StateStore store, String org, AccessQuery q) {
        List<AccessInterval> rows = store.inTransaction(tx -> tx.accessHistory().asOf(org, q.at(), q.role(),
                q.workspace(), q.after(), q.limit() + 1));
        return rows.size() <= q.limit() ? new AccessPage(rows, null)
                : new AccessPage(rows.subList(0, q.limit()), rows.get(q.limit() - 1).key());
    }
}
