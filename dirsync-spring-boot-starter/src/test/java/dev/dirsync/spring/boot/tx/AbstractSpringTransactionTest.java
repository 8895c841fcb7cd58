package dev.dirsync.spring.boot.tx;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.outcome.Outcome;
import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.SessionRevoker;
import dev.dirsync.core.state.StateStore;
import dev.dirsync.spring.boot.DirsyncAutoConfiguration;
import dev.dirsync.spring.boot.DirsyncJdbiAutoConfiguration;
import dev.dirsync.spring.boot.SpringTransactionStateStore;
import dev.dirsync.jdbi.DirsyncStorageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A Spring host whose {@code UserStore} writes its own table with {@code JdbcTemplate}, as the demo's does: its row
 * and dirsync's state (mirror, ledger, last-applied projection, audit) commit together or not at all, whether
 * dirsync runs the transaction or joins the host's.
 */
abstract class AbstractSpringTransactionTest {
    private static final String ORG = "acme";

    /** A JDBC URL of the database under test, user and password included. */
    protected abstract String url();

    private String prefix;
    private ApplicationContextRunner runner;

    @Configuration(proxyBeanMethods = false)
    static class Host {
        @Bean
        JdbcUserStore userStore(JdbcTemplate jdbc, Environment env) {
            return new JdbcUserStore(jdbc, env.getRequiredProperty("test.host-table"));
        }

        @Bean
        SessionRevoker sessionRevoker() {
            return SessionRevoker.NONE;
        }

        @Bean
        ApiKeyRevoker apiKeyRevoker() {
            return ApiKeyRevoker.NONE;
        }
    }

