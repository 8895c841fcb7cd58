package dev.dirsync.examples.saas;

import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.Identity;
import dev.dirsync.core.model.Projection;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.spi.AppAccess;
import dev.dirsync.core.spi.AppUser;
import dev.dirsync.core.spi.UserStore;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * dirsync's view of the app's own {@code app_users} table: the one SPI a host must write. Plain JdbcTemplate: the
 * starter runs dirsync's work as a Spring transaction, so these writes commit or roll back with dirsync's state.
 */
@Component
public class SaasUserStore implements UserStore {
    private static final String COLUMNS = "id, organization_id, email, role, status, member_since, "
            + "directory_org, directory_id, directory_user_id";
    // the lookups dirsync makes, each answered from an index of schema.sql (SchemaIndexesTest checks the plans)
    static final String BY_DIRECTORY_USER = "select " + COLUMNS + " from app_users where directory_org = ? "
            + "and directory_id = ? and directory_user_id = ?";
    static final String LINKABLE_BY_EMAIL = "select " + COLUMNS + " from app_users where organization_id = ? "
            + "and email_lower = ? and email_verified and directory_user_id is null";
    static final String ACTIVE_ADMINS = "select " + COLUMNS + " from app_users where organization_id = ? "
            + "and status = 'ACTIVE' and role = ? order by member_since, id";
    static final String ACTIVE_USERS = "select " + COLUMNS + " from app_users where organization_id = ? "
            + "and status = 'ACTIVE' order by member_since, id";
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
        return jdbc.query(BY_DIRECTORY_USER, APP_USER, key.organizationId(), key.directoryId(), key.userId())
                .stream().findFirst();
    }

    @Override
    public Optional<AppUser> findLinkableByVerifiedEmail(String organizationId, String email) {
        return jdbc.query(LINKABLE_BY_EMAIL, APP_USER, organizationId, lower(email)).stream().findFirst();
    }

    @Override
    public AppUser create(Projection p) {
        String id = "usr_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        Identity who = p.identity();
        DirectoryUserKey key = p.key();
        // the IdP vouches for the address, so a directory-provisioned email counts as verified
        jdbc.update("insert into app_users (id, organization_id, email, email_lower, email_verified, first_name, "
                        + "last_name, display_name, title, department, role, status, member_since, directory_org, "
                        + "directory_id, directory_user_id) values (?, ?, ?, ?, true, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id, key.organizationId(), who.email(), lower(who.email()), who.givenName(), who.familyName(), who.displayName(),
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
        jdbc.update("update app_users set email = ?, email_lower = ?, first_name = ?, last_name = ?, "
                        + "display_name = ?, title = ?, department = ? where id = ?", who.email(), lower(who.email()),
                who.givenName(), who.familyName(),
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
        return jdbc.query(ACTIVE_ADMINS, APP_USER, organizationId, adminRole);
    }

    @Override
    public List<AppUser> listActiveUsers(String organizationId) {
        return jdbc.query(ACTIVE_USERS, APP_USER, organizationId);
    }

    /** The form {@code email_lower} keeps, so that linking by email is an index lookup that ignores case. */
    static @Nullable String lower(@Nullable String email) {
        return email == null ? null : email.toLowerCase(Locale.ROOT);
    }

    /** One query for the users, one for their workspaces: a page of the drift check costs two statements. */
    @Override
    public Map<String, AppAccess> currentAccess(String organizationId, Set<String> appUserIds) {
        if (appUserIds.isEmpty()) {
            return Map.of();
        }
        String in = String.join(", ", java.util.Collections.nCopies(appUserIds.size(), "?"));
        List<Object> args = new java.util.ArrayList<>();
        args.add(organizationId);
        args.addAll(appUserIds);
        Map<String, java.util.SortedSet<String>> workspaces = new java.util.HashMap<>();
        jdbc.query("select w.user_id, w.workspace from app_user_workspaces w join app_users u on u.id = w.user_id "
                + "where u.organization_id = ? and w.user_id in (" + in + ")", rs -> {
                    workspaces.computeIfAbsent(rs.getString(1), k -> new java.util.TreeSet<>()).add(rs.getString(2));
                }, args.toArray());
        Map<String, AppAccess> out = new java.util.LinkedHashMap<>();
        jdbc.query("select id, role, status from app_users where organization_id = ? and id in (" + in + ")", rs -> {
            String id = rs.getString(1);
            out.put(id, new AppAccess(id, rs.getString(2), workspaces.getOrDefault(id, new java.util.TreeSet<>()),
                    UserStatus.valueOf(rs.getString(3))));
        }, args.toArray());
        return out;
    }

    @Override
    public void purge(String appUserId) {
        // anonymize rather than delete, so audit references keep pointing at a row
        jdbc.update("update app_users set email = null, email_lower = null, first_name = null, last_name = null, display_name = "
                + "'(purged)', title = null, department = null where id = ?", appUserId);
        setWorkspaces(appUserId, Set.of());
    }
}
