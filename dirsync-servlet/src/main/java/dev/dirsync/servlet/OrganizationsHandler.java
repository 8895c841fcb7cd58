package dev.dirsync.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.model.Organization;
import dev.dirsync.core.model.OrganizationSettings;

import java.io.IOException;
import java.util.Map;

/**
 * {@code /organizations}: list and create organizations (platform operators only: {@code decidePlatform}), read
 * one (its admins). A WorkOS organization another organization is linked to is refused with 409.
 */
final class OrganizationsHandler {
    private final DirectorySync sync;

    OrganizationsHandler(DirectorySync sync) {
        this.sync = sync;
    }

    void routes(AdminRouter r) {
        r.platform().get("organizations", this::list).post("organizations", this::create);
        r.get("organizations/{org}", c -> c.json(200, AdminJson.organization(c.org())));
    }

    private void list(ApiCall c) throws IOException {
        c.json(200, Map.of("organizations", sync.organizations().stream().map(AdminJson::organization).toList()));
    }

    private void create(ApiCall c) throws IOException {
        JsonNode b = c.body();
        String id = AdminJson.text(b.has("id") ? b.get("id") : NullNode.getInstance(), "id");
        if (!id.matches("[A-Za-z0-9_.:-]{1,128}")) {
            throw ApiException.invalidField("id", "id may hold letters, digits and _ . : - (at most 128)");
        }
        String name = b.has("name") ? AdminJson.text(b.get("name"), "name") : id;
        String workos = AdminJson.optionalText(b, "workosOrganizationId");
        Organization o;
        try {
            o = sync.createOrganization(id, name, workos, OrganizationSettings.defaults());
        } catch (IllegalStateException e) {
            throw ApiException.conflict(e.getMessage());
        }
        c.resp.setHeader("Location", c.req.getRequestURI() + "/" + id);
        c.json(201, AdminJson.organization(o));
    }
}
