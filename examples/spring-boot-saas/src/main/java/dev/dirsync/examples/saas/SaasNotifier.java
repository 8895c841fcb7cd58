package dev.dirsync.examples.saas;

import dev.dirsync.core.spi.AdminNotice;
import dev.dirsync.core.spi.Notifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/** Keeps alerts for the organization's admins in an in-app inbox ({@code GET /api/notices}). */
@Component
public class SaasNotifier implements Notifier {
    private final JdbcTemplate jdbc;

    public SaasNotifier(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void notify(AdminNotice n) {
        jdbc.update("insert into app_notices (organization_id, kind, message, created_at) values (?, ?, ?, ?)",
                n.organizationId(), n.kind().name().toLowerCase(java.util.Locale.ROOT), n.message(),
                Timestamp.from(n.at()));
    }
}
