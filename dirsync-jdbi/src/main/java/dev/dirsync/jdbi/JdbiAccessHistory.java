package dev.dirsync.jdbi;

import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.state.AccessHistory;
import dev.dirsync.core.state.AccessInterval;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The access history in two tables: intervals keyed by (organization, directory, user, started_at), and one row
 * per workspace of an interval for the workspace filter. "As of T" walks the primary key (or the role or workspace
 * index) in person order from the page's start and stops after a page, so its cost is a page of people, not the
 * organization's history.
 */
final class JdbiAccessHistory implements AccessHistory {
    private static final List<String> COLUMNS = List.of("organization_id", "directory_id", "user_id", "started_at",
            "ended_at", "app_user_id", "label", "role", "workspaces", "status", "role_audit_id", "workspaces_audit_id",
            "status_audit_id");
    private static final String PERSON = "organization_id = :o AND directory_id = :d AND user_id = :u";

    private final Repositories r;
    private final RowMapper<AccessInterval> mapper;

    JdbiAccessHistory(Repositories r) {
        this.r = r;
        this.mapper = (rs, ctx) -> new AccessInterval(new DirectoryUserKey(rs.getString("organization_id"),
                rs.getString("directory_id"), rs.getString("user_id")), rs.getString("app_user_id"),
                rs.getString("label"), rs.getString("role"), new TreeSet<>(r.json.stringArray(rs.getString("workspaces"))),
                UserStatus.valueOf(rs.getString("status")), r.time(rs, "started_at"), r.nullableTime(rs, "ended_at"),
                rs.getString("role_audit_id"), rs.getString("workspaces_audit_id"), rs.getString("status_audit_id"));
    }

    @Override
    public Optional<AccessInterval> current(DirectoryUserKey key) {
        return r.handle.createQuery(r.select(COLUMNS) + r.t.accessHistory + " WHERE " + PERSON
                        + " AND ended_at IS NULL")
                .bind("o", key.organizationId()).bind("d", key.directoryId()).bind("u", key.userId())
                .map(mapper).findOne();
    }

    @Override
    public java.util.Map<DirectoryUserKey, AccessInterval> currentOf(java.util.Collection<DirectoryUserKey> keys) {
        java.util.Map<DirectoryUserKey, AccessInterval> out = new java.util.HashMap<>();
        r.byUsers(r.select(COLUMNS) + r.t.accessHistory, "", "ended_at IS NULL", keys, mapper)
                .forEach(i -> out.put(i.key(), i));
        return out;
    }

    @Override
    public void begin(@Nullable AccessInterval open, AccessInterval next) {
        if (next.to() != null) {
            throw new IllegalArgumentException("a new access interval is open: its end must be null");
        }
        if (open != null) {
            end(open, next.from());
        }
        insert(r, next);
    }

    /**
     * Several people's begins in a handful of batched statements: the ends (updates, and deletes of intervals that
     * began at the same instant, with their workspace rows), then the inserts and their workspace rows. People are
     * distinct, so no statement depends on another's row but through this order.
     */
    @Override
    public void beginAll(List<Begin> begins) {
        if (begins.size() <= 1) {
            begins.forEach(b -> begin(b.open(), b.next()));
            return;
        }
        PreparedBatch ended = r.handle.prepareBatch("UPDATE " + r.t.accessHistory + " SET ended_at = :at WHERE "
                + PERSON + " AND started_at = :from");
        PreparedBatch neverHeld = r.handle.prepareBatch("DELETE FROM " + r.t.accessHistory + " WHERE " + PERSON
                + " AND started_at = :at");
        PreparedBatch neverHeldWorkspaces = r.handle.prepareBatch("DELETE FROM " + r.t.accessWorkspaces + " WHERE "
                + PERSON + " AND started_at = :at");
        PreparedBatch inserted = r.handle.prepareBatch(INSERT.apply(r));
        PreparedBatch workspaces = r.handle.prepareBatch(INSERT_WORKSPACE.apply(r));
        for (Begin b : begins) {
            AccessInterval next = b.next();
            if (next.to() != null) {
                throw new IllegalArgumentException("a new access interval is open: its end must be null");
            }
            AccessInterval open = b.open();
            if (open != null) {
                DirectoryUserKey k = open.key();
                if (open.from().equals(next.from())) {
                    neverHeld.bind("o", k.organizationId()).bind("d", k.directoryId()).bind("u", k.userId())
                            .bind("at", r.time(next.from())).add();
                    if (!open.workspaces().isEmpty()) {
                        neverHeldWorkspaces.bind("o", k.organizationId()).bind("d", k.directoryId())
                                .bind("u", k.userId()).bind("at", r.time(next.from())).add();
                    }
                } else {
                    ended.bind("o", k.organizationId()).bind("d", k.directoryId()).bind("u", k.userId())
                            .bind("at", r.time(next.from())).bind("from", r.time(open.from())).add();
                }
            }
            bindInterval(r, inserted, next).add();
            for (String w : next.workspaces()) {
                bindWorkspace(r, workspaces, next, w).add();
            }
        }
        for (PreparedBatch batch : List.of(ended, neverHeldWorkspaces, neverHeld, inserted, workspaces)) {
            if (batch.size() > 0) {
                batch.execute();
            }
        }
    }

