package dev.dirsync.jdbi;

import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.Projection;
import dev.dirsync.core.state.AccessInterval;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Schema version 8's Java step: the access history starts at the upgrade. Every person with an applied (not
 * purged) projection gets one open interval with what was last applied, from its last-applied time (the audit ids
 * stay empty: what produced those values predates the history). Walks the projections in primary-key order,
 * {@code batch} rows per transaction, skipping people who have an interval already, so it is safe to run again.
 */
final class AccessHistorySeed {
    static final int DEFAULT_BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(AccessHistorySeed.class);

    private AccessHistorySeed() {
    }

    static int run(Handle h, Dialect dialect, Tables t, int batch) {
        Repositories r = new Repositories(h, t, dialect, new JsonCodec());
        JdbiProjectionStore projections = new JdbiProjectionStore(r);
        String select = r.select(List.of("organization_id", "directory_id", "user_id", "app_user_id", "projection",
                "first_applied_at", "last_applied_at", "purge_at", "purged", "promoted_admin", "blocked"))
                + t.projections + " WHERE purged = FALSE";
        int seeded = 0;
        DirectoryUserKey position = null;
        while (true) {
            String after = position == null ? "" : " AND " + dialect.keyset(
                    List.of("organization_id", "directory_id", "user_id"), List.of("po", "pd", "pu"), ">");
            Query q = h.createQuery(select + after + " ORDER BY organization_id, directory_id, user_id LIMIT :limit")
                    .bind("limit", batch);
            if (position != null) {
                q.bind("po", position.organizationId()).bind("pd", position.directoryId())
                        .bind("pu", position.userId());
            }
            List<dev.dirsync.core.state.AppliedProjection> rows = q.map((rs, ctx) -> projections.read(rs,
                    new DirectoryUserKey(rs.getString("organization_id"), rs.getString("directory_id"),
                            rs.getString("user_id")), "")).list();
            if (rows.isEmpty()) {
                break;
            }
            List<AccessInterval> missing = new ArrayList<>();
            for (var a : rows) {
                boolean known = h.createQuery("SELECT COUNT(*) FROM " + t.accessHistory
                                + " WHERE organization_id = :o AND directory_id = :d AND user_id = :u")
                        .bind("o", a.key().organizationId()).bind("d", a.key().directoryId())
                        .bind("u", a.key().userId()).mapTo(Integer.class).one() > 0;
                if (!known) {
                    Projection p = a.projection();
                    Instant from = a.lastAppliedAt();
                    missing.add(new AccessInterval(a.key(), a.appUserId(), p.identity().email(), p.role(),
                            p.workspaces(), p.status(), from, null, null, null, null));
                }
            }
            if (!missing.isEmpty()) {
                h.useTransaction(tx -> {
                    Repositories in = new Repositories(tx, t, dialect, r.json);
                    missing.forEach(i -> JdbiAccessHistory.insert(in, i));
                });
                seeded += missing.size();
            }
            if (rows.size() < batch) {
                break;
            }
            position = rows.get(rows.size() - 1).key();
        }
        if (seeded > 0) {
            log.info("access history (tables '{}') starts now: seeded {} people with what was last applied to them",
                    t.prefix, seeded);
        }
        return seeded;
    }
}
