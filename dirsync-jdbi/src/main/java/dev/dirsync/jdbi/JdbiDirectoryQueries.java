package dev.dirsync.jdbi;

import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.read.DirectoryCounts;
import dev.dirsync.core.read.GroupQuery;
import dev.dirsync.core.read.GroupView;
import dev.dirsync.core.read.Page;
import dev.dirsync.core.read.UserQuery;
import dev.dirsync.core.read.UserTerm;
import dev.dirsync.core.read.UserView;
import dev.dirsync.core.state.DirectoryConnection;
import dev.dirsync.core.state.DirectoryQueries;
import dev.dirsync.core.state.MirrorUser;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

import java.util.List;
import java.util.Locale;

/**
 * The read model's queries in SQL: every filter, sort, page and count runs in the database on the columns of
 * schema version 3 and their indexes (organization id first), so a page costs one statement for the rows (two for a
 * deep page of one directory: the user at the offset, then the page) and at most one {@code COUNT} (skipped when the
 * page itself shows the total), however large the organization.
 * Semantics are those of the in-memory store ({@code MemoryQueries}); the contract suite holds both to them.
 */
final class JdbiDirectoryQueries implements DirectoryQueries {
    private static final String APPLIED = "p_";

    private final Repositories r;
    private final JdbiMirrorStore mirror;
    private final JdbiProjectionStore projections;
    private final JdbiConnectionStore connections;
    private final String userColumns;
    private final String groupColumns;
    private final String appliedColumns;
    private final RowMapper<UserView> userViewMapper;

    JdbiDirectoryQueries(Repositories r, JdbiMirrorStore mirror, JdbiProjectionStore projections,
                         JdbiConnectionStore connections) {
        this.r = r;
        this.mirror = mirror;
        this.projections = projections;
        this.connections = connections;
        this.userColumns = r.columns("u", "", JdbiMirrorStore.MIRROR_SELECTED);
        this.groupColumns = r.columns("g", "", JdbiMirrorStore.MIRROR_SELECTED);
        this.appliedColumns = r.columns("p", APPLIED, JdbiProjectionStore.SELECTED);
        this.userViewMapper = (rs, ctx) -> {
            MirrorUser u = mirror.userMapper.map(rs, ctx);
            return new UserView(u, rs.getString(APPLIED + "app_user_id") == null ? null
                    : projections.read(rs, u.key(), APPLIED));
        };
    }

    // ------------------------------------------------------------ users

