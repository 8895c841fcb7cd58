package dev.dirsync.servlet;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.spi.HostCatalog;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /organizations/{org}/catalog}: the roles and workspaces the host declares for the organization
 * ({@link HostCatalog}), which settings and group mappings may name, for a UI to offer as choices; 404 when the
 * host declares none (then any name is accepted).
 */
final class CatalogHandler {
    private final DirectorySync sync;

    CatalogHandler(DirectorySync sync) {
        this.sync = sync;
    }

    void routes(AdminRouter r) {
        r.get("organizations/{org}/catalog", this::get);
    }

    private void get(ApiCall c) throws IOException {
        HostCatalog catalog = sync.hostCatalog().orElseThrow(() -> ApiException.notFound("this application declares "
                + "no catalog of roles and workspaces (HostCatalog): settings and mappings may name any"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("roles", List.copyOf(catalog.roles(c.orgId())));
        out.put("workspaces", List.copyOf(catalog.workspaces(c.orgId())));
        c.json(200, out);
    }
}
