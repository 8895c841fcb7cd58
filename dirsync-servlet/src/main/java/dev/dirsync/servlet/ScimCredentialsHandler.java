package dev.dirsync.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.IssuedScimCredential;
import dev.dirsync.core.state.ScimCredential;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /organizations/{org}/scim-credentials}: issue a SCIM bearer token (shown once; the body
 * {@code {provider?, directoryId?}} may be left out), list tokens by suffix and last use, revoke one.
 */
final class ScimCredentialsHandler {
    private final DirectorySync sync;
    private final String scimPath;

    ScimCredentialsHandler(DirectorySync sync, String scimPath) {
        this.sync = sync;
        this.scimPath = scimPath;
    }

    void routes(AdminRouter r) {
        r.get("organizations/{org}/scim-credentials", this::list)
                .post("organizations/{org}/scim-credentials", this::issue)
                .delete("organizations/{org}/scim-credentials/{id}", this::revoke);
    }

    private void list(ApiCall c) throws IOException {
        c.json(200, Map.of("credentials", c.view().scimCredentials().stream()
                .map(ScimCredentialsHandler::credential).toList()));
    }

    private void issue(ApiCall c) throws IOException {
        JsonNode b = c.optionalBody();
        String directoryId = b.has("directoryId") ? AdminJson.text(b.get("directoryId"), "directoryId") : "scim";
        if (!directoryId.matches("[A-Za-z0-9_.:-]{1,128}")) {
            throw ApiException.invalidField("directoryId", "directoryId may hold letters, digits and _ . : - (at most 128)");
        }
        String provider = b.has("provider") ? AdminJson.text(b.get("provider"), "provider") : "SCIM client";
        IssuedScimCredential issued;
        try {
            issued = sync.issueScimCredential(c.orgId(), directoryId, provider, c.who());
        } catch (IllegalStateException e) {
            throw ApiException.conflict(e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>(credential(issued.credential()));
        out.put("scimBaseUrl", JsonHttp.baseUrl(c.req) + scimPath);
        out.put("token", issued.token()); // shown this once; only its hash is kept
        c.resp.setHeader("Location", c.req.getRequestURI() + "/" + issued.credential().id());
        c.json(201, out);
    }

    private void revoke(ApiCall c) throws IOException {
        if (!sync.revokeScimCredential(c.orgId(), c.var("id"), c.who())) {
            throw ApiException.notFound("no active SCIM credential '" + c.var("id") + "' in organization " + c.orgId());
        }
        c.resp.setStatus(204);
    }

    private static Map<String, Object> credential(ScimCredential cr) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", cr.id());
        m.put("suffix", cr.suffix());
        m.put("directoryId", cr.directoryId());
        m.put("provider", cr.provider());
        m.put("active", cr.active());
        m.put("createdAt", cr.createdAt().toString());
        m.put("lastUsedAt", cr.lastUsedAt() == null ? null : cr.lastUsedAt().toString());
        m.put("revokedAt", cr.revokedAt() == null ? null : cr.revokedAt().toString());
        return m;
    }
}
