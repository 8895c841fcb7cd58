package dev.dirsync.examples.saas;

import dev.dirsync.core.spi.HostCatalog;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The demo app's roles (the same for every tenant) and each tenant's workspaces (its rows of
 * {@code app_workspaces}): dirsync refuses settings and group mappings that name anything else, and its admin UI
 * offers these as choices.
 */
@Component
public class DemoCatalog implements HostCatalog {
    private final JdbcTemplate jdbc;

    public DemoCatalog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Set<String> roles(String organizationId) {
        return new LinkedHashSet<>(DemoCompany.ROLES);
    }

    @Override
    public Set<String> workspaces(String organizationId) {
        return new LinkedHashSet<>(jdbc.queryForList("select slug from app_workspaces where organization_id = ? "
                + "order by slug", String.class, organizationId));
    }
}
