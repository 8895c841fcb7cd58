package dev.dirsync.jdbi;

import com.zaxxer.hikari.HikariDataSource;
import dev.dirsync.core.model.Organization;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.state.StateStore;
import dev.dirsync.core.state.StateTransaction;
import dev.dirsync.core.testkit.StateStoreContract;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The state-store contract plus what only a database store must do (dialect detection, concurrent schema
 * migration, deadlock retry, table prefixes), run once per database by a tiny subclass. Each class works in
 * tables of its own random prefix, dropped afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractJdbiStateStoreTest extends StateStoreContract {

    private HikariDataSource dataSource;
    private String prefix;
    private JdbiStateStore shared;
    private final List<String> extraPrefixes = new ArrayList<>();

    protected abstract TestDatabase database();

    @BeforeAll
    void startStore() {
        dataSource = TestDatabase.pool(database().newUrl(), 6);
        prefix = TestDatabase.newPrefix();
        shared = JdbiStateStore.builder(dataSource).tablePrefix(prefix).build();
    }

    @AfterAll
    void dropTables() {
        if (dataSource != null) {
            TestDatabase.dropTables(dataSource, prefix);
            extraPrefixes.forEach(p -> TestDatabase.dropTables(dataSource, p));
            dataSource.close();
        }
    }

    @Override
    protected StateStore newStore() {
        return shared;
    }

    private String extraPrefix() {
        String p = TestDatabase.newPrefix();
        extraPrefixes.add(p);
        return p;
    }

    @Test
    void theDialectIsDetectedFromTheConnection() {
        assertThat(shared.dialect()).isEqualTo(database().dialect);
        assertThat(shared.tablePrefix()).isEqualTo(prefix);
    }

    @Test
    void instancesStartingAtOnceApplyEachSchemaVersionExactlyOnce() throws Exception {
        String p = extraPrefix();
        int instances = 4;
        CyclicBarrier start = new CyclicBarrier(instances);
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        try {
            List<Future<JdbiStateStore>> started = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                started.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return JdbiStateStore.builder(dataSource).tablePrefix(p).build();
                }));
            }
            for (Future<JdbiStateStore> f : started) {
                JdbiStateStore s = f.get(60, TimeUnit.SECONDS);
                String org = unique("org");
                assertThat(s.inTransaction((StateTransaction t) -> t.organizations().insert(
                        new Organization(org, "n", null, OrganizationSettings.defaults(), T1)))).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }

        List<String> versions = Jdbi.create(dataSource).withHandle(h -> h.createQuery(
                "SELECT CONCAT(version, ':', state) FROM " + p + "schema_version ORDER BY version").mapTo(String.class).list());
        assertThat(versions).containsExactly(SchemaMigrator.VERSIONS.stream().map(v -> v.number() + ":done")
                .toArray(String[]::new));
    }

    @Test
    void aStoreStartingOnAnUpToDateSchemaChangesNothing() {
        JdbiStateStore again = JdbiStateStore.builder(dataSource).tablePrefix(prefix).build();

        int rows = Jdbi.create(dataSource).withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM " + prefix + "schema_version").mapTo(Integer.class).one());
        assertThat(rows).isEqualTo(SchemaMigrator.VERSIONS.size());
        String org = unique("org");
        again.inTransaction((StateTransaction t) -> t.ledger().record(org, "e", T1));
        assertThat(shared.inTransaction((StateTransaction t) -> t.ledger().contains(org, "e"))).isTrue();
    }

    @Test
    void upgradingADatabaseFromBeforeDriftKeepsSettingsAsReportOnlyAndStartsWithNoDrift() {
        String p = extraPrefix();
        java.util.List<SchemaMigrator.Version> older = SchemaMigrator.VERSIONS.stream()
                .filter(v -> !v.script().contains("drift")).toList();
        new SchemaMigrator(Jdbi.create(dataSource), database().dialect, new Tables(p, null),
                java.time.Duration.ofSeconds(30), older).migrate();
        String org = unique("org");
        String settingsBeforeDrift = new JsonCodec().settings(OrganizationSettings.defaults().withDailySummary(true))
                .replace(",\"driftPolicy\":\"REPORT\"", "");
        assertThat(settingsBeforeDrift).doesNotContain("driftPolicy");
        Jdbi.create(dataSource).useHandle(h -> h.createUpdate("INSERT INTO " + p + "organizations (id, name, "
                        + "settings, created_at) VALUES (:id, :id, :s, :at)")
                .bind("id", org).bind("s", settingsBeforeDrift).bind("at", Sql.instant(database().dialect, T1))
                .execute());

        JdbiStateStore upgraded = JdbiStateStore.builder(dataSource).tablePrefix(p).build();

        Organization read = upgraded.inTransaction((StateTransaction t) -> t.organizations().find(org)).orElseThrow();
        assertThat(read.settings().driftPolicy()).isEqualTo(dev.dirsync.core.model.DriftPolicy.REPORT);
        assertThat(read.settings().dailySummary()).isTrue();
        assertThat(upgraded.inTransaction((StateTransaction t) -> t.drift().countOpen(org))).isZero();
        dev.dirsync.core.model.DirectoryUserKey key = new dev.dirsync.core.model.DirectoryUserKey(org, "d", "u");
        upgraded.inTransaction((StateTransaction t) -> {
            t.drift().put(new dev.dirsync.core.state.Drift(key, "app-1", "u@example.com",
                    dev.dirsync.core.state.Drift.Field.ROLE, "admin", "member", T1, T2, null));
            return null;
        });
        assertThat(upgraded.inTransaction((StateTransaction t) -> t.drift().countOpen(org))).isEqualTo(1);
    }

    @Test
    void storesWithDifferentPrefixesDoNotSeeEachOthersRows() {
        JdbiStateStore other = JdbiStateStore.builder(dataSource).tablePrefix(extraPrefix()).build();
        String org = unique("org");

        shared.inTransaction((StateTransaction t) -> t.organizations().insert(
                new Organization(org, "n", null, OrganizationSettings.defaults(), T1)));

        assertThat(other.inTransaction((StateTransaction t) -> t.organizations().find(org))).isEmpty();
        assertThat(other.inTransaction((StateTransaction t) -> t.organizations().insert(
                new Organization(org, "other", null, OrganizationSettings.defaults(), T1)))).isTrue();
    }

    @Test
    void aDeadlockBetweenTwoTransactionsIsRetriedUntilBothCommit() throws Exception {
        String a = unique("org");
        String b = unique("org");
        shared.inTransaction((StateTransaction t) -> {
            t.organizations().insert(new Organization(a, "a", null, OrganizationSettings.defaults(), T1));
            t.organizations().insert(new Organization(b, "b", null, OrganizationSettings.defaults(), T1));
            return null;
        });
        CyclicBarrier bothHoldOneLock = new CyclicBarrier(2);
        AtomicInteger attempts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = pool.submit(() -> lockInOrder(a, b, bothHoldOneLock, attempts));
            Future<?> second = pool.submit(() -> lockInOrder(b, a, bothHoldOneLock, attempts));
            first.get(60, TimeUnit.SECONDS);
            second.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        assertThat(attempts.get()).as("the deadlock victim ran again").isGreaterThanOrEqualTo(3);
        assertThat(shared.inTransaction((StateTransaction t) -> t.checkpoints().get("deadlock-" + a))).contains("done");
        assertThat(shared.inTransaction((StateTransaction t) -> t.checkpoints().get("deadlock-" + b))).contains("done");
    }

    private Object lockInOrder(String firstOrg, String secondOrg, CyclicBarrier barrier, AtomicInteger attempts) {
        return shared.inTransaction((StateTransaction t) -> {
            int attempt = attempts.incrementAndGet();
            t.organizations().lock(firstOrg).orElseThrow();
            if (attempt <= 2) { // only the first run of each meets the other half-way
                try {
                    barrier.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            t.organizations().lock(secondOrg).orElseThrow();
            t.checkpoints().put("deadlock-" + firstOrg, "done");
            return null;
        });
    }
}
