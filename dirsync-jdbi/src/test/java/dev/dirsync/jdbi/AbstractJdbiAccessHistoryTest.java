package dev.dirsync.jdbi;

import com.zaxxer.hikari.HikariDataSource;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.read.AccessQuery;
import dev.dirsync.core.state.AccessInterval;
import dev.dirsync.core.state.AppliedProjection;
import dev.dirsync.core.state.StateStore;
import dev.dirsync.core.testkit.AccessHistoryContract;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.testkit.MutableClock;
import dev.dirsync.core.testkit.RecordingRevokers;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access history's contract and replay property on a database, and the upgrade: a database of the schema
 * before the access history, with applied projections, gets one open interval per (not purged) person, from its
 * last-applied time, and seeding again changes nothing. Tables of a random prefix, dropped afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractJdbiAccessHistoryTest extends AccessHistoryContract {
    private HikariDataSource pool;
    private String prefix;
    private JdbiStateStore shared;
    private final List<String> extraPrefixes = new ArrayList<>();

    protected abstract TestDatabase database();

    @BeforeAll
    void startStore() {
        pool = TestDatabase.pool(database().newUrl(), 4);
        prefix = TestDatabase.newPrefix();
        shared = JdbiStateStore.builder(pool).tablePrefix(prefix).build();
    }

    @AfterAll
    void dropTables() {
        if (pool != null) {
            TestDatabase.dropTables(pool, prefix);
            extraPrefixes.forEach(p -> TestDatabase.dropTables(pool, p));
            pool.close();
        }
    }

    @Override
    protected StateStore newStore() {
        return shared;
    }

    @Test
    void upgradingSeedsEachPersonWithWhatWasLastAppliedAndTheHistoryStartsThere() {
        // a few people applied through the pipeline, in tables at the newest schema
        MutableClock clock = new MutableClock(Instant.parse("2026-02-01T10:00:00Z"));
        InMemoryUserStore users = new InMemoryUserStore(clock);
        RecordingRevokers host = new RecordingRevokers();
        DirectorySync sync = DirectorySync.builder().stateStore(shared).userStore(users).sessionRevoker(host)
                .apiKeyRevoker(host).auditSink(host).notifier(host).clock(clock).build();
        String org = "up_" + UUID.randomUUID().toString().substring(0, 8);
        sync.createOrganization(org, "Upgrade");
        String dir = "d_" + org;
        Source admin = Source.admin("admin@x.test");
        sync.updateSettings(org, sync.organization(org).orElseThrow().settings()
                .withGroupMapping(GroupMapping.role("g_admin", "admin"))
                .withGroupMapping(GroupMapping.workspaces("g_eng", "eng")), admin);
        int[] seq = {0};
        java.util.function.Consumer<java.util.function.Function<EventMeta, SourceEvent>> send = f -> {
            clock.advance(Duration.ofMinutes(1));
            sync.accept(f.apply(new EventMeta("e" + (++seq[0]), org, dir, Source.workos("Okta"), clock.instant())));
        };
        send.accept(m -> new SourceEvent.GroupCreated(m, DirectoryGroup.of("g_admin", dir, "Admins")));
        send.accept(m -> new SourceEvent.GroupCreated(m, DirectoryGroup.of("g_eng", dir, "Eng")));
        for (String u : List.of("ann", "bob", "cyd")) {
            send.accept(m -> new SourceEvent.UserCreated(m, DirectoryUser.builder(u, dir).userName(u + "@x.test")
                    .email(u + "@x.test").givenName(u).familyName("T").build()));
        }
        send.accept(m -> new SourceEvent.UserAddedToGroup(m, "ann", "g_admin"));
        send.accept(m -> new SourceEvent.UserAddedToGroup(m, "bob", "g_eng"));
        send.accept(m -> new SourceEvent.UserAddedToGroup(m, "bob", "g_admin"));
        send.accept(m -> new SourceEvent.UserUpdated(m, DirectoryUser.builder("cyd", dir).userName("cyd@x.test")
                .email("cyd@x.test").givenName("cyd").familyName("T").active(false).build()));
        List<AppliedProjection> applied = sync.projections(org);

        // the same projections in tables as the schema before the access history left them
        String old = TestDatabase.newPrefix();
        extraPrefixes.add(old);
        Jdbi jdbi = Jdbi.create(pool);
        new SchemaMigrator(jdbi, database().dialect, new Tables(old, null), Duration.ofSeconds(30),
                SchemaMigrator.VERSIONS.stream().filter(v -> !v.script().contains("access_history")).toList())
                .migrate();
        String columns = "organization_id, directory_id, user_id, app_user_id, projection, first_applied_at, "
                + "last_applied_at, purge_at, purged, promoted_admin, blocked, status";
        jdbi.useHandle(h -> {
            h.createUpdate("INSERT INTO " + old + "organizations SELECT * FROM " + prefix
                    + "organizations WHERE id = :o").bind("o", org).execute();
            h.createUpdate("INSERT INTO " + old + "projections (" + columns + ") SELECT " + columns + " FROM "
                    + prefix + "projections WHERE organization_id = :o").bind("o", org).execute();
        });

        JdbiStateStore upgraded = JdbiStateStore.builder(pool).tablePrefix(old).build();
        DirectorySync after = DirectorySync.builder().stateStore(upgraded).userStore(users).sessionRevoker(host)
                .apiKeyRevoker(host).auditSink(host).notifier(host).clock(clock).build();
        List<AccessInterval> now = after.directory(org).accessAt(AccessQuery.at(clock.instant())).items();
        assertThat(now).hasSize(applied.size());
        for (int i = 0; i < applied.size(); i++) {
            AppliedProjection a = applied.get(i);
            AccessInterval h = now.get(i);
            assertThat(h.key()).isEqualTo(a.key());
            assertThat(h.role()).isEqualTo(a.projection().role());
            assertThat(h.workspaces()).isEqualTo(a.projection().workspaces());
            assertThat(h.status()).isEqualTo(a.projection().status());
            assertThat(h.from()).as("the history starts at the upgrade: from the last-applied time")
                    .isEqualTo(a.lastAppliedAt());
            assertThat(h.roleAuditId()).isNull();
        }
        assertThat(now).extracting(AccessInterval::role).containsExactly("admin", "admin", "member");
        assertThat(after.directory(org).accessAt(AccessQuery.at(clock.instant()).withRole("admin")
                .inWorkspace("eng")).items()).extracting(i -> i.key().userId()).containsExactly("bob");
        assertThat(after.directory(org).accessAt(AccessQuery.at(Instant.parse("2026-02-01T10:00:00Z"))).items())
                .as("before the upgrade's seed there is no history").isEmpty();

        // the version run again (an interrupted upgrade) seeds nobody twice
        int version = SchemaMigrator.VERSIONS.stream().filter(v -> v.script().contains("access_history"))
                .findFirst().orElseThrow().number();
        jdbi.useHandle(h -> h.execute("DELETE FROM " + old + "schema_version WHERE version = " + version));
        JdbiStateStore.builder(pool).tablePrefix(old).build();
        int rows = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + old + "access_history")
                .mapTo(Integer.class).one());
        assertThat(rows).isEqualTo(3);
    }
}
