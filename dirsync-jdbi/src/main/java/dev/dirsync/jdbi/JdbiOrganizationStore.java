package dev.dirsync.jdbi;

import dev.dirsync.core.model.Organization;
import dev.dirsync.core.state.OrganizationStore;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.SqlStatement;

import java.util.List;
import java.util.Optional;

/**
 * Organizations: one row each, settings as JSON with their version (the admin API's ETag) as a column;
 * {@link #lock} is a real row lock.
 */
final class JdbiOrganizationStore implements OrganizationStore {
    private static final List<String> COLUMNS = List.of("id", "name", "workos_organization_id", "settings",
            "created_at", "settings_version");

    private final Repositories r;
    private final RowMapper<Organization> mapper;
    private final String select;

    JdbiOrganizationStore(Repositories r) {
        this.r = r;
        this.select = r.select(COLUMNS);
        this.mapper = (rs, ctx) -> new Organization(rs.getString("id"), rs.getString("name"),
                rs.getString("workos_organization_id"), r.json.settings(rs.getString("settings")),
                r.time(rs, "created_at"), rs.getLong("settings_version"));
    }

    /**
     * False if the id exists; on MySQL and H2 also when the WorkOS organization id is taken (the engine tells the
     * two apart), on PostgreSQL that clash fails the statement.
     */
    @Override
    public boolean insert(Organization o) {
        return r.insertIfAbsent(r.dialect.insertIfAbsent(r.t.organizations, List.of("id"), COLUMNS), u -> bind(u, o),
                () -> find(o.id()).isPresent());
    }

    private void bind(SqlStatement<?> s, Organization o) {
        s.bind("id", o.id())
                .bind("name", o.name())
                .bind("workos_organization_id", o.workosOrganizationId())
                .bind("settings", r.json.settings(o.settings()))
                .bind("created_at", r.time(o.createdAt()))
                .bind("settings_version", o.settingsVersion());
    }

    @Override
    public Optional<Organization> find(String organizationId) {
        return r.handle.createQuery(select + r.t.organizations + " WHERE id = :id")
                .bind("id", organizationId).map(mapper).findOne();
    }

    @Override
    public Optional<Organization> lock(String organizationId) {
        // the row lock, held until commit, is what serializes an organization's changes across instances
        return r.handle.createQuery(select + r.t.organizations + " WHERE id = :id FOR UPDATE")
                .bind("id", organizationId).map(mapper).findOne();
    }

    /** At most one row: the column has a unique index (schema version 4). */
    @Override
    public Optional<Organization> findByWorkosOrganizationId(String workosOrganizationId) {
        return r.handle.createQuery(select + r.t.organizations + " WHERE workos_organization_id = :w")
                .bind("w", workosOrganizationId).map(mapper).findOne();
    }

    @Override
    public void update(Organization o) {
        var update = r.handle.createUpdate("UPDATE " + r.t.organizations + " SET name = :name, "
                + "workos_organization_id = :workos_organization_id, settings = :settings, created_at = :created_at, "
                + "settings_version = :settings_version WHERE id = :id");
        bind(update, o);
        // MySQL may report 0 rows for an update that changes nothing, so 0 alone does not mean "missing"
        if (update.execute() == 0 && find(o.id()).isEmpty()) {
            throw new IllegalStateException("no organization " + o.id() + " to update; insert it first");
        }
    }

    @Override
    public List<Organization> list() {
        return r.handle.createQuery(select + r.t.organizations + " ORDER BY id").map(mapper).list();
    }
}
