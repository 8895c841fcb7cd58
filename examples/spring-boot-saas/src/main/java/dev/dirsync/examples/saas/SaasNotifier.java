package dev.dirsync.examples.saas;

import dev.dirsync.core.spi.AdminNotice;
import dev.dirsync.core.spi.Notifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/**
 * Keeps alerts for the organization's admins in an in-app inbox ({@code GET /api/notices}): offboarding and
 * last-admin notices, sync health alerts (stale, broken, recovered) and the daily summary.
 */
@Component
public class SaasNotifier implements Notifier {
    /** The inbox column's width. */
    static final int MESSAGE_MAX = 16_000;

    private final JdbcTemplate jdbc;

    public SaasNotifier(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void notify(AdminNotice n) {
        jdbc.update("insert into app_notices (organization_id, kind, message, created_at) values (?, ?, ?, ?)",
                n.organizationId(), n.kind().name().toLowerCase(java.util.Locale.ROOT),
                n.message().length() <= MESSAGE_MAX ? n.message() : n.message().substring(0, MESSAGE_MAX - 1) + "…",
                Timestamp.from(n.at()));
    }
}
