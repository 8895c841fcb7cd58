package dev.dirsync.spring.boot.tx;

import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.Identity;
import dev.dirsync.core.model.Projection;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.spi.AppUser;
import dev.dirsync.core.spi.UserStore;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.CannotSerializeTransactionException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** A host's user table written with JdbcTemplate, as a Spring application writes it; fails on request. */
final class JdbcUserStore implements UserStore {
    enum Failure {
        NONE,
        /** The host throws after inserting its row. */
        AFTER_WRITE,
        /** The first insert is followed by a serialization failure, as a database reports a conflict. */
        SERIALIZATION_ONCE
    }

    private final JdbcTemplate jdbc;
    private final String table;
    volatile Failure failure = Failure.NONE;
    final AtomicInteger creates = new AtomicInteger();

    JdbcUserStore(JdbcTemplate jdbc, String table) {
        this.jdbc = jdbc;
        this.table = table;
    }

    void createTable() {
        jdbc.execute("create table " + table + " (id varchar(64) primary key, organization_id varchar(191) not null, "
                + "directory_key varchar(400) not null unique, email varchar(320), status varchar(16) not null)");
    }

    @Override
    public Optional<AppUser> findByDirectoryUser(DirectoryUserKey key) {
        return jdbc.query("select id, email, status from " + table + " where directory_key = ?",
                (rs, i) -> new AppUser(rs.getString(1), key.organizationId(), rs.getString(2), "member",
                        UserStatus.valueOf(rs.getString(3)), Instant.EPOCH, key), key.toString()).stream().findFirst();
    }

    @Override
    public Optional<AppUser> findLinkableByVerifiedEmail(String organizationId, String email) {
        return Optional.empty();
    }

    @Override
    public AppUser create(Projection p) {
        int attempt = creates.incrementAndGet();
        String id = "host-" + p.key().userId();
        jdbc.update("insert into " + table + " (id, organization_id, directory_key, email, status) values (?, ?, ?, ?, ?)",
                id, p.key().organizationId(), p.key().toString(), p.identity().email(), p.status().name());
        if (failure == Failure.AFTER_WRITE) {
            throw new IllegalStateException("host failed after writing its row");
        }
        if (failure == Failure.SERIALIZATION_ONCE && attempt == 1) {
            throw new CannotSerializeTransactionException("conflict",
                    new SQLException("could not serialize access due to concurrent update", "40001"));
        }
        return new AppUser(id, p.key().organizationId(), p.identity().email(), p.role(), p.status(), Instant.EPOCH,
                p.key());
    }

    @Override
    public void link(String appUserId, DirectoryUserKey key) {
        jdbc.update("update " + table + " set directory_key = ? where id = ?", key.toString(), appUserId);
    }

    @Override
    public void updateProfile(String appUserId, Identity identity, Map<String, String> metadata) {
        jdbc.update("update " + table + " set email = ? where id = ?", identity.email(), appUserId);
    }

    @Override
    public void setStatus(String appUserId, UserStatus status) {
        jdbc.update("update " + table + " set status = ? where id = ?", status.name(), appUserId);
    }

    @Override
    public void setRole(String appUserId, @Nullable String role) {
    }

    @Override
    public void setWorkspaces(String appUserId, Set<String> workspaces) {
    }

    @Override
    public List<AppUser> listActiveAdmins(String organizationId, String adminRole) {
        return List.of(new AppUser("host-founder", organizationId, "founder@acme.test", adminRole, UserStatus.ACTIVE,
                Instant.EPOCH, null));
    }

    @Override
    public List<AppUser> listActiveUsers(String organizationId) {
        return listActiveAdmins(organizationId, "admin");
    }
}
