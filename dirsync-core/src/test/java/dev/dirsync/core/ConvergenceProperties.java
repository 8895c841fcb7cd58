package dev.dirsync.core;

import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.outcome.Outcome;
import dev.dirsync.core.state.MirrorUser;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.testkit.MutableClock;
import dev.dirsync.core.testkit.RecordingRevokers;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Level-triggered projection: for random histories of directory changes, delivering the events in any order,
 * with any duplicates, settles to the same mirror and the same effective host state as in-order delivery.
 * (A host-only admin exists, so the sole-admin guard, which by design refuses some orders, never fires.
 * "Effective" host state: who has access and with what; a user never provisioned and a deactivated one both
 * have none.)
 */
class ConvergenceProperties {
    private static final String ORG = "acme";
    private static final String DIR = "dir";
    private static final List<String> USERS = List.of("u1", "u2", "u3", "u4");
    private static final List<String> GROUPS = List.of("g_admins", "g_eng", "g_sales");

    sealed interface Op {
    }

    record Upsert(String user, boolean active, String title) implements Op {
    }

    record Delete(String user) implements Op {
    }

    record Add(String user, String group) implements Op {
    }

    record Remove(String user, String group) implements Op {
    }

    record GroupUpsert(String group) implements Op {
    }

    record GroupDelete(String group) implements Op {
    }

    @Provide
    Arbitrary<List<Op>> histories() {
        Arbitrary<String> user = Arbitraries.of(USERS);
        Arbitrary<String> group = Arbitraries.of(GROUPS);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Combinators.combine(user, Arbitraries.of(true, true, false),
                        Arbitraries.of("Engineer", "Manager", "CTO")).as(Upsert::new)),
                net.jqwik.api.Tuple.of(1, user.map(Delete::new)),
                net.jqwik.api.Tuple.of(4, Combinators.combine(user, group).as(Add::new)),
                net.jqwik.api.Tuple.of(3, Combinators.combine(user, group).as(Remove::new)),
                net.jqwik.api.Tuple.of(1, group.map(GroupUpsert::new)),
                net.jqwik.api.Tuple.of(1, group.map(GroupDelete::new)));
        return op.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 300)
    void anyDeliveryOrderWithDuplicatesSettlesToTheInOrderState(@ForAll("histories") List<Op> history,
                                                                @ForAll long seed) {
        List<SourceEvent> events = toEvents(history);

        World inOrder = new World();
        events.forEach(inOrder.sync::accept);

        Random random = new Random(seed);
        List<SourceEvent> delivery = new ArrayList<>(events);
        int duplicates = random.nextInt(events.size() + 1);
        for (int i = 0; i < duplicates; i++) {
            delivery.add(events.get(random.nextInt(events.size())));
        }
        Collections.shuffle(delivery, random);
        World shuffled = new World();
        List<Outcome> outcomes = delivery.stream().map(shuffled.sync::accept).toList();

        assertThat(shuffled.mirror()).isEqualTo(inOrder.mirror());
        assertThat(shuffled.effectiveHostState()).isEqualTo(inOrder.effectiveHostState());
        assertThat(outcomes.stream().filter(o -> o instanceof Outcome.Duplicate).count())
                .as("every redelivery is recognized").isEqualTo(delivery.size() - events.size());
    }

    @Property(tries = 100)
    void replayingTheWholeHistoryChangesNothing(@ForAll("histories") List<Op> history) {
        List<SourceEvent> events = toEvents(history);
        World w = new World();
        events.forEach(w.sync::accept);
        int writes = w.users.writes();
        int revocations = w.host.revokedSessions.size();

        events.forEach(w.sync::accept);

        assertThat(w.users.writes()).isEqualTo(writes);
        assertThat(w.host.revokedSessions).hasSize(revocations);
    }

    private static List<SourceEvent> toEvents(List<Op> history) {
        List<SourceEvent> out = new ArrayList<>();
        Instant t = Instant.parse("2026-03-01T00:00:00Z");
        int i = 0;
        for (Op op : history) {
            i++;
            EventMeta meta = new EventMeta(String.format("e%03d", i), ORG, DIR, Source.workos("Okta"), t.plusSeconds(i));
            out.add(toEvent(meta, op));
        }
        return out;
    }

    private static SourceEvent toEvent(EventMeta meta, Op op) {
        if (op instanceof Upsert u) {
            return new SourceEvent.UserUpdated(meta, DirectoryUser.builder(u.user(), DIR).email(u.user() + "@acme.test")
                    .active(u.active()).title(u.title()).build());
        } else if (op instanceof Delete d) {
            return new SourceEvent.UserDeleted(meta, d.user());
        } else if (op instanceof Add a) {
            return new SourceEvent.UserAddedToGroup(meta, a.user(), a.group());
        } else if (op instanceof Remove r) {
            return new SourceEvent.UserRemovedFromGroup(meta, r.user(), r.group());
        } else if (op instanceof GroupUpsert g) {
            return new SourceEvent.GroupUpdated(meta, DirectoryGroup.of(g.group(), DIR, g.group()));
        } else if (op instanceof GroupDelete g) {
            return new SourceEvent.GroupDeleted(meta, g.group());
        }
        throw new IllegalArgumentException(String.valueOf(op));
    }

    /** One engine with its own state and host. */
    private static final class World {
        final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T00:00:00Z"));
        final InMemoryUserStore users = new InMemoryUserStore(clock);
        final RecordingRevokers host = new RecordingRevokers();
        final DirectorySync sync = DirectorySync.builder().stateStore(new InMemoryStateStore()).userStore(users)
                .sessionRevoker(host).apiKeyRevoker(host).clock(clock).notifier(host).build();

        World() {
            sync.createOrganization(ORG, "Acme");
            users.addLocalUser(ORG, "founder@acme.test", true, "admin", Instant.parse("2020-01-01T00:00:00Z"));
            sync.updateSettings(ORG, sync.organization(ORG).orElseThrow().settings()
                    .withGroupMapping(GroupMapping.role("g_admins", "admin"))
                    .withGroupMapping(new GroupMapping("g_eng", "member", Set.of("engineering")))
                    .withGroupMapping(GroupMapping.workspaces("g_sales", "sales")), Source.admin("test"));
        }

        TreeMap<String, String> mirror() {
            TreeMap<String, String> m = new TreeMap<>();
            for (MirrorUser u : sync.directoryUsers(ORG)) {
                // a tombstone keeps whatever attributes were last known when the deletion arrived: history, not state
                m.put("user " + u.user().id(), u.deleted() ? "deleted " + u.version()
                        : u.user().active() + " " + u.user().title() + " " + u.version());
            }
            sync.directoryGroups(ORG).forEach(g -> m.put("group " + g.group().id(), g.deleted() + " " + g.version()));
            for (String u : USERS) {
                m.put("groups of " + u, sync.directory(ORG).groupIdsOf(new DirectoryUserKey(ORG, DIR, u)).toString());
            }
            return m;
        }

        /** What matters to people: who has access, with which identity, role, workspaces and metadata. */
        TreeMap<String, String> effectiveHostState() {
            TreeMap<String, String> m = new TreeMap<>();
            for (String u : USERS) {
                var row = users.byDirectoryUser(new DirectoryUserKey(ORG, DIR, u));
                if (row.isPresent() && row.get().status == UserStatus.ACTIVE) {
                    InMemoryUserStore.Row r = row.get();
                    m.put(u, r.email + " " + r.role + " " + r.workspaces + " " + r.metadata);
                } else {
                    m.put(u, "no access");
                }
            }
            return m;
        }
    }
}
