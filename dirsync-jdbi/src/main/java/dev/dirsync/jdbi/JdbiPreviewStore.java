package dev.dirsync.jdbi;

import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.state.PreviewEntry;
import dev.dirsync.core.state.PreviewStore;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.List;

/** Test-mode previews, one row per directory user; the desired projection and changes are JSON. */
final class JdbiPreviewStore implements PreviewStore {
    private static final List<String> KEY = List.of("organization_id", "directory_id", "user_id");
    private static final List<String> COLUMNS = List.of("organization_id", "directory_id", "user_id", "desired",
            "changes", "computed_at");

    private final Repositories r;
    private final RowMapper<PreviewEntry> mapper;

    JdbiPreviewStore(Repositories r) {
        this.r = r;
        this.mapper = (rs, ctx) -> new PreviewEntry(
                new DirectoryUserKey(rs.getString("organization_id"), rs.getString("directory_id"),
                        rs.getString("user_id")),
                r.json.projection(rs.getString("desired")), r.json.changes(rs.getString("changes")),
                r.time(rs, "computed_at"));
    }

    @Override
    public void put(PreviewEntry e) {
        r.handle.createUpdate(r.dialect.upsert(r.t.previews, KEY, COLUMNS))
                .bind("organization_id", e.key().organizationId())
                .bind("directory_id", e.key().directoryId())
                .bind("user_id", e.key().userId())
                .bind("desired", r.json.projection(e.desired()))
                .bind("changes", r.json.changes(e.changes()))
                .bind("computed_at", r.time(e.at()))
                .execute();
    }

    @Override
    public void remove(DirectoryUserKey key) {
        r.handle.createUpdate("DELETE FROM " + r.t.previews
                        + " WHERE organization_id = :o AND directory_id = :d AND user_id = :u")
                .bind("o", key.organizationId()).bind("d", key.directoryId()).bind("u", key.userId()).execute();
    }

    @Override
    public List<PreviewEntry> list(String organizationId) {
        return r.handle.createQuery(r.select(COLUMNS) + r.t.previews
                        + " WHERE organization_id = :o ORDER BY directory_id, user_id")
                .bind("o", organizationId).map(mapper).list();
    }

    @Override
    public void clear(String organizationId) {
        r.handle.createUpdate("DELETE FROM " + r.t.previews + " WHERE organization_id = :o")
                .bind("o", organizationId).execute();
    }
}