    @BeforeEach
    void configure() {
        prefix = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
        runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
                        TransactionAutoConfiguration.class, DirsyncJdbiAutoConfiguration.class,
                        DirsyncAutoConfiguration.class))
                .withUserConfiguration(Host.class)
                .withPropertyValues("spring.datasource.url=" + url(), "spring.datasource.hikari.maximum-pool-size=4",
                        "dirsync.storage.table-prefix=" + prefix, "test.host-table=" + prefix + "app_users");
    }

    @AfterEach
    void dropTables() throws SQLException {
        try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    String name = rs.getString("TABLE_NAME");
                    if (name.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                        tables.add(name);
                    }
                }
            }
            for (String t : tables) {
                s.execute("drop table if exists " + t);
            }
        }
    }

    @Test
    void theHostsRowRollsBackWithDirsyncsStateWhenTheHostFailsAfterWritingIt() {
        runner.run(context -> {
            Fixture f = new Fixture(context);
            f.users.failure = JdbcUserStore.Failure.AFTER_WRITE;
            assertThatThrownBy(() -> f.sync.accept(f.userCreated("event_1", "u1")))
                    .hasMessageContaining("host failed after writing its row");
            assertThat(f.users.creates).hasValue(1);
            assertThat(f.count("app_users")).as("the host's row").isZero();
            assertThat(f.count("mirror_users")).as("dirsync's mirror").isZero();
            assertThat(f.count("event_ledger")).as("dirsync's ledger").isZero();
            assertThat(f.count("projections")).as("what dirsync applied").isZero();
            assertThat(f.count("audit_log")).as("dirsync's audit").isEqualTo(f.auditBefore);
        });
    }

    /**
     * A host that throws in the middle of a projection (its row written, then a failure): nothing of the delivery
     * stays, so the source's redelivery (WorkOS retries what was answered 503) applies it exactly once.
     */
    @Test
    void aHostFailingMidProjectionLeavesNothingHalfAppliedAndTheRedeliveryAppliesOnce() {
        runner.run(context -> {
            Fixture f = new Fixture(context);
            assertThat(f.sync.accept(f.userCreated("event_0", "u0"))).isInstanceOf(Outcome.Applied.class);
            int auditAfterFirst = f.count("audit_log");
            f.users.failure = JdbcUserStore.Failure.AFTER_WRITE;
            assertThatThrownBy(() -> f.sync.accept(f.userCreated("event_1", "u1")))
                    .hasMessageContaining("host failed after writing its row");
            assertThat(f.count("app_users")).as("the host's row of u1").isEqualTo(1);
            assertThat(f.count("mirror_users")).as("mirror").isEqualTo(1);
            assertThat(f.count("event_ledger")).as("ledger").isEqualTo(1);
            assertThat(f.count("projections")).as("projection").isEqualTo(1);
            assertThat(f.count("audit_log")).as("audit").isEqualTo(auditAfterFirst);

            f.users.failure = JdbcUserStore.Failure.NONE; // the host recovered; the source delivers again
            assertThat(f.sync.accept(f.userCreated("event_1", "u1"))).isInstanceOf(Outcome.Applied.class);
            assertThat(f.sync.accept(f.userCreated("event_1", "u1"))).isInstanceOf(Outcome.Duplicate.class);
            assertThat(f.count("app_users")).isEqualTo(2);
            assertThat(f.count("mirror_users")).isEqualTo(2);
            assertThat(f.count("event_ledger")).isEqualTo(2);
            assertThat(f.count("projections")).isEqualTo(2);
            assertThat(f.provisioned("u1")).as("one user_provisioned entry for u1").isEqualTo(1);
        });
    }

    @Test
    void theHostsRowAndDirsyncsStateCommitTogether() {
        runner.run(context -> {
            Fixture f = new Fixture(context);
            assertThat(context.getBean(StateStore.class)).isInstanceOf(SpringTransactionStateStore.class);
            assertThat(f.sync.accept(f.userCreated("event_1", "u1"))).isInstanceOf(Outcome.Applied.class);
            assertThat(f.count("app_users")).isEqualTo(1);
            assertThat(f.count("mirror_users")).isEqualTo(1);
            assertThat(f.count("event_ledger")).isEqualTo(1);
            assertThat(f.count("projections")).isEqualTo(1);
            assertThat(f.count("audit_log")).isGreaterThan(f.auditBefore);
        });
    }

    @Test
    void dirsyncJoinsTheHostsTransactionAndRollsBackWithIt() {
        runner.run(context -> {
            Fixture f = new Fixture(context);
            TransactionTemplate host = context.getBean(TransactionTemplate.class);
            host.executeWithoutResult(status -> {
                f.sync.accept(f.userCreated("event_1", "u1"));
                assertThat(f.countInThisTransaction("app_users")).isEqualTo(1);
                status.setRollbackOnly(); // the host changes its mind after dirsync's work
            });
            assertThat(f.count("app_users")).isZero();
            assertThat(f.count("mirror_users")).isZero();
            assertThat(f.count("event_ledger")).isZero();
            assertThat(f.count("projections")).isZero();
            assertThat(f.count("audit_log")).isEqualTo(f.auditBefore);

            host.executeWithoutResult(status -> f.sync.accept(f.userCreated("event_1", "u1")));
            assertThat(f.count("app_users")).isEqualTo(1);
            assertThat(f.count("event_ledger")).isEqualTo(1);
        });
    }

    @Test
    void aSerializationFailureRunsDirsyncsTransactionAgainFromTheStart() {
        runner.run(context -> {
            Fixture f = new Fixture(context);
            f.users.failure = JdbcUserStore.Failure.SERIALIZATION_ONCE;
            assertThat(f.sync.accept(f.userCreated("event_1", "u1"))).isInstanceOf(Outcome.Applied.class);
            assertThat(f.users.creates).as("run twice").hasValue(2);
            assertThat(f.count("app_users")).as("the first run's insert rolled back").isEqualTo(1);
            assertThat(f.count("event_ledger")).isEqualTo(1);
            assertThat(f.count("projections")).isEqualTo(1);
        });
    }

    @Test
    void aConflictInsideTheHostsTransactionIsTheHostsToRetry() {
        runner.run(context -> {
            Fixture f = new Fixture(context);
            f.users.failure = JdbcUserStore.Failure.SERIALIZATION_ONCE;
            TransactionTemplate host = context.getBean(TransactionTemplate.class);
            assertThatThrownBy(() -> host.executeWithoutResult(status -> f.sync.accept(f.userCreated("event_1", "u1"))))
                    .hasRootCauseMessage("could not serialize access due to concurrent update");
            assertThat(f.users.creates).as("not run again inside a transaction it does not own").hasValue(1);
            assertThat(f.count("app_users")).isZero();
            assertThat(f.count("event_ledger")).isZero();
        });
    }

    @Test
    void joiningAHostTransactionOfAnotherIsolationLevelSaysWhatToDo() {
        runner.run(context -> {
            Fixture f = new Fixture(context);
            TransactionTemplate host = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
            host.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ); // MySQL's default
            assertThatThrownBy(() -> host.executeWithoutResult(status -> f.sync.accept(f.userCreated("event_1", "u1"))))
                    .isInstanceOf(DirsyncStorageException.class)
                    .hasMessageContaining("READ COMMITTED")
                    .hasMessageContaining("@Transactional(isolation = Isolation.READ_COMMITTED)");
            assertThat(f.count("event_ledger")).isZero();
        });
    }

    /** The application, an organization, and row counts of its tables as committed. */
    private final class Fixture {
        final DirectorySync sync;
        final JdbcUserStore users;
        final JdbcTemplate jdbc;
        final int auditBefore;

        Fixture(AssertableApplicationContext context) {
            assertThat(context).hasNotFailed();
            sync = context.getBean(DirectorySync.class);
            users = context.getBean(JdbcUserStore.class);
            jdbc = context.getBean(JdbcTemplate.class);
            users.createTable();
            sync.createOrganization(ORG, "Acme");
            auditBefore = count("audit_log");
        }

        SourceEvent userCreated(String eventId, String userId) {
            return new SourceEvent.UserCreated(new EventMeta(eventId, ORG, "dir", Source.workos("Okta"),
                    Instant.parse("2026-03-02T09:00:00Z")),
                    DirectoryUser.builder(userId, "dir").email(userId + "@acme.test").build());
        }

        /** Rows committed: read on a connection of its own, outside any transaction of this thread. */
        int count(String table) {
            try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from " + prefix + table)) {
                rs.next();
                return rs.getInt(1);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        int provisioned(String directoryUserId) {
            try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from " + prefix + "audit_log where action = "
                         + "'user_provisioned' and target_directory_user_id = '" + directoryUserId + "'")) {
                rs.next();
                return rs.getInt(1);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        int countInThisTransaction(String table) {
            Integer n = jdbc.queryForObject("select count(*) from " + prefix + table, Integer.class);
            return n == null ? 0 : n;
        }
    }
}
