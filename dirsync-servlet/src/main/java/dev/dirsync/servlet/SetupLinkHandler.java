package dev.dirsync.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dirsync.core.workos.WorkosSource;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * {@code POST /organizations/{org}/setup-link} {@code {returnUrl?, successUrl?}}: a WorkOS Admin Portal link
 * for the customer's IT admin to connect their directory.
 */
final class SetupLinkHandler {
    private final @Nullable WorkosSource workos;

    SetupLinkHandler(@Nullable WorkosSource workos) {
        this.workos = workos;
    }

    void routes(AdminRouter r) {
        r.post("organizations/{org}/setup-link", this::create);
    }

    private void create(ApiCall c) throws IOException {
        if (workos == null) {
            throw ApiException.notConfigured("an Admin Portal link");
        }
        JsonNode b = c.optionalBody();
        URI link;
        try {
            link = workos.setup().adminPortalLink(c.orgId(), uri(b, "returnUrl"), uri(b, "successUrl"));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw ApiException.conflict(e.getMessage());
        }
        c.json(200, Map.of("link", link.toString(), "intent", "dsync"));
    }

    private static @Nullable URI uri(JsonNode b, String field) {
        String v = AdminJson.optionalText(b, field);
        if (v == null) {
            return null;
        }
        try {
            URI u = new URI(v);
            if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme())) {
                throw ApiException.invalidField(field, field + " must be an http(s) URL");
            }
            return u;
        } catch (URISyntaxException e) {
            throw ApiException.invalidField(field, field + " is not a URL: " + e.getMessage());
        }
    }
}
