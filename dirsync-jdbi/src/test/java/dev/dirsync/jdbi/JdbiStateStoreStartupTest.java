package dev.dirsync.jdbi;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.dirsync.core.model.Organization;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.state.StateStoreUnavailableException;
import dev.dirsync.core.state.StateTransaction;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Starting a store: configuration errors, unreachable databases, retries and schemas, in words a host can act on. */
class JdbiStateStoreStartupTest {

    private static JdbcDataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:startup_" + UUID.randomUUID().toString().substring(0, 8) + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        ds.setPassword("h2-secret");
        return ds;
    }

    @Test
    void anUnreachablePostgresIsReportedWithItsUrlAndUserButNotThePassword() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl("jdbc:postgresql://127.0.0.1:1/dirsync_x?user=dirsync&password=s3cret-pw&connectTimeout=2");

        assertThatThrownBy(() -> JdbiStateStore.create(ds))
                .isInstanceOf(DirsyncStorageException.class)
                .hasMessageStartingWith("cannot reach database jdbc:postgresql://127.0.0.1:1/dirsync_x (user dirsync): ")
                .hasMessageContaining("Connection refused")
                .hasMessageContaining("Check that the database is running")
                .hasMessageNotContaining("s3cret-pw");
    }

    @Test
    void anUnreachableMariaDbBehindAPoolIsReportedWithItsUrlAndUserButNotThePassword() {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl("jdbc:mariadb://127.0.0.1:1/dirsync_x?user=dirsync&password=s3cret-pw&connectTimeout=2000");
        c.setConnectionTimeout(500);
        c.setInitializationFailTimeout(-1);
        try (HikariDataSource ds = new HikariDataSource(c)) {
            assertThatThrownBy(() -> JdbiStateStore.create(ds))
                    .isInstanceOf(DirsyncStorageException.class)
                    .hasMessageStartingWith("cannot reach database jdbc:mariadb://127.0.0.1:1/dirsync_x (user dirsync): ")
                    .hasMessageNotContaining("s3cret-pw");
        }
    }

    @Test
    void credentialsAndParametersAreRemovedFromUrls() {
        assertThat(DataSourceDescription.withoutSecrets("jdbc:mysql://bob:pw@db.local:3306/app?password=x&useSSL=true"))
                .isEqualTo("jdbc:mysql://db.local:3306/app");
        assertThat(DataSourceDescription.withoutSecrets("jdbc:postgresql://h/db?user=u&sslpassword=k&password=p"))
                .isEqualTo("jdbc:postgresql://h/db");
        assertThat(DataSourceDescription.withoutSecrets("jdbc:h2:mem:x;USER=sa;PASSWORD=pw;MODE=PostgreSQL"))
                .isEqualTo("jdbc:h2:mem:x");
        assertThat(DataSourceDescription.of(h2())).endsWith("(user sa)").doesNotContain("h2-secret");
    }

    @Test
    void anInvalidTablePrefixIsRefusedBeforeTouchingTheDatabase() {
        PGSimpleDataSource unreachable = new PGSimpleDataSource();
        unreachable.setUrl("jdbc:postgresql://127.0.0.1:1/x");

        assertThatThrownBy(() -> JdbiStateStore.builder(unreachable).tablePrefix("ds; drop table x").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("table prefix 'ds; drop table x'")
                .hasMessageContaining("letters, digits or underscores");
        assertThatThrownBy(() -> JdbiStateStore.builder(unreachable).schema("1abc").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema '1abc'");
    }

    @Test
    void anUnknownDatabaseProductAsksForAnExplicitDialect() {
        assertThatThrownBy(() -> Dialect.fromProductName("Oracle"))
                .isInstanceOf(DirsyncStorageException.class)
                .hasMessageContaining("'Oracle'")
                .hasMessageContaining(".dialect(Dialect.POSTGRESQL)");
        assertThat(Dialect.fromProductName("MariaDB")).isEqualTo(Dialect.MYSQL);
        assertThat(Dialect.fromProductName("PostgreSQL")).isEqualTo(Dialect.POSTGRESQL);
    }

    @Test
    void aConflictIsRetriedWithTheFirstAttemptsWritesRolledBack() {
        JdbiStateStore store = JdbiStateStore.builder(h2()).dialect(Dialect.H2).build();
        AtomicInteger attempts = new AtomicInteger();

        String result = store.inTransaction((StateTransaction t) -> {
            int attempt = attempts.incrementAndGet();
            t.checkpoints().put("attempt-" + attempt, "written");
            if (attempt == 1) {
                throw new IllegalStateException("wrapped", new SQLException("could not serialize access", "40001"));
            }
            return "done on attempt " + attempt;
        });

        assertThat(result).isEqualTo("done on attempt 2");
        assertThat(store.inTransaction((StateTransaction t) -> t.checkpoints().get("attempt-1"))).isEmpty();
        assertThat(store.inTransaction((StateTransaction t) -> t.checkpoints().get("attempt-2"))).contains("written");
    }

    @Test
    void retriesStopAfterMaxAttemptsAndOtherFailuresAreNotRetried() {
        JdbiStateStore store = JdbiStateStore.builder(h2()).maxAttempts(3).build();
        AtomicInteger deadlocks = new AtomicInteger();
        RuntimeException deadlock = new RuntimeException(new SQLException("Deadlock found", "40001", 1213));

        assertThatThrownBy(() -> store.inTransaction((StateTransaction t) -> {
            deadlocks.incrementAndGet();
            throw deadlock;
        })).isSameAs(deadlock);
        assertThat(deadlocks).hasValue(3);

        AtomicInteger failures = new AtomicInteger();
        assertThatThrownBy(() -> store.inTransaction((StateTransaction t) -> {
            failures.incrementAndGet();
            throw new IllegalArgumentException("not a conflict");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(failures).hasValue(1);
    }

    @Test
    void aDatabaseThatGoesAwayAfterStartIsReportedAsUnavailableSoAdaptersAnswerTryAgain() {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(TestDatabase.POSTGRES.newUrl());
        c.setConnectionTimeout(500);
        HikariDataSource ds = new HikariDataSource(c);
        JdbiStateStore store = JdbiStateStore.builder(ds).tablePrefix(TestDatabase.newPrefix()).applySchema(false)
                .build();
        ds.close(); // the pool is gone: no connection can be had

        assertThatThrownBy(() -> store.inTransaction((StateTransaction t) -> t.checkpoints().get("x")))
                .isInstanceOf(StateStoreUnavailableException.class)
                .hasMessageStartingWith("cannot reach database jdbc:postgresql://");
    }

    @Test
    void aStatementFailureSurfacesAsDirsyncStorageExceptionNamingTheDatabase() {
        JdbcDataSource ds = h2();
        JdbiStateStore store = JdbiStateStore.create(ds);
        String tooLong = "x".repeat(300); // ids are VARCHAR(191)

        assertThatThrownBy(() -> store.inTransaction((StateTransaction t) -> t.organizations().insert(
                new Organization(tooLong, "n", null, OrganizationSettings.defaults(), Instant.EPOCH))))
                .isInstanceOf(DirsyncStorageException.class)
                .hasMessageStartingWith("dirsync state store failed on jdbc:h2:mem:startup_");
    }

    @Test
    void tablesGoIntoTheConfiguredSchemaOnPostgresAndH2() {
        String schema = "ds_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setUrl(TestDatabase.POSTGRES.newUrl());
        for (javax.sql.DataSource ds : List.of(pg, h2())) {
            Jdbi jdbi = Jdbi.create(ds);
            jdbi.useHandle(h -> h.execute("CREATE SCHEMA " + schema));
            try {
                JdbiStateStore store = JdbiStateStore.builder(ds).schema(schema).tablePrefix("app_").build();
                store.inTransaction((StateTransaction t) -> t.organizations().insert(
                        new Organization("acme", "Acme", null, OrganizationSettings.defaults(), Instant.EPOCH)));

                List<String> names = jdbi.withHandle(h -> h.createQuery("SELECT name FROM " + schema
                        + ".app_organizations").mapTo(String.class).list());
                assertThat(names).containsExactly("Acme");
                assertThat(store.schema()).contains(schema);
            } finally {
                jdbi.useHandle(h -> h.execute("DROP SCHEMA " + schema + " CASCADE"));
            }
        }
    }

    @Test
    void jsonWrittenByAnOlderVersionReadsWithDefaultsForMissingSettings() {
        JsonCodec json = new JsonCodec();

        assertThat(json.settings("{}")).isEqualTo(OrganizationSettings.defaults());
        assertThat(json.settings("{\"mode\":\"PAUSED\"}").mode()).isEqualTo(dev.dirsync.core.model.Mode.PAUSED);
        assertThatThrownBy(() -> json.settings("{not json"))
                .isInstanceOf(DirsyncStorageException.class).hasMessageContaining("edited by hand");
    }
}