    @Override
    public Page<UserView> users(String organizationId, UserQuery q) {
        Where w = new Where().and("u.organization_id = :org", s -> s.bind("org", organizationId));
        if (!q.includeDeleted()) {
            w.and("u.deleted = FALSE");
        }
        if (q.directoryId() != null) {
            w.and("u.directory_id = :dir", s -> s.bind("dir", q.directoryId()));
        }
        if (q.userName() != null) {
            w.and("u.user_name_lower = :user_name", s -> s.bind("user_name", q.userName().toLowerCase(Locale.ROOT)));
        }
        if (q.idpId() != null) {
            w.and("u.idp_id = :idp_id", s -> s.bind("idp_id", q.idpId()));
        }
        if (q.text() != null) {
            // a substring cannot use an index: it scans the organization's rows, in the database
            w.and("(u.email_lower LIKE :text ESCAPE '!' OR u.user_name_lower LIKE :text ESCAPE '!' "
                    + "OR u.display_name_lower LIKE :text ESCAPE '!')",
                    s -> s.bind("text", Sql.containsPattern(q.text())));
        }
        for (int i = 0; i < q.terms().size(); i++) {
            term(w, q.terms().get(i), "t" + i);
        }
        if (q.groupId() != null) {
            w.and("EXISTS (SELECT 1 FROM " + r.t.mirrorMemberships + " m WHERE m.organization_id = u.organization_id "
                    + "AND m.directory_id = u.directory_id AND m.group_id = :group_id AND m.user_id = u.user_id "
                    + "AND m.present = TRUE)", s -> s.bind("group_id", q.groupId()));
        }
        boolean filtersApplied = q.projected() != null || q.appliedStatus() != null;
        if (q.projected() != null) {
            w.and(q.projected() ? "p.user_id IS NOT NULL" : "p.user_id IS NULL");
        }
        if (q.appliedStatus() != null) {
            w.and("p.status = :status", s -> s.bind("status", q.appliedStatus().name()));
        }
        if (q.after() != null && !after(w, q.directoryId(), q.after())) {
            return new Page<>(List.of(), 0, q.offset(), q.limit());
        }

        String users = r.t.mirrorUsers + " u";
        String withApplied = users + " LEFT JOIN " + r.t.projections + " p ON p.organization_id = u.organization_id "
                + "AND p.directory_id = u.directory_id AND p.user_id = u.user_id";
        String dir = q.descending() ? " DESC" : "";
        String order = switch (q.sort()) {
            case ID -> idOrder(q, dir);
            case EMAIL -> "u.email_lower" + dir + ", u.directory_id" + dir + ", u.user_id" + dir;
            case NAME -> "u.display_name_lower" + dir + ", u.directory_id" + dir + ", u.user_id" + dir;
        };
        String select = "SELECT " + userColumns + ", " + appliedColumns + " FROM " + withApplied;
        List<UserView> items;
        if (q.sort() == UserQuery.Sort.ID && !q.descending() && q.directoryId() != null && q.offset() > 0) {
            // a deep page: the offset walked without the projections' join (index-only where the index covers the
            // conditions), then the page read from the user found there
            String first = w.bind(r.handle.createQuery("SELECT u.user_id FROM " + (filtersApplied ? withApplied : users)
                            + w.sql() + " ORDER BY " + order + " LIMIT 1 OFFSET :offset"))
                    .bind("offset", q.offset()).mapTo(String.class).findOne().orElse(null);
            items = first == null ? List.of() : w.bind(r.handle.createQuery(select + w.sql()
                            + " AND u.user_id >= :first_user ORDER BY " + order + " LIMIT :limit"))
                    .bind("first_user", first).bind("limit", q.limit())
                    .map(userViewMapper).list();
        } else {
            items = w.bind(r.handle.createQuery(select + w.sql() + " ORDER BY " + order
                            + " LIMIT :limit OFFSET :offset"))
                    .bind("limit", q.limit()).bind("offset", q.offset())
                    .map(userViewMapper).list();
        }
        List<UserView> page = items;
        return new Page<>(page, total(page.size(), q.offset(), q.limit(),
                () -> w.bind(r.handle.createQuery("SELECT COUNT(*) FROM " + (filtersApplied ? withApplied : users)
                        + w.sql()))), q.offset(), q.limit());
    }

    /**
     * The read model's id order (directory, user) spelled as an index that holds the query's rows in that order, so
     * the database walks the index instead of sorting the matches: with one directory's live users, index
     * {@code mirror_users_live} (organization, directory, deleted, user; schema version 11), or {@code
     * mirror_users_title} if the title is fixed by an {@code eq}; else the primary key. The columns added before the
     * user id are fixed by the query's conditions, so the order is the same.
     */
    private static String idOrder(UserQuery q, String dir) {
        if (q.directoryId() == null) {
            return "u.organization_id" + dir + ", u.directory_id" + dir + ", u.user_id" + dir;
        }
        boolean titleFixed = q.terms().stream().anyMatch(t -> t instanceof UserTerm.Text x
                && x.field() == UserTerm.Field.TITLE && x.match() == UserTerm.Match.EQ);
        String fixed = titleFixed ? ", u.title_lower" + dir : q.includeDeleted() ? "" : ", u.deleted" + dir;
        return "u.organization_id" + dir + ", u.directory_id" + dir + fixed + ", u.user_id" + dir;
    }

