package dev.dirsync.jdbi;

import dev.dirsync.core.state.ConnectionStore;
import dev.dirsync.core.state.DirectoryConnection;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.List;
import java.util.Optional;

/** Directory connections, keyed by (organization, directory). */
final class JdbiConnectionStore implements ConnectionStore {
    private static final List<String> KEY = List.of("organization_id", "directory_id");
    private static final List<String> COLUMNS = List.of("organization_id", "directory_id", "kind", "provider", "state",
            "created_at", "last_event_at");
    private final Repositories r;
    private final RowMapper<DirectoryConnection> mapper;
    private final String select;

    JdbiConnectionStore(Repositories r) {
        this.r = r;
        this.select = r.select(COLUMNS);
        this.mapper = (rs, ctx) -> new DirectoryConnection(rs.getString("organization_id"),
                rs.getString("directory_id"), DirectoryConnection.Kind.valueOf(rs.getString("kind")),
                rs.getString("provider"), DirectoryConnection.State.valueOf(rs.getString("state")),
                r.time(rs, "created_at"), r.nullableTime(rs, "last_event_at"));
    }

    @Override
    public Optional<DirectoryConnection> find(String organizationId, String directoryId) {
        return r.handle.createQuery(select + r.t.connections + " WHERE organization_id = :o AND directory_id = :d")
                .bind("o", organizationId).bind("d", directoryId).map(mapper).findOne();
    }

    @Override
    public void put(DirectoryConnection c) {
        r.handle.createUpdate(r.dialect.upsert(r.t.connections, KEY, COLUMNS))
                .bind("organization_id", c.organizationId())
                .bind("directory_id", c.directoryId())
                .bind("kind", c.kind().name())
                .bind("provider", c.provider())
                .bind("state", c.state().name())
                .bind("created_at", r.time(c.createdAt()))
                .bind("last_event_at", r.time(c.lastEventAt()))
                .execute();
    }

    /** Every connection of every organization, by organization then directory. */
    List<DirectoryConnection> all() {
        return r.handle.createQuery(select + r.t.connections + " ORDER BY organization_id, directory_id")
                .map(mapper).list();
    }

    @Override
    public List<DirectoryConnection> list(String organizationId) {
        return r.handle.createQuery(select + r.t.connections + " WHERE organization_id = :o ORDER BY directory_id")
                .bind("o", organizationId).map(mapper).list();
    }
}
