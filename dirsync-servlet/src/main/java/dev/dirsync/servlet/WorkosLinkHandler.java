package dev.dirsync.servlet;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.BindingConflict;
import dev.dirsync.core.workos.WorkosSetup;
import dev.dirsync.core.workos.WorkosSource;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /organizations/{org}/workos-link} {@code {workosOrganizationId?}}: links the organization to the
 * WorkOS organization that feeds it (without an id: finds or creates the one whose external id is the
 * organization's id), applying directory activations held for it. Changing which WorkOS organization feeds a tenant
 * is a platform operation ({@code decidePlatform}); a WorkOS organization another tenant owns is refused with 409.
 */
final class WorkosLinkHandler {
    private final DirectorySync sync;
    private final @Nullable WorkosSource workos;

    WorkosLinkHandler(DirectorySync sync, @Nullable WorkosSource workos) {
        this.sync = sync;
        this.workos = workos;
    }

    void routes(AdminRouter r) {
        r.platform().post("organizations/{org}/workos-link", this::link);
    }

    private void link(ApiCall c) throws IOException {
        String workosId = AdminJson.optionalText(c.optionalBody(), "workosOrganizationId");
        List<String> activated = List.of();
        String linked;
        try {
            if (workos != null) {
                WorkosSetup.LinkResult r = workosId == null ? workos.setup().createWorkosOrganization(c.orgId())
                        : workos.setup().link(c.orgId(), workosId, c.who());
                activated = r.activatedDirectories();
                linked = r.workosOrganizationId();
            } else if (workosId == null) {
                throw ApiException.invalidField("workosOrganizationId", "send the WorkOS organization id (org_...): "
                        + "finding or creating one needs the WorkOS source (WorkosConfig / dirsync.workos.api-key)");
            } else {
                linked = sync.linkWorkosOrganization(c.orgId(), workosId, c.who()).workosOrganizationId();
            }
        } catch (BindingConflict e) {
            throw e;
        } catch (IllegalStateException e) {
            throw ApiException.conflict(e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("organizationId", c.orgId());
        out.put("workosOrganizationId", linked);
        out.put("activatedDirectories", activated);
        c.json(200, out);
    }
}