    /**
     * Adds one condition on a column of schema version 3 or 7, each with an index that starts with the organization
     * and directory; lower-cased values compare with the lower-cased copies ({@code ReadColumns}).
     */
    private void term(Where w, UserTerm t, String param) {
        if (t instanceof UserTerm.Text x && x.field() == UserTerm.Field.ANY_EMAIL) {
            // every email between newlines in one column: a scan of the directory's rows, in the database
            if (x.value().indexOf('\n') >= 0) {
                w.and("1 = 0"); // no address holds a newline (ReadColumns): never a match across two of them
                return;
            }
            String pattern = switch (x.match()) {
                case EQ -> "%\n" + Sql.escapedForLike(x.value()) + "\n%";
                case STARTS_WITH -> "%\n" + Sql.startsWithPattern(x.value());
                case CONTAINS -> Sql.containsPattern(x.value());
            };
            w.and("u.emails_lower LIKE :" + param + " ESCAPE '!'", s -> s.bind(param, pattern));
            return;
        }
        if (t instanceof UserTerm.Text x) {
            String column = switch (x.field()) {
                case USER_NAME -> "u.user_name_lower";
                case EMAIL -> "u.email_lower";
                case TITLE -> "u.title_lower";
                case IDP_ID -> "u.idp_id";
                case ANY_EMAIL -> throw new IllegalStateException("above");
            };
            switch (x.match()) {
                case EQ -> w.and(column + " = :" + param, s -> s.bind(param, x.value()));
                case STARTS_WITH -> w.and(column + " LIKE :" + param + " ESCAPE '!'",
                        s -> s.bind(param, Sql.startsWithPattern(x.value())));
                // a substring cannot use an index: it scans the directory's rows, in the database
                case CONTAINS -> w.and(column + " LIKE :" + param + " ESCAPE '!'",
                        s -> s.bind(param, Sql.containsPattern(x.value())));
            }
        } else if (t instanceof UserTerm.Active a) {
            w.and("u.active = :" + param, s -> s.bind(param, a.active()));
        } else if (t instanceof UserTerm.Modified m) {
            String op = switch (m.comparison()) {
                case GT -> ">";
                case GE -> ">=";
                case LT -> "<";
                case LE -> "<=";
            };
            w.and("u.version_time " + op + " :" + param, s -> s.bind(param, r.time(m.at())));
        }
    }

    /**
     * Adds "strictly after this key" in (directory id, user id) order; false if nothing can follow it. With a
     * directory filter the key's directory decides in Java, so the database gets a plain range of the primary key.
     */
    private boolean after(Where w, String directoryId, DirectoryUserKey after) {
        if (directoryId == null) {
            w.and(r.dialect.keyset(List.of("u.directory_id", "u.user_id"), List.of("after_dir", "after_user"), ">"),
                    s -> s.bind("after_dir", after.directoryId()).bind("after_user", after.userId()));
            return true;
        }
        int c = directoryId.compareTo(after.directoryId());
        if (c == 0) {
            w.and("u.user_id > :after_user", s -> s.bind("after_user", after.userId()));
        }
        return c >= 0;
    }

    // ------------------------------------------------------------ groups and members

    @Override
    public Page<GroupView> groups(String organizationId, GroupQuery q) {
        Where w = new Where().and("g.organization_id = :org", s -> s.bind("org", organizationId));
        if (!q.includeDeleted()) {
            w.and("g.deleted = FALSE");
        }
        if (q.directoryId() != null) {
            w.and("g.directory_id = :dir", s -> s.bind("dir", q.directoryId()));
        }
        if (q.displayName() != null) {
            w.and("g.display_name = :display_name", s -> s.bind("display_name", q.displayName()));
        }
        if (q.text() != null) {
            w.and("g.display_name_lower LIKE :text ESCAPE '!'", s -> s.bind("text", Sql.containsPattern(q.text())));
        }
        // counted per row of the page only, through the memberships' primary key: what members() would total
        String memberCount = "(SELECT COUNT(*) FROM " + r.t.mirrorMemberships + " m JOIN " + r.t.mirrorUsers
                + " mu ON mu.organization_id = m.organization_id AND mu.directory_id = m.directory_id "
                + "AND mu.user_id = m.user_id WHERE m.organization_id = g.organization_id "
                + "AND m.directory_id = g.directory_id AND m.group_id = g.group_id AND m.present = TRUE "
                + "AND mu.deleted = FALSE) AS member_count";
        List<GroupView> items = w.bind(r.handle.createQuery("SELECT " + groupColumns + ", " + memberCount + " FROM "
                        + r.t.mirrorGroups + " g" + w.sql()
                        + " ORDER BY g.display_name_lower, g.directory_id, g.group_id LIMIT :limit OFFSET :offset"))
                .bind("limit", q.limit()).bind("offset", q.offset())
                .map((rs, ctx) -> new GroupView(mirror.groupMapper.map(rs, ctx), rs.getLong("member_count")))
                .list();
        return new Page<>(items, total(items.size(), q.offset(), q.limit(),
                () -> w.bind(r.handle.createQuery("SELECT COUNT(*) FROM " + r.t.mirrorGroups + " g" + w.sql()))),
                q.offset(), q.limit());
    }

