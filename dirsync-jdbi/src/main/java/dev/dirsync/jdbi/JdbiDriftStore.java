package dev.dirsync.jdbi;

import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.state.Drift;
import dev.dirsync.core.state.DriftStore;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.jspecify.annotations.Nullable;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Drift records, one row per (person, field); the primary key orders and pages them. */
final class JdbiDriftStore implements DriftStore {
    private static final List<String> KEY = List.of("organization_id", "directory_id", "user_id", "drift_field");
    private static final List<String> COLUMNS = List.of("organization_id", "directory_id", "user_id", "drift_field",
            "app_user_id", "label", "app_value", "directory_value", "first_seen_at", "last_seen_at", "resolved_at");
    private static final String ORDER = " ORDER BY directory_id, user_id, drift_field";

    private final Repositories r;
    private final RowMapper<Drift> mapper;
    private final String select;

    JdbiDriftStore(Repositories r) {
        this.r = r;
        this.select = r.select(COLUMNS);
        this.mapper = (rs, ctx) -> new Drift(new DirectoryUserKey(rs.getString("organization_id"),
                rs.getString("directory_id"), rs.getString("user_id")), rs.getString("app_user_id"),
                rs.getString("label"), Drift.Field.fromCode(rs.getString("drift_field")), rs.getString("app_value"),
                rs.getString("directory_value"), r.time(rs, "first_seen_at"), r.time(rs, "last_seen_at"),
                r.nullableTime(rs, "resolved_at"));
    }

    @Override
    public List<Drift> find(String organizationId, Collection<DirectoryUserKey> keys) {
        Set<DirectoryUserKey> wanted = keys.stream().filter(k -> k.organizationId().equals(organizationId))
                .collect(Collectors.toSet());
        if (wanted.isEmpty()) {
            return List.of();
        }
        // by user id through the primary key; the rare same user id in two directories is filtered here
        Set<String> userIds = new TreeSet<>();
        wanted.forEach(k -> userIds.add(k.userId()));
        List<String> ids = List.copyOf(userIds);
        String in = java.util.stream.IntStream.range(0, ids.size()).mapToObj(i -> ":u" + i)
                .collect(Collectors.joining(", "));
        Query q = r.handle.createQuery(select + r.t.drift + " WHERE organization_id = :o AND user_id IN (" + in + ")"
                + ORDER).bind("o", organizationId);
        for (int i = 0; i < ids.size(); i++) {
            q.bind("u" + i, ids.get(i));
        }
        return q.map(mapper).list().stream()
                .filter(d -> wanted.contains(d.key())).toList();
    }

    @Override
    public void put(Drift d) {
        r.handle.createUpdate(r.dialect.upsert(r.t.drift, KEY, COLUMNS))
                .bind("organization_id", d.key().organizationId()).bind("directory_id", d.key().directoryId())
                .bind("user_id", d.key().userId()).bind("drift_field", d.field().code())
                .bind("app_user_id", d.appUserId()).bind("label", d.label())
                .bind("app_value", d.appValue()).bind("directory_value", d.directoryValue())
                .bind("first_seen_at", r.time(d.firstSeenAt())).bind("last_seen_at", r.time(d.lastSeenAt()))
                .bind("resolved_at", r.time(d.resolvedAt()))
                .execute();
    }

    @Override
    public List<Drift> list(String organizationId, boolean includeResolved, @Nullable DirectoryUserKey after,
                            int limit) {
        StringBuilder sql = new StringBuilder(select).append(r.t.drift).append(" WHERE organization_id = :o");
        if (!includeResolved) {
            sql.append(" AND resolved_at IS NULL");
        }
        if (after != null) {
            sql.append(" AND ").append(r.dialect.keyset(List.of("directory_id", "user_id"),
                    List.of("after_dir", "after_user"), ">"));
        }
        Query q = r.handle.createQuery(sql.append(ORDER).append(" LIMIT :limit").toString())
                .bind("o", organizationId).bind("limit", limit);
        if (after != null) {
            q.bind("after_dir", after.directoryId()).bind("after_user", after.userId());
        }
        return q.map(mapper).list();
    }

    @Override
    public long countOpen(String organizationId) {
        return r.handle.createQuery("SELECT COUNT(*) FROM " + r.t.drift
                        + " WHERE organization_id = :o AND resolved_at IS NULL")
                .bind("o", organizationId).mapTo(Long.class).one();
    }
}
