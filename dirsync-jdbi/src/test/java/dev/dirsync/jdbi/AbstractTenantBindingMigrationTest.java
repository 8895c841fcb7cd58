package dev.dirsync.jdbi;

import com.zaxxer.hikari.HikariDataSource;
import dev.dirsync.core.model.Organization;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.state.DirectoryConnection;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Schema version 4 on a database written by an older dirsync in which one WorkOS organization was linked to two
 * organizations and one WorkOS directory connected to both (the capture the unique indexes now prevent): the upgrade
 * stops with a message naming each conflict and how to fix it, changes nothing, and succeeds once fixed.
 */
abstract class AbstractTenantBindingMigrationTest {
    private static final Instant OLDER = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant NEWER = Instant.parse("2026-01-01T00:00:00Z");

    private HikariDataSource pool;
    private String prefix;
    private Jdbi jdbi;

    protected abstract TestDatabase database();

    @BeforeEach
    void version3Database() {
        pool = TestDatabase.pool(database().newUrl(), 2);
        prefix = TestDatabase.newPrefix();
        jdbi = Jdbi.create(pool);
        new SchemaMigrator(jdbi, database().dialect, new Tables(prefix, null), Duration.ofSeconds(30),
                SchemaMigrator.VERSIONS.subList(0, 3)).migrate();
        organization("acme", "org_01ACME", OLDER);
        organization("-a", "org_01ACME", NEWER);
        organization("globex", "org_01GLOBEX", OLDER);
        connection("acme", "directory_01OKTA", "WORKOS", OLDER);
        connection("-a", "directory_01OKTA", "WORKOS", NEWER);
        connection("acme", "scim", "SCIM", OLDER);
        connection("globex", "scim", "SCIM", OLDER); // SCIM ids belong to their organization: no conflict
    }

    @AfterEach
    void dropTables() {
        TestDatabase.dropTables(pool, prefix);
        pool.close();
    }

    private void organization(String id, String workos, Instant at) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO " + prefix + "organizations (id, name, workos_organization_id, "
                        + "settings, created_at) VALUES (:id, :id, :w, :s, :at)")
                .bind("id", id).bind("w", workos).bind("s", new JsonCodec().settings(OrganizationSettings.defaults()))
                .bind("at", Sql.instant(database().dialect, at)).execute());
    }

    private void connection(String org, String dir, String kind, Instant at) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO " + prefix + "connections (organization_id, directory_id, kind, "
                        + "provider, state, created_at) VALUES (:o, :d, :k, 'Okta', 'ACTIVE', :at)")
                .bind("o", org).bind("d", dir).bind("k", kind).bind("at", Sql.instant(database().dialect, at)).execute());
    }

    private Optional<String> version4() {
        return jdbi.withHandle(h -> h.createQuery("SELECT state FROM " + prefix + "schema_version WHERE version = 4")
                .mapTo(String.class).findOne());
    }

    @Test
    void anUpgradeOverDuplicateBindingsStopsNamingEachOneAndHowToFixItThenSucceedsOnceFixed() {
        assertThatThrownBy(() -> JdbiStateStore.builder(pool).tablePrefix(prefix).build())
                .isInstanceOf(DirsyncStorageException.class)
                .hasMessageContaining("dirsync schema version 4")
                .hasMessageContaining("WorkOS organization org_01ACME is linked to organizations 'acme', '-a'")
                .hasMessageContaining("WorkOS directory directory_01OKTA is connected to organizations 'acme', '-a'")
                .hasMessageContaining("UPDATE " + prefix + "organizations SET workos_organization_id = NULL")
                .hasMessageContaining("DELETE FROM " + prefix + "connections WHERE organization_id")
                .hasMessageNotContaining("globex").hasMessageNotContaining("'scim'");
        assertThat(version4()).as("not applied, so the next start checks again").isEmpty();

        // the operator keeps the bindings on their owner, as the message says
        jdbi.useHandle(h -> {
            h.execute("UPDATE " + prefix + "organizations SET workos_organization_id = NULL WHERE id = '-a'");
            h.execute("DELETE FROM " + prefix + "connections WHERE organization_id = '-a' AND directory_id = 'directory_01OKTA'");
        });
        JdbiStateStore store = JdbiStateStore.builder(pool).tablePrefix(prefix).build();

        assertThat(version4()).contains("done");
        Optional<Organization> owner = store.inTransaction(tx -> tx.organizations().findByWorkosOrganizationId("org_01ACME"));
        assertThat(owner).map(Organization::id).contains("acme");
        Optional<DirectoryConnection> workos = store.inTransaction(tx -> tx.connections().findWorkosDirectory("directory_01OKTA"));
        assertThat(workos).as("existing WorkOS connections are filled in").map(DirectoryConnection::organizationId).contains("acme");
        assertThatThrownBy(() -> jdbi.useHandle(h -> h.execute("UPDATE " + prefix + "organizations SET "
                + "workos_organization_id = 'org_01ACME' WHERE id = '-a'")))
                .as("the database itself now refuses a second binding").isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> store.inTransaction(tx -> {
            tx.connections().put(new DirectoryConnection("-a", "directory_01OKTA", DirectoryConnection.Kind.WORKOS,
                    "Okta", DirectoryConnection.State.ACTIVE, NEWER, null));
            return null;
        })).isInstanceOf(RuntimeException.class);
        List<DirectoryConnection> attackers = store.inTransaction(tx -> tx.connections().list("-a"));
        assertThat(attackers).isEmpty();
        Optional<DirectoryConnection> acmes = store.inTransaction(tx -> tx.connections().find("acme", "directory_01OKTA"));
        assertThat(acmes).as("MySQL's upsert must not have rewritten the owner's row").map(DirectoryConnection::createdAt)
                .contains(OLDER);
    }

    @Test
    void version4RunAgainAfterAnInterruptionChangesNothing() {
        jdbi.useHandle(h -> {
            h.execute("UPDATE " + prefix + "organizations SET workos_organization_id = NULL WHERE id = '-a'");
            h.execute("DELETE FROM " + prefix + "connections WHERE organization_id = '-a'");
        });
        JdbiStateStore.builder(pool).tablePrefix(prefix).build();
        jdbi.useHandle(h -> h.execute("DELETE FROM " + prefix + "schema_version WHERE version = 4"));

        JdbiStateStore again = JdbiStateStore.builder(pool).tablePrefix(prefix).build();

        assertThat(version4()).contains("done");
        Optional<DirectoryConnection> workos = again.inTransaction(tx -> tx.connections().findWorkosDirectory("directory_01OKTA"));
        assertThat(workos).map(DirectoryConnection::organizationId).contains("acme");
    }
}
