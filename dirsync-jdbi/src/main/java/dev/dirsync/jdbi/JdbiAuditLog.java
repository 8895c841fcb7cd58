package dev.dirsync.jdbi;

import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.audit.AuditEntry;
import dev.dirsync.core.audit.AuditPage;
import dev.dirsync.core.audit.AuditQuery;
import dev.dirsync.core.state.AuditLog;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

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
        r.handle.createUpdate(Sql.insert(r.t.auditLog, COLUMNS))
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
                .bind("detail", e.detail())
                .execute();
    }

    @Override
    public AuditPage query(AuditQuery q) {
        List<String> where = new ArrayList<>();
        List<Consumer<SqlStatement<?>>> binds = new ArrayList<>();
        where.add("organization_id = :org");
        binds.add(s -> s.bind("org", q.organizationId()));
        if (q.action() != null) {
            where.add("action = :action");
            binds.add(s -> s.bind("action", q.action().code()));
        }
        if (q.actor() != null) {
            where.add("actor_lower LIKE :actor ESCAPE '!'");
            binds.add(s -> s.bind("actor", Sql.containsPattern(q.actor().toLowerCase(Locale.ROOT))));
        }
        if (q.target() != null) {
            where.add("(target_directory_user_id = :target OR target_app_user_id = :target "
                    + "OR target_label_lower = :target_lower)");
            binds.add(s -> s.bind("target", q.target()).bind("target_lower", q.target().toLowerCase(Locale.ROOT)));
        }
        if (q.since() != null) {
            where.add("changed_at >= :since");
            binds.add(s -> s.bind("since", r.time(q.since())));
        }
        if (q.until() != null) {
            where.add("changed_at < :until");
            binds.add(s -> s.bind("until", r.time(q.until())));
        }
        String filter = r.t.auditLog + " WHERE " + String.join(" AND ", where);

        var count = r.handle.createQuery("SELECT COUNT(*) FROM " + filter);
        binds.forEach(b -> b.accept(count));
        long total = count.mapTo(Long.class).one();

        var page = r.handle.createQuery(r.select(COLUMNS) + filter
                + " ORDER BY changed_at DESC, id DESC LIMIT :limit OFFSET :offset");
        binds.forEach(b -> b.accept(page));
        List<AuditEntry> entries = page.bind("limit", q.limit()).bind("offset", q.offset()).map(mapper).list();
        return new AuditPage(entries, total, q.offset(), q.limit());
    }

    private static @Nullable String lower(@Nullable String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
