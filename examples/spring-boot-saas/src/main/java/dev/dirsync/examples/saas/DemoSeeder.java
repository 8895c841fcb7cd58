package dev.dirsync.examples.saas;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.OrganizationSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;

/**
 * Seeds the demo tenant before the web server accepts requests: organization "acme" linked to its WorkOS
 * organization, group mappings (Admins → admin, Contractors → viewer, teams → workspaces), and its founder, an
 * admin with a verified email whom the directory will link to rather than duplicate. Idempotent.
 */
@Component
public class DemoSeeder implements InitializingBean {
    private static final Logger log = LoggerFactory.getLogger(DemoSeeder.class);

    private final DirectorySync sync;
    private final JdbcTemplate jdbc;

    public DemoSeeder(DirectorySync sync, JdbcTemplate jdbc) {
        this.sync = sync;
        this.jdbc = jdbc;
    }

    @Override
    public void afterPropertiesSet() {
        for (String w : new String[] {"engineering", "sales", "support"}) {
            if (count("select count(*) from app_workspaces where organization_id = ? and slug = ?",
                    DemoCompany.ORGANIZATION, w) == 0) {
                jdbc.update("insert into app_workspaces (organization_id, slug) values (?, ?)",
                        DemoCompany.ORGANIZATION, w);
            }
        }
        if (count("select count(*) from app_users where organization_id = ? and email_lower = ?",
                DemoCompany.ORGANIZATION, SaasUserStore.lower(DemoCompany.FOUNDER_EMAIL)) == 0) {
            jdbc.update("insert into app_users (id, organization_id, email, email_lower, email_verified, first_name, "
                            + "last_name, display_name, title, role, status, member_since) values (?, ?, ?, ?, true, "
                            + "'Frances', 'Founder', 'Frances Founder', 'CEO', 'admin', 'ACTIVE', ?)", "usr_founder",
                    DemoCompany.ORGANIZATION, DemoCompany.FOUNDER_EMAIL, SaasUserStore.lower(DemoCompany.FOUNDER_EMAIL),
                    Timestamp.from(Instant.parse(
                            "2019-04-01T09:00:00Z")));
            jdbc.update("insert into app_user_workspaces (user_id, workspace) values ('usr_founder', 'engineering')");
        }
        if (sync.organization(DemoCompany.ORGANIZATION).isEmpty()) {
            OrganizationSettings settings = OrganizationSettings.defaults()
                    .withRoles(DemoCompany.ROLES, "member", "admin");
            for (DemoCompany.Group g : DemoCompany.GROUPS) {
                settings = settings.withGroupMapping(new GroupMapping(g.id(), g.role(), new HashSet<>(g.workspaces())));
            }
            sync.createOrganization(DemoCompany.ORGANIZATION, DemoCompany.NAME, DemoCompany.WORKOS_ORGANIZATION,
                    settings);
            log.info("demo: seeded organization '{}' (WorkOS {}), founder {} and {} group mappings",
                    DemoCompany.ORGANIZATION, DemoCompany.WORKOS_ORGANIZATION, DemoCompany.FOUNDER_EMAIL,
                    DemoCompany.GROUPS.size());
        }
    }

    private int count(String sql, Object... args) {
        Integer n = jdbc.queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }

}
