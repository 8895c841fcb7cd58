package dev.dirsync.examples.saas;

import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.Identity;
import dev.dirsync.core.model.Projection;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.spi.AppUser;
import dev.dirsync.core.spi.UserStore;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** dirsync's view of the app's own {@code app_users} table: the one SPI a host must write. */
@Component
public class SaasUserStore implements UserStore {
    private static final String COLUMNS = "id, organization_id, email, role, status, member_since, "
            + "directory_org, directory_id, directory_user_id";
    private static final RowMapper<AppUser> APP_USER = (rs, i) -> {
        String dirUser = rs.getString("directory_user_id");
        return new AppUser(rs.getString("id"), rs.getString("organization_id"), rs.getString("email"),
                rs.getString("role"), UserStatus.valueOf(rs.getString("status")),
                rs.getTimestamp("member_since").toInstant(), dirUser == null ? null
                : new DirectoryUserKey(rs.getString("directory_org"), rs.getString("directory_id"), dirUser));
    };

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public SaasUserStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.clock = Clock.systemUTC();
    }

    @Override
    public Optional<AppUser> findByDirectoryUser(DirectoryUserKey key) {
        return jdbc.query("select " + COLUMNS + " from app_users where directory_org = ? and directory_id = ? "
                + "and directory_user_id = ?", APP_USER, key.organizationId(), key.directoryId(), key.userId())
                .stream().findFirst();
    }

    @Override
    public Optional<AppUser> findLinkableByVerifiedEmail(String organizationId, String email) {
        return jdbc.query("select " + COLUMNS + " from app_users where organization_id = ? and email_verified "
                + "and directory_user_id is null and lower(email) = lower(?)", APP_USER, organizationId, email)
                .stream().findFirst();
    }

    @Override
    public AppUser create(Projection p) {
        String id = "usr_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        Identity who = p.identity();
        DirectoryUserKey key = p.key();
        // the IdP vouches for the address, so a directory-provisioned email counts as verified
        jdbc.update("insert into app_users (id, organization_id, email, email_verified, first_name, last_name, "
                        + "display_name, title, department, role, status, member_since, directory_org, directory_id, "
                        + "directory_user_id) values (?, ?, ?, true, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id, key.organizationId(), who.email(), who.givenName(), who.familyName(), who.displayName(),
                p.metadata().get("title"), p.metadata().get("department"), p.role(), p.status().name(),
                Timestamp.from(clock.instant()), key.organizationId(), key.directoryId(), key.userId());
        setWorkspaces(id, p.workspaces());
        return findByDirectoryUser(key).orElseThrow();
    }

    @Override
    public void link(String appUserId, DirectoryUserKey key) {
        jdbc.update("update app_users set directory_org = ?, directory_id = ?, directory_user_id = ? where id = ?",
                key.organizationId(), key.directoryId(), key.userId(), appUserId);
    }

    @Override
    public void updateProfile(String appUserId, Identity who, Map<String, String> metadata) {
        jdbc.update("update app_users set email = ?, first_name = ?, last_name = ?, display_name = ?, title = ?, "
                        + "department = ? where id = ?", who.email(), who.givenName(), who.familyName(),
                who.displayName(), metadata.get("title"), metadata.get("department"), appUserId);
    }

    @Override
    public void setStatus(String appUserId, UserStatus status) {
        jdbc.update("update app_users set status = ? where id = ?", status.name(), appUserId);
    }

    @Override
    public void setRole(String appUserId, @Nullable String role) {
        jdbc.update("update app_users set role = ? where id = ?", role, appUserId);
    }

    @Override
    public void setWorkspaces(String appUserId, Set<String> workspaces) {
        jdbc.update("delete from app_user_workspaces where user_id = ?", appUserId);
        for (String w : workspaces) {
            jdbc.update("insert into app_user_workspaces (user_id, workspace) values (?, ?)", appUserId, w);
        }
    }

    @Override
    public List<AppUser> listActiveAdmins(String organizationId, String adminRole) {
        return jdbc.query("select " + COLUMNS + " from app_users where organization_id = ? and status = 'ACTIVE' "
                + "and role = ? order by member_since, id", APP_USER, organizationId, adminRole);
    }

    @Override
    public List<AppUser> listActiveUsers(String organizationId) {
        return jdbc.query("select " + COLUMNS + " from app_users where organization_id = ? and status = 'ACTIVE' "
                + "order by member_since, id", APP_USER, organizationId);
    }

    @Override
    public void purge(String appUserId) {
        // anonymize rather than delete, so audit references keep pointing at a row
        jdbc.update("update app_users set email = null, first_name = null, last_name = null, display_name = "
                + "'(purged)', title = null, department = null where id = ?", appUserId);
        setWorkspaces(appUserId, Set.of());
    }
}
