package dev.dirsync.jdbi;

import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.state.AppliedProjection;
import dev.dirsync.core.state.ProjectionStore;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Last-applied projection per directory user; {@code purge_at} is indexed for the purge job, {@code status} (a copy
 * of the projection's) for the read model's filter.
 */
final class JdbiProjectionStore implements ProjectionStore {
    private static final List<String> KEY = List.of("organization_id", "directory_id", "user_id");
    private static final List<String> COLUMNS = List.of("organization_id", "directory_id", "user_id", "app_user_id",
            "projection", "first_applied_at", "last_applied_at", "purge_at", "purged", "promoted_admin", "blocked",
            "status");
    /** The columns an applied projection is read back from besides its key ({@link #read}). */
    static final List<String> SELECTED = List.of("app_user_id", "projection", "first_applied_at", "last_applied_at",
            "purge_at", "purged", "promoted_admin", "blocked");

    private final Repositories r;
    private final RowMapper<AppliedProjection> mapper;
    private final String select;

    JdbiProjectionStore(Repositories r) {
        this.r = r;
        this.select = r.select(COLUMNS);
        this.mapper = (rs, ctx) -> read(rs, new DirectoryUserKey(rs.getString("organization_id"),
                rs.getString("directory_id"), rs.getString("user_id")), "");
    }

    /** The applied projection of {@code key} from {@link #SELECTED} columns read back as {@code prefix + name}. */
    AppliedProjection read(ResultSet rs, DirectoryUserKey key, String prefix) throws SQLException {
        return new AppliedProjection(key, rs.getString(prefix + "app_user_id"),
                r.json.projection(rs.getString(prefix + "projection")),
                r.time(rs, prefix + "first_applied_at"), r.time(rs, prefix + "last_applied_at"),
                r.nullableTime(rs, prefix + "purge_at"), rs.getBoolean(prefix + "purged"),
                rs.getBoolean(prefix + "promoted_admin"), rs.getString(prefix + "blocked"));
    }

    @Override
    public Optional<AppliedProjection> find(DirectoryUserKey key) {
        return r.handle.createQuery(select + r.t.projections
                        + " WHERE organization_id = :o AND directory_id = :d AND user_id = :u")
                .bind("o", key.organizationId()).bind("d", key.directoryId()).bind("u", key.userId())
                .map(mapper).findOne();
    }

    @Override
    public java.util.Map<DirectoryUserKey, AppliedProjection> findAll(java.util.Collection<DirectoryUserKey> keys) {
        java.util.Map<DirectoryUserKey, AppliedProjection> out = new java.util.HashMap<>();
        r.byUsers(select + r.t.projections, "", "", keys, mapper).forEach(a -> out.put(a.key(), a));
        return out;
    }

    @Override
    public void put(AppliedProjection a) {
        bind(r.handle.createUpdate(r.dialect.upsert(r.t.projections, KEY, COLUMNS)), a).execute();
    }

    @Override
    public void putAll(java.util.Collection<AppliedProjection> records) {
        if (records.isEmpty()) {
            return;
        }
        PreparedBatch batch = r.handle.prepareBatch(r.dialect.upsert(r.t.projections, KEY, COLUMNS));
        for (AppliedProjection a : records) {
            bind(batch, a).add();
        }
        batch.execute();
    }

    private <S extends SqlStatement<S>> S bind(S statement, AppliedProjection a) {
        return statement
                .bind("organization_id", a.key().organizationId())
                .bind("directory_id", a.key().directoryId())
                .bind("user_id", a.key().userId())
                .bind("app_user_id", a.appUserId())
                .bind("projection", r.json.projection(a.projection()))
                .bind("first_applied_at", r.time(a.firstAppliedAt()))
                .bind("last_applied_at", r.time(a.lastAppliedAt()))
                .bind("purge_at", r.time(a.purgeAt()))
                .bind("purged", a.purged())
                .bind("promoted_admin", a.promotedAdmin())
                .bind("blocked", a.blocked())
                .bind("status", a.projection().status().name());
    }

    @Override
    public List<AppliedProjection> list(String organizationId) {
        return r.handle.createQuery(select + r.t.projections
                        + " WHERE organization_id = :o ORDER BY directory_id, user_id")
                .bind("o", organizationId).map(mapper).list();
    }

    @Override
    public List<AppliedProjection> listBlocked(String organizationId) {
        // index (organization_id, blocked), schema version 5
        return r.handle.createQuery(select + r.t.projections
                        + " WHERE organization_id = :o AND blocked IS NOT NULL ORDER BY directory_id, user_id")
                .bind("o", organizationId).map(mapper).list();
    }

    @Override
    public List<AppliedProjection> purgeDue(Instant now) {
        return r.handle.createQuery(select + r.t.projections + " WHERE purge_at IS NOT NULL AND purge_at <= :now "
                        + "AND purged = FALSE ORDER BY organization_id, directory_id, user_id")
                .bind("now", r.time(now)).map(mapper).list();
    }
}