    private static final java.util.function.Function<Repositories, String> INSERT = r -> "INSERT INTO "
            + r.t.accessHistory + " (" + String.join(", ", COLUMNS) + ") VALUES ("
            + String.join(", ", COLUMNS.stream().map(c -> ":" + c).toList()) + ")";
    private static final java.util.function.Function<Repositories, String> INSERT_WORKSPACE = r -> "INSERT INTO "
            + r.t.accessWorkspaces + " (organization_id, directory_id, user_id, started_at, workspace) "
            + "VALUES (:o, :d, :u, :s, :w)";

    private static <S extends SqlStatement<S>> S bindWorkspace(Repositories r, S statement, AccessInterval i,
                                                              String workspace) {
        return statement.bind("o", i.key().organizationId()).bind("d", i.key().directoryId())
                .bind("u", i.key().userId()).bind("s", r.time(i.from())).bind("w", workspace);
    }

    /** Inserts one interval and its workspace rows (also used by the schema upgrade's seeding). */
    static void insert(Repositories r, AccessInterval i) {
        bindInterval(r, r.handle.createUpdate(INSERT.apply(r)), i).execute();
        if (!i.workspaces().isEmpty()) {
            PreparedBatch b = r.handle.prepareBatch(INSERT_WORKSPACE.apply(r));
            for (String w : i.workspaces()) {
                bindWorkspace(r, b, i, w).add();
            }
            b.execute();
        }
    }

    private static <S extends SqlStatement<S>> S bindInterval(Repositories r, S statement, AccessInterval i) {
        return statement
                .bind("organization_id", i.key().organizationId())
                .bind("directory_id", i.key().directoryId())
                .bind("user_id", i.key().userId())
                .bind("started_at", r.time(i.from()))
                .bind("ended_at", r.time(i.to()))
                .bind("app_user_id", i.appUserId())
                .bind("label", i.label())
                .bind("role", i.role())
                .bind("workspaces", r.json.stringArray(i.workspaces()))
                .bind("status", i.status().name())
                .bind("role_audit_id", i.roleAuditId())
                .bind("workspaces_audit_id", i.workspacesAuditId())
                .bind("status_audit_id", i.statusAuditId());
    }

    @Override
    public void end(AccessInterval open, Instant at) {
        DirectoryUserKey key = open.key();
        if (open.from().equals(at)) {
            // it began at this very instant, so it never held: it goes, with its workspace rows
            if (!open.workspaces().isEmpty()) {
                r.handle.createUpdate("DELETE FROM " + r.t.accessWorkspaces + " WHERE " + PERSON + " AND started_at = :at")
                        .bind("o", key.organizationId()).bind("d", key.directoryId()).bind("u", key.userId())
                        .bind("at", r.time(at)).execute();
            }
            r.handle.createUpdate("DELETE FROM " + r.t.accessHistory + " WHERE " + PERSON + " AND started_at = :at")
                    .bind("o", key.organizationId()).bind("d", key.directoryId()).bind("u", key.userId())
                    .bind("at", r.time(at)).execute();
            return;
        }
        r.handle.createUpdate("UPDATE " + r.t.accessHistory + " SET ended_at = :at WHERE " + PERSON
                        + " AND started_at = :from")
                .bind("o", key.organizationId()).bind("d", key.directoryId()).bind("u", key.userId())
                .bind("at", r.time(at)).bind("from", r.time(open.from())).execute();
    }

    @Override
    public List<AccessInterval> asOf(String organizationId, Instant at, @Nullable String role,
                                     @Nullable String workspace, @Nullable DirectoryUserKey after, int limit) {
        // with a workspace: walk that workspace's index and join each row to its interval
        String from = workspace == null ? r.t.accessHistory + " h"
                : r.t.accessWorkspaces + " w JOIN " + r.t.accessHistory + " h ON h.organization_id = w.organization_id"
                + " AND h.directory_id = w.directory_id AND h.user_id = w.user_id AND h.started_at = w.started_at";
        String walk = workspace == null ? "h" : "w";
        StringBuilder sql = new StringBuilder("SELECT " + r.columns("h", "", COLUMNS) + " FROM " + from
                + " WHERE " + walk + ".organization_id = :o AND " + walk + ".started_at <= :at"
                + " AND (h.ended_at IS NULL OR h.ended_at > :at)");
        if (workspace != null) {
            sql.append(" AND w.workspace = :w");
        }
        if (role != null) {
            sql.append(" AND h.role = :r");
        }
        if (after != null) {
            sql.append(" AND ").append(r.dialect.keyset(List.of(walk + ".directory_id", walk + ".user_id"),
                    List.of("ad", "au"), ">"));
        }
        sql.append(" ORDER BY ").append(walk).append(".directory_id, ").append(walk).append(".user_id LIMIT :limit");
        Query q = r.handle.createQuery(sql.toString()).bind("o", organizationId).bind("at", r.time(at))
                .bind("limit", limit);
        if (workspace != null) {
            q.bind("w", workspace);
        }
        if (role != null) {
            q.bind("r", role);
        }
        if (after != null) {
            q.bind("ad", after.directoryId()).bind("au", after.userId());
        }
        return q.map(mapper).list();
    }

    @Override
    public List<AccessInterval> of(DirectoryUserKey key) {
        return r.handle.createQuery(r.select(COLUMNS) + r.t.accessHistory + " WHERE " + PERSON
                        + " ORDER BY started_at")
                .bind("o", key.organizationId()).bind("d", key.directoryId()).bind("u", key.userId())
                .map(mapper).list();
    }
}
