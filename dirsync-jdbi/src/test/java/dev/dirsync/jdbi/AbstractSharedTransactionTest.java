package dev.dirsync.jdbi;

import com.zaxxer.hikari.HikariDataSource;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.Identity;
import dev.dirsync.core.model.Projection;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.outcome.Outcome;
import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.AppUser;
import dev.dirsync.core.spi.SessionRevoker;
import dev.dirsync.core.spi.UserStore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A host whose user table shares dirsync's database writes it through {@link JdbiStateStore#currentConnection()}:
 * its change and dirsync's commit together, or neither does.
 */
abstract class AbstractSharedTransactionTest {
    protected abstract TestDatabase database();

    private HikariDataSource pool;
    private String prefix;
    private JdbiStateStore store;
    private String hostTable;

    @BeforeEach
    void start() throws SQLException {
        pool = TestDatabase.pool(database().newUrl(), 4);
        prefix = TestDatabase.newPrefix();
        store = JdbiStateStore.builder(pool).tablePrefix(prefix).build();
        hostTable = prefix + "host_users";
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + hostTable + " (id VARCHAR(64) PRIMARY KEY, directory_key VARCHAR(191), "
                    + "email VARCHAR(191), role VARCHAR(64), status VARCHAR(16))");
        }
    }

    @AfterEach
    void stop() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + hostTable);
        }
        TestDatabase.dropTables(pool, prefix);
        pool.close();
    }

    /** The host's user table, written through dirsync's transaction; fails after writing when told to. */
    private final class SharedUserStore implements UserStore {
        boolean failAfterCreate;

        private Connection tx() {
            return store.currentConnection().orElseThrow(() -> new IllegalStateException("no dirsync transaction"));
        }

        @Override
        public Optional<AppUser> findByDirectoryUser(DirectoryUserKey key) {
            try (PreparedStatement ps = tx().prepareStatement("SELECT id, email, role, status FROM " + hostTable
                    + " WHERE directory_key = ?")) {
                ps.setString(1, key.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new AppUser(rs.getString(1), key.organizationId(), rs.getString(2),
                            rs.getString(3), UserStatus.valueOf(rs.getString(4)), Instant.EPOCH, key)) : Optional.empty();
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public Optional<AppUser> findLinkableByVerifiedEmail(String organizationId, String email) {
            return Optional.empty();
        }

        @Override
        public AppUser create(Projection p) {
            String id = "host-" + p.key().userId();
            update("INSERT INTO " + hostTable + " (id, directory_key, email, role, status) VALUES (?, ?, ?, ?, ?)",
                    id, p.key().toString(), p.identity().email(), p.role(), p.status().name());
            if (failAfterCreate) {
                throw new IllegalStateException("host failed after writing its row");
            }
            return new AppUser(id, p.key().organizationId(), p.identity().email(), p.role(), p.status(), Instant.EPOCH,
                    p.key());
        }

        @Override
        public void link(String appUserId, DirectoryUserKey key) {
            update("UPDATE " + hostTable + " SET directory_key = ? WHERE id = ?", key.toString(), appUserId);
        }

        @Override
        public void updateProfile(String appUserId, Identity identity, Map<String, String> metadata) {
            update("UPDATE " + hostTable + " SET email = ? WHERE id = ?", identity.email(), appUserId);
        }

        @Override
        public void setStatus(String appUserId, UserStatus status) {
            update("UPDATE " + hostTable + " SET status = ? WHERE id = ?", status.name(), appUserId);
        }

        @Override
        public void setRole(String appUserId, @Nullable String role) {
            update("UPDATE " + hostTable + " SET role = ? WHERE id = ?", role, appUserId);
        }

        @Override
        public void setWorkspaces(String appUserId, Set<String> workspaces) {
        }

        @Override
        public List<AppUser> listActiveAdmins(String organizationId, String adminRole) {
            return List.of(new AppUser("host-founder", organizationId, "f@acme.test", adminRole, UserStatus.ACTIVE,
                    Instant.EPOCH, null));
        }

        @Override
        public List<AppUser> listActiveUsers(String organizationId) {
            return listActiveAdmins(organizationId, "admin");
        }

        private void update(String sql, String... args) {
            try (PreparedStatement ps = tx().prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setString(i + 1, args[i]);
                }
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private List<String> committedHostRows() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, status FROM " + hostTable + " ORDER BY id")) {
            List<String> out = new java.util.ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2));
            }
            return out;
        }
    }

    @Test
    void theHostsRowAndDirsyncsStateCommitTogetherOrNotAtAll() throws SQLException {
        SharedUserStore users = new SharedUserStore();
        DirectorySync sync = DirectorySync.builder().stateStore(store).userStore(users)
                .sessionRevoker(SessionRevoker.NONE).apiKeyRevoker(ApiKeyRevoker.NONE).build();
        sync.createOrganization("acme", "Acme");
        SourceEvent created = new SourceEvent.UserCreated(new EventMeta("e1", "acme", "dir", Source.workos("Okta"),
                Instant.parse("2026-01-01T00:00:00Z")), DirectoryUser.builder("u1", "dir").email("bob@acme.test").build());

        users.failAfterCreate = true;
        assertThatThrownBy(() -> sync.accept(created)).hasMessageContaining("host failed after writing its row");
        assertThat(committedHostRows()).as("the host's insert rolled back with dirsync's transaction").isEmpty();
        assertThat(sync.directoryUsers("acme")).as("and so did the mirror and the ledger").isEmpty();

        users.failAfterCreate = false;
        assertThat(sync.accept(created)).isInstanceOf(Outcome.Applied.class);
        assertThat(committedHostRows()).containsExactly("host-u1 ACTIVE");

        sync.accept(new SourceEvent.UserDeleted(new EventMeta("e2", "acme", "dir", Source.workos("Okta"),
                Instant.parse("2026-01-02T00:00:00Z")), "u1"));
        assertThat(committedHostRows()).containsExactly("host-u1 DEACTIVATED");
        assertThat(store.currentConnection()).as("outside a dirsync transaction there is none").isEmpty();
    }
}
