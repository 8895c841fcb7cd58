package dev.dirsync.jdbi;

import com.zaxxer.hikari.HikariDataSource;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.audit.AuditEntry;
import dev.dirsync.core.audit.AuditQuery;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.model.Projection;
import dev.dirsync.core.outcome.Change;
import dev.dirsync.core.outcome.Outcome;
import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.AuditSink;
import dev.dirsync.core.spi.SessionRevoker;
import dev.dirsync.core.state.AppliedProjection;
import dev.dirsync.core.state.MirrorMembership;
import dev.dirsync.core.state.MirrorUser;
import dev.dirsync.core.state.StateStore;
import dev.dirsync.core.state.StateTransaction;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application instances (separate connection pools and stores) over one database, fed the same events at
 * once: every event must take effect exactly once and they must end where one instance would. Run per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractEngineConcurrencyTest {
    private static final String DIR = "dir-okta";
    private static final Instant T0 = Instant.parse("2024-06-01T09:00:00Z");
    private static final int THREADS = 4;

    private HikariDataSource poolA;
    private HikariDataSource poolB;
    private String prefix;
    private JdbiStateStore storeA;
    private JdbiStateStore storeB;

    protected abstract TestDatabase database();

    // each test its own tables: both feed their organization from the WorkOS directory DIR, which may belong to one
    // organization only
    @BeforeEach
    void startTwoInstances() {
        String url = database().newUrl();
        prefix = TestDatabase.newPrefix();
        poolA = TestDatabase.pool(url, THREADS);
        poolB = TestDatabase.pool(url, THREADS);
        storeA = JdbiStateStore.builder(poolA).tablePrefix(prefix).build();
        storeB = JdbiStateStore.builder(poolB).tablePrefix(prefix).build();
    }

    @AfterEach
    void dropTables() {
        if (poolA != null) {
            TestDatabase.dropTables(poolA, prefix);
            poolA.close();
        }
        if (poolB != null) {
            poolB.close();
        }
    }

    /** One application instance: its own engine and state store, the host's shared user table and sink. */
    private static DirectorySync instance(StateStore store, ConcurrentUserStore users, AuditSink sink) {
        return DirectorySync.builder().stateStore(store).userStore(users).sessionRevoker(SessionRevoker.NONE)
                .apiKeyRevoker(ApiKeyRevoker.NONE).auditSink(sink).build();
    }

    private static OrganizationSettings settings(String... workspaceGroups) {
        OrganizationSettings s = OrganizationSettings.defaults()
                .withGroupMapping(new GroupMapping("g-0", null, Set.of("eng")))
                .withGroupMapping(new GroupMapping("g-1", "viewer", Set.of("sales")))
                .withGroupMapping(new GroupMapping("g-2", "owner", Set.of()));
        for (String g : workspaceGroups) {
            s = s.withGroupMapping(new GroupMapping(g, null, Set.of(g + "-space")));
        }
        return s;
    }

    private static EventMeta meta(String org, String eventId, Instant at) {
        return new EventMeta(eventId, org, DIR, Source.workos("Okta"), at);
    }

    private static DirectoryUser user(int i, String title) {
        String id = String.format("u-%03d", i);
        return DirectoryUser.builder(id, DIR).userName(id + "@acme.test").email(id + "@acme.test")
                .givenName("User").familyName(id).title(title).department("dept-" + (i % 4)).build();
    }

    /**
     * 200 events whose final state does not depend on delivery order: 60 users created, each added to one of
     * three mapped groups (the event carries user and group, as WorkOS sends them), 50 updated, 30 removed
     * from their group again. Times are whole seconds and distinct per object.
     */
    private static List<SourceEvent> twoHundredEvents(String org) {
        List<SourceEvent> events = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            events.add(new SourceEvent.UserCreated(meta(org, "evt-create-" + i, T0.plusSeconds(i)), user(i, "Engineer")));
        }
        for (int i = 0; i < 60; i++) {
            String g = "g-" + (i % 3);
            events.add(new SourceEvent.UserAddedToGroup(meta(org, "evt-add-" + i, T0.plusSeconds(1000 + i)),
                    user(i, "Engineer").id(), g, user(i, "Engineer"), DirectoryGroup.of(g, DIR, "Group " + g)));
        }
        for (int i = 0; i < 50; i++) {
            events.add(new SourceEvent.UserUpdated(meta(org, "evt-update-" + i, T0.plusSeconds(2000 + i)),
                    user(i, "Senior Engineer")));
        }
        for (int i = 0; i < 30; i++) {
            events.add(new SourceEvent.UserRemovedFromGroup(meta(org, "evt-remove-" + i, T0.plusSeconds(3000 + i)),
                    user(i, "x").id(), "g-" + (i % 3)));
        }
        assertThat(events).hasSize(200);
        return events;
    }

    /** Delivers every event to every instance, all deliveries shuffled over {@link #THREADS} threads. */
    private static Map<String, List<Outcome>> deliverToAll(List<SourceEvent> events, List<DirectorySync> instances,
                                                          long seed) throws Exception {
        List<Runnable> deliveries = new ArrayList<>();
        Map<String, List<Outcome>> outcomes = new ConcurrentHashMap<>();
        for (SourceEvent e : events) {
            for (DirectorySync instance : instances) {
                deliveries.add(() -> outcomes.computeIfAbsent(e.meta().eventId(), k -> new CopyOnWriteArrayList<>())
                        .add(instance.accept(e)));
            }
        }
        Collections.shuffle(deliveries, new Random(seed));
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            deliveries.forEach(d -> done.add(pool.submit(d)));
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return outcomes;
    }

    private int ledgerRows(String org) {
        return Jdbi.create(poolA).withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + prefix
                + "event_ledger WHERE organization_id = :o").bind("o", org).mapTo(Integer.class).one());
    }

    @Test
    void twoInstancesGivenTheSameEventsAtOnceApplyEachExactlyOnceAndEndWhereOneInstanceWould() throws Exception {
        String org = "org-" + UUID.randomUUID().toString().substring(0, 8);
        ConcurrentUserStore users = new ConcurrentUserStore();
        List<AuditEntry> sunk = new CopyOnWriteArrayList<>();
        DirectorySync a = instance(storeA, users, sunk::add);
        DirectorySync b = instance(storeB, users, sunk::add);
        a.createOrganization(org, "Acme", null, settings());
        List<SourceEvent> events = twoHundredEvents(org);

        Map<String, List<Outcome>> outcomes = deliverToAll(events, List.of(a, b), 42);

        // every event: taken by exactly one instance, a duplicate for the other
        assertThat(outcomes).hasSize(200);
        List<Outcome> taken = new ArrayList<>();
        outcomes.forEach((id, list) -> {
            assertThat(list).as(id).hasSize(2);
            assertThat(list.stream().filter(o -> o instanceof Outcome.Duplicate).count()).as(id).isEqualTo(1);
            list.stream().filter(o -> !(o instanceof Outcome.Duplicate)).forEach(taken::add);
        });
        assertThat(taken).allMatch(o -> o instanceof Outcome.Applied || o instanceof Outcome.Stale);
        assertThat(ledgerRows(org)).isEqualTo(200);

        // one audit entry per effective change, in dirsync's log and in the host's sink alike
        List<Change> changes = taken.stream().filter(o -> o instanceof Outcome.Applied)
                .flatMap(o -> ((Outcome.Applied) o).changes().stream()).toList();
        List<AuditEntry> audit = a.audit(AuditQuery.of(org).page(0, AuditQuery.MAX_LIMIT)).entries();
        assertThat(audit).hasSize(changes.size());
        assertThat(audit).extracting(AuditEntry::id).doesNotHaveDuplicates();
        // (compared by id: the database keeps times to the microsecond, the sink saw the engine's nanoseconds)
        assertThat(sunk).extracting(AuditEntry::id)
                .containsExactlyInAnyOrderElementsOf(audit.stream().map(AuditEntry::id).toList());

        // host-side effects: each once per effective change
        assertThat(users.calls("create")).isEqualTo(60).isEqualTo(count(audit, AuditAction.USER_PROVISIONED));
        assertThat(users.calls("updateProfile")).isEqualTo(count(audit, AuditAction.USER_UPDATED));
        assertThat(users.calls("setRole")).isEqualTo(count(audit, AuditAction.ROLE_CHANGED));
        assertThat(users.calls("setWorkspaces")).isEqualTo(audit.stream()
                .filter(e -> e.action() == AuditAction.WORKSPACE_ADDED || e.action() == AuditAction.WORKSPACE_REMOVED)
                .map(e -> e.sourceEventId() + "/" + e.targetAppUserId()).distinct().count());
        assertThat(users.calls("link")).isZero();

        // the same final state as one instance taking the events in order
        ConcurrentUserStore singleUsers = new ConcurrentUserStore();
        InMemoryStateStore singleStore = new InMemoryStateStore();
        DirectorySync single = instance(singleStore, singleUsers, AuditSink.NOOP);
        single.createOrganization(org, "Acme", null, settings());
        events.forEach(single::accept);

        assertThat(users.snapshot()).isEqualTo(singleUsers.snapshot());
        assertThat(mirror(storeA, org)).isEqualTo(mirror(singleStore, org));
        assertThat(projections(a, org)).isEqualTo(projections(single, org));
        assertThat(mirror(storeB, org)).isEqualTo(mirror(storeA, org));
        // and the state is what the events say
        Map<DirectoryUserKey, ConcurrentUserStore.Snapshot> hostUsers = users.snapshot();
        assertThat(hostUsers).hasSize(60);
        assertThat(hostUsers.get(new DirectoryUserKey(org, DIR, "u-031")).workspaces()).containsExactly("sales");
        assertThat(hostUsers.get(new DirectoryUserKey(org, DIR, "u-031")).role()).isEqualTo("viewer");
        assertThat(hostUsers.get(new DirectoryUserKey(org, DIR, "u-001")).workspaces()).isEmpty();
        assertThat(hostUsers.get(new DirectoryUserKey(org, DIR, "u-001")).metadata()).containsEntry("title",
                "Senior Engineer");
        assertThat(hostUsers.get(new DirectoryUserKey(org, DIR, "u-055")).metadata()).containsEntry("title",
                "Engineer");
    }

    @Test
    void aMembershipStormEndsAtTheNewestEventOfEachMembership() throws Exception {
        String org = "org-" + UUID.randomUUID().toString().substring(0, 8);
        String group = "g-storm";
        ConcurrentUserStore users = new ConcurrentUserStore();
        DirectorySync a = instance(storeA, users, AuditSink.NOOP);
        DirectorySync b = instance(storeB, users, AuditSink.NOOP);
        a.createOrganization(org, "Storm Inc", null, settings(group));
        int userCount = 8;
        int eventsPerUser = 12;
        for (int i = 0; i < userCount; i++) {
            assertThat(a.accept(new SourceEvent.UserCreated(meta(org, "evt-create-" + i, T0.plusSeconds(i)),
                    user(i, "Engineer")))).isInstanceOf(Outcome.Applied.class);
        }
        Random random = new Random(7);
        List<SourceEvent> storm = new ArrayList<>();
        Map<String, Boolean> newest = new TreeMap<>();
        for (int i = 0; i < userCount; i++) {
            String userId = user(i, "x").id();
            List<Integer> seconds = new ArrayList<>();
            for (int k = 0; k < eventsPerUser; k++) {
                seconds.add(100 + k * 10 + i); // distinct per membership
            }
            Collections.shuffle(seconds, random);
            int newestSecond = -1;
            for (int k = 0; k < eventsPerUser; k++) {
                boolean add = random.nextBoolean();
                int second = seconds.get(k);
                EventMeta m = meta(org, "evt-storm-" + i + "-" + k, T0.plusSeconds(second));
                storm.add(add ? new SourceEvent.UserAddedToGroup(m, userId, group)
                        : new SourceEvent.UserRemovedFromGroup(m, userId, group));
                if (second > newestSecond) {
                    newestSecond = second;
                    newest.put(userId, add);
                }
            }
        }
        assertThat(newest.values()).as("the storm ends with some members in and some out").contains(true, false);

        deliverToAll(storm, List.of(a, b), 11);

        Map<String, Boolean> present = storeB.inTransaction((StateTransaction t) -> {
            Map<String, Boolean> out = new TreeMap<>();
            for (String userId : newest.keySet()) {
                out.put(userId, t.mirror().findMembership(org, DIR, group, userId).map(MirrorMembership::present)
                        .orElse(false));
            }
            return out;
        });
        assertThat(present).isEqualTo(newest);
        Set<String> expectedMembers = newest.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        assertThat(storeA.inTransaction((StateTransaction t) -> t.mirror().userIdsInGroup(org, DIR, group)))
                .containsExactlyElementsOf(expectedMembers);
        users.snapshot().forEach((key, host) -> assertThat(host.workspaces().contains(group + "-space"))
                .as("workspace of %s", key.userId()).isEqualTo(expectedMembers.contains(key.userId())));
        assertThat(ledgerRows(org)).isEqualTo(userCount + userCount * eventsPerUser);
    }

    private static long count(List<AuditEntry> audit, AuditAction action) {
        return audit.stream().filter(e -> e.action() == action).count();
    }

    /** The mirror as comparable values: users (tombstones included) and each user's groups. */
    private static Map<String, Object> mirror(StateStore store, String org) {
        return store.inTransaction((StateTransaction t) -> {
            Map<String, Object> out = new LinkedHashMap<>();
            for (MirrorUser u : t.mirror().users(org)) {
                out.put(u.key().toString(), List.of(u.user(), u.version(), u.deleted(),
                        t.mirror().groupIdsOfUser(u.key())));
            }
            out.put("groups", t.mirror().groups(org));
            return out;
        });
    }

    private static Map<DirectoryUserKey, Projection> projections(DirectorySync sync, String org) {
        Map<DirectoryUserKey, Projection> out = new LinkedHashMap<>();
        for (AppliedProjection p : sync.projections(org)) {
            out.put(p.key(), p.projection());
        }
        return out;
    }

}
