package dev.dirsync.jdbi;

import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.audit.AuditEntry;
import dev.dirsync.core.audit.AuditPage;
import dev.dirsync.core.audit.AuditQuery;
import dev.dirsync.core.state.AuditLog;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Locale;

/**
 * The audit log. Everything a query filters on is a column (lower-cased copies for the case-insensitive
 * filters, computed in Java so every database lower-cases alike); before/after values are JSON.
 */
final class JdbiAuditLog implements AuditLog {
    private static final List<String> COLUMNS = List.of("id", "organization_id", "changed_at", "actor", "actor_lower",
            "action", "target_directory_user_id", "target_app_user_id", "target_label", "target_label_lower",
            "before_values", "after_values", "source_event_id", "detail");

    private final Repositories r;
    private final RowMapper<AuditEntry> mapper;

    JdbiAuditLog(Repositories r) {
        this.r = r;
        this.mapper = (rs, ctx) -> new AuditEntry(rs.getString("id"), rs.getString("organization_id"),
                r.time(rs, "changed_at"), rs.getString("actor"), AuditAction.fromCode(rs.getString("action")),
                rs.getString("target_directory_user_id"), rs.getString("target_app_user_id"),
                rs.getString("target_label"), r.json.stringMap(rs.getString("before_values")),
                r.json.stringMap(rs.getString("after_values")), rs.getString("source_event_id"),
                rs.getString("detail"));
    }

    @Override
    public void append(AuditEntry e) {
        bind(r.handle.createUpdate(Sql.insert(r.t.auditLog, COLUMNS)), e).execute();
    }

    @Override
    public void appendAll(List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        PreparedBatch batch = r.handle.prepareBatch(Sql.insert(r.t.auditLog, COLUMNS));
        for (AuditEntry e : entries) {
            bind(batch, e).add();
        }
        batch.execute();
    }

    private <S extends SqlStatement<S>> S bind(S statement, AuditEntry e) {
        return statement
                .bind("id", e.id())
                .bind("organization_id", e.organizationId())
                .bind("changed_at", r.time(e.at()))
                .bind("actor", e.actor())
                .bind("actor_lower", e.actor().toLowerCase(Locale.ROOT))
                .bind("action", e.action().code())
                .bind("target_directory_user_id", e.targetDirectoryUserId())
                .bind("target_app_user_id", e.targetAppUserId())
                .bind("target_label", e.targetLabel())
                .bind("target_label_lower", lower(e.targetLabel()))
                .bind("before_values", r.json.stringMap(e.before()))
                .bind("after_values", r.json.stringMap(e.after()))
                .bind("source_event_id", e.sourceEventId())
                .bind("detail", e.detail());
    }

    @Override
    public AuditPage query(AuditQuery q) {
        Where w = new Where().and("organization_id = :org", s -> s.bind("org", q.organizationId()));
        if (q.action() != null) {
            w.and("action = :action", s -> s.bind("action", q.action().code()));
        }
        if (q.actor() != null) {
            w.and("actor_lower LIKE :actor ESCAPE '!'",
                    s -> s.bind("actor", Sql.containsPattern(q.actor().toLowerCase(Locale.ROOT))));
        }
        if (q.target() != null) {
            w.and("(target_directory_user_id = :target OR target_app_user_id = :target "
                    + "OR target_label_lower = :target_lower)",
                    s -> s.bind("target", q.target()).bind("target_lower", q.target().toLowerCase(Locale.ROOT)));
        }
        if (q.since() != null) {
            w.and("changed_at >= :since", s -> s.bind("since", r.time(q.since())));
        }
        if (q.until() != null) {
            w.and("changed_at < :until", s -> s.bind("until", r.time(q.until())));
        }
        if (q.after() != null) {
            // strictly older than the cursor in (changed_at, id) order: a range of the (organization_id,
            // changed_at, id) index, so a deep page costs what the first one does
            AuditQuery.Cursor c = AuditQuery.Cursor.parse(q.after());
            w.and(r.dialect.keyset(List.of("changed_at", "id"), List.of("cursor_at", "cursor_id"), "<"),
                    s -> s.bind("cursor_at", r.time(c.at())).bind("cursor_id", c.id()));
        }
        String filter = r.t.auditLog + w.sql();

        // no OFFSET on a keyset page (the export's): the range of the index alone
        var select = w.bind(r.handle.createQuery(r.select(COLUMNS) + filter
                + " ORDER BY changed_at DESC, id DESC LIMIT :limit" + (q.offset() > 0 ? " OFFSET :offset" : "")))
                .bind("limit", q.limit());
        List<AuditEntry> entries = (q.offset() > 0 ? select.bind("offset", q.offset()) : select).map(mapper).list();
        long total = !q.countTotal() ? -1 : JdbiDirectoryQueries.total(entries.size(), q.offset(), q.limit(),
                () -> w.bind(r.handle.createQuery("SELECT COUNT(*) FROM " + filter)));
        return new AuditPage(entries, total, q.offset(), q.limit());
    }

    private static @Nullable String lower(@Nullable String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
