package dev.dirsync.jdbi;

import dev.dirsync.core.state.ScimCredential;
import dev.dirsync.core.state.ScimCredentialStore;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** SCIM credentials; the token hash is unique and indexed so authentication is one lookup. */
final class JdbiScimCredentialStore implements ScimCredentialStore {
    private static final List<String> COLUMNS = List.of("id", "organization_id", "directory_id", "provider",
            "token_hash", "suffix", "created_at", "last_used_at", "revoked_at");
    private final Repositories r;
    private final RowMapper<ScimCredential> mapper;
    private final String select;

    JdbiScimCredentialStore(Repositories r) {
        this.r = r;
        this.select = r.select(COLUMNS);
        this.mapper = (rs, ctx) -> new ScimCredential(rs.getString("id"), rs.getString("organization_id"),
                rs.getString("directory_id"), rs.getString("provider"), rs.getString("token_hash"),
                rs.getString("suffix"), r.time(rs, "created_at"), r.nullableTime(rs, "last_used_at"),
                r.nullableTime(rs, "revoked_at"));
    }

    @Override
    public void insert(ScimCredential c) {
        r.handle.createUpdate(Sql.insert(r.t.scimCredentials, COLUMNS))
                .bind("id", c.id()).bind("organization_id", c.organizationId()).bind("directory_id", c.directoryId())
                .bind("provider", c.provider()).bind("token_hash", c.tokenHash()).bind("suffix", c.suffix())
                .bind("created_at", r.time(c.createdAt())).bind("last_used_at", r.time(c.lastUsedAt()))
                .bind("revoked_at", r.time(c.revokedAt()))
                .execute();
    }

    @Override
    public Optional<ScimCredential> findByTokenHash(String tokenHash) {
        return r.handle.createQuery(select + r.t.scimCredentials + " WHERE token_hash = :h")
                .bind("h", tokenHash).map(mapper).findOne();
    }

    @Override
    public List<ScimCredential> list(String organizationId) {
        return r.handle.createQuery(select + r.t.scimCredentials + " WHERE organization_id = :o ORDER BY created_at, id")
                .bind("o", organizationId).map(mapper).list();
    }

    @Override
    public boolean revoke(String organizationId, String credentialId, Instant at) {
        return r.handle.createUpdate("UPDATE " + r.t.scimCredentials + " SET revoked_at = :at WHERE id = :id"
                        + " AND organization_id = :o AND revoked_at IS NULL")
                .bind("at", r.time(at)).bind("id", credentialId).bind("o", organizationId).execute() == 1;
    }

    @Override
    public void touch(String credentialId, Instant at) {
        r.handle.createUpdate("UPDATE " + r.t.scimCredentials + " SET last_used_at = :at WHERE id = :id")
                .bind("at", r.time(at)).bind("id", credentialId).execute();
    }
}
