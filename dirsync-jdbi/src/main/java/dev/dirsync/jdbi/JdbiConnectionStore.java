package dev.dirsync.jdbi;

import dev.dirsync.core.state.ConnectionStore;
import dev.dirsync.core.state.DirectoryConnection;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.SqlStatement;

import java.util.List;
import java.util.Optional;

/**
 * Directory connections, keyed by (organization, directory). A WorkOS connection also fills
 * {@code workos_directory_id}, whose unique index connects a WorkOS directory to one organization on every instance.
 */
final class JdbiConnectionStore implements ConnectionStore {
    private static final List<String> COLUMNS = List.of("organization_id", "directory_id", "kind", "provider", "state",
            "created_at", "last_event_at", "workos_directory_id");
    private static final List<String> READ = COLUMNS.subList(0, COLUMNS.size() - 1);
    private final Repositories r;
    private final RowMapper<DirectoryConnection> mapper;
    private final String select;

    JdbiConnectionStore(Repositories r) {
        this.r = r;
        this.select = r.select(READ);
        this.mapper = (rs, ctx) -> new DirectoryConnection(rs.getString("organization_id"),
                rs.getString("directory_id"), DirectoryConnection.Kind.valueOf(rs.getString("kind")),
                rs.getString("provider"), DirectoryConnection.State.valueOf(rs.getString("state")),
                r.time(rs, "created_at"), r.nullableTime(rs, "last_event_at"));
    }

    /**
     * Connections this transaction read or wrote, by (organization, directory): every event of a batch (a bulk page, a
     * group commit) asks for its directory's connection, and one read per transaction is enough. Writes go through
     * {@link #put}, which keeps it current; other transactions do not change an organization's connections meanwhile
     * (they take its lock), and this store lives as long as its transaction.
     */
    private final java.util.Map<java.util.List<String>, Optional<DirectoryConnection>> read = new java.util.HashMap<>();

    @Override
    public Optional<DirectoryConnection> find(String organizationId, String directoryId) {
        return read.computeIfAbsent(List.of(organizationId, directoryId), k -> r.handle.createQuery(select
                        + r.t.connections + " WHERE organization_id = :o AND directory_id = :d")
                .bind("o", organizationId).bind("d", directoryId).map(mapper).findOne());
    }

    /**
     * Update, else insert: not the dialect's upsert, since MySQL's {@code ON DUPLICATE KEY UPDATE} would take a
     * clash on the WorkOS directory's unique index for "update that other organization's row". Callers hold the
     * organization's lock, so no other transaction inserts the same key meanwhile; a clash on the WorkOS directory
     * fails the statement.
     */
    @Override
    public void put(DirectoryConnection c) {
        var update = r.handle.createUpdate("UPDATE " + r.t.connections + " SET kind = :kind, provider = :provider, "
                + "state = :state, created_at = :created_at, last_event_at = :last_event_at, "
                + "workos_directory_id = :workos_directory_id WHERE organization_id = :organization_id "
                + "AND directory_id = :directory_id");
        bind(update, c);
        List<String> key = List.of(c.organizationId(), c.directoryId());
        read.remove(key); // a failed write below must not leave the cache claiming it happened
        // MySQL may report 0 rows for an update that changes nothing, so 0 alone does not mean "missing"
        if (update.execute() == 0 && find(c.organizationId(), c.directoryId()).isEmpty()) {
            var insert = r.handle.createUpdate(Sql.insert(r.t.connections, COLUMNS));
            bind(insert, c);
            insert.execute();
        }
        read.put(key, Optional.of(c));
    }

    private void bind(SqlStatement<?> s, DirectoryConnection c) {
        s.bind("organization_id", c.organizationId())
                .bind("directory_id", c.directoryId())
                .bind("kind", c.kind().name())
                .bind("provider", c.provider())
                .bind("state", c.state().name())
                .bind("created_at", r.time(c.createdAt()))
                .bind("last_event_at", r.time(c.lastEventAt()))
                .bind("workos_directory_id", c.kind() == DirectoryConnection.Kind.WORKOS ? c.directoryId() : null);
    }

    @Override
    public Optional<DirectoryConnection> findWorkosDirectory(String directoryId) {
        return r.handle.createQuery(select + r.t.connections + " WHERE workos_directory_id = :d")
                .bind("d", directoryId).map(mapper).findOne();
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