    @Override
    public Page<MirrorUser> members(String organizationId, String directoryId, String groupId, int offset, int limit) {
        Where w = new Where()
                .and("m.organization_id = :org AND m.directory_id = :dir AND m.group_id = :group_id",
                        s -> s.bind("org", organizationId).bind("dir", directoryId).bind("group_id", groupId))
                .and("m.present = TRUE AND u.deleted = FALSE");
        String from = r.t.mirrorMemberships + " m JOIN " + r.t.mirrorUsers
                + " u ON u.organization_id = m.organization_id AND u.directory_id = m.directory_id "
                + "AND u.user_id = m.user_id";
        List<MirrorUser> items = w.bind(r.handle.createQuery("SELECT " + userColumns + " FROM " + from + w.sql()
                        + " ORDER BY m.user_id LIMIT :limit OFFSET :offset"))
                .bind("limit", limit).bind("offset", offset)
                .map(mirror.userMapper).list();
        return new Page<>(items, total(items.size(), offset, limit,
                () -> w.bind(r.handle.createQuery("SELECT COUNT(*) FROM " + from + w.sql()))), offset, limit);
    }

    // ------------------------------------------------------------ counts and connections

    @Override
    public DirectoryCounts counts(String organizationId) {
        // one statement, four aggregates, each over one table's rows of the organization
        return r.handle.createQuery("SELECT uc.live_users, uc.active_users, uc.deleted_users, gc.live_groups, "
                        + "pc.projected_users, pc.guarded_users, mc.memberships FROM "
                        + "(SELECT COALESCE(SUM(CASE WHEN deleted = FALSE THEN 1 ELSE 0 END), 0) AS live_users, "
                        + "COALESCE(SUM(CASE WHEN deleted = FALSE AND active = TRUE THEN 1 ELSE 0 END), 0) "
                        + "AS active_users, "
                        + "COALESCE(SUM(CASE WHEN deleted = TRUE THEN 1 ELSE 0 END), 0) AS deleted_users "
                        + "FROM " + r.t.mirrorUsers + " WHERE organization_id = :org) uc "
                        + "CROSS JOIN (SELECT COUNT(*) AS live_groups FROM " + r.t.mirrorGroups
                        + " WHERE organization_id = :org AND deleted = FALSE) gc "
                        + "CROSS JOIN (SELECT COUNT(*) AS projected_users, COUNT(blocked) AS guarded_users FROM "
                        + r.t.projections + " WHERE organization_id = :org) pc "
                        + "CROSS JOIN (SELECT COUNT(*) AS memberships FROM " + r.t.mirrorMemberships
                        + " WHERE organization_id = :org AND present = TRUE) mc")
                .bind("org", organizationId)
                .map((rs, ctx) -> new DirectoryCounts(rs.getLong("live_users"), rs.getLong("active_users"),
                        rs.getLong("deleted_users"), rs.getLong("live_groups"), rs.getLong("projected_users"),
                        rs.getLong("guarded_users"), rs.getLong("memberships")))
                .one();
    }

    @Override
    public List<DirectoryConnection> allConnections() {
        return connections.all();
    }

    // ------------------------------------------------------------ paging

    /**
     * The number of every match: read off the page when it is the last one (not full, and not past the end),
     * else counted by {@code count}.
     */
    static long total(int pageSize, int offset, int limit, java.util.function.Supplier<Query> count) {
        if (pageSize < limit && (pageSize > 0 || offset == 0)) {
            return (long) offset + pageSize;
        }
        return count.get().mapTo(Long.class).one();
    }
}
