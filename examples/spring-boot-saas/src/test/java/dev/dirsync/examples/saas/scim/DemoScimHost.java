package dev.dirsync.examples.saas.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.servlet.scim.ScimHost;
import dev.dirsync.servlet.scim.ScimClient;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The demo app as a SCIM host: tokens come from its admin API, host state from its own {@code /api/users}, the
 * audit from dirsync's admin API, and the mirror straight from dirsync's tables in its database.
 */
final class DemoScimHost implements ScimHost {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String adminToken;
    private final JdbcTemplate jdbc;
    private final List<String> issued = new ArrayList<>();

    DemoScimHost(int port, String adminToken, JdbcTemplate jdbc) {
        this.base = "http://127.0.0.1:" + port;
        this.adminToken = adminToken;
        this.jdbc = jdbc;
    }

    private JsonNode admin(String method, String path, String body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                    .header("Authorization", "Bearer " + adminToken)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " interrupted", e);
        }
    }

    @Override
    public ScimClient.Client client(String provider, String directoryId) {
        JsonNode c = admin("POST", "/dirsync/api/organizations/" + ORG + "/scim-credentials",
                "{\"provider\":" + ScimClient.json(provider) + ",\"directoryId\":" + ScimClient.json(directoryId) + "}");
        issued.add(c.path("id").asText());
        return new ScimClient.Client(c.path("scimBaseUrl").asText(), c.path("token").asText());
    }

    private Optional<JsonNode> appUser(String scimId) {
        for (JsonNode u : admin("GET", "/api/users?organization=" + ORG, null)) {
            if (scimId.equals(u.path("externalId").asText())) {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<HostUser> hostUser(String directoryId, String scimId) {
        return appUser(scimId).map(u -> new HostUser(text(u, "email"), text(u, "firstName"), text(u, "lastName"),
                UserStatus.valueOf(u.path("status").asText().toUpperCase(Locale.ROOT))));
    }

    @Override
    public boolean sessionsRevoked(String directoryId, String scimId) {
        JsonNode audit = admin("GET", "/dirsync/api/organizations/" + ORG + "/audit?action=user_deactivated&target="
                + URLEncoder.encode(scimId, StandardCharsets.UTF_8), null);
        for (JsonNode e : audit.path("entries")) {
            if (e.path("detail").asText().contains("sessions revoked")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String mirrorText() {
        return jdbc.queryForList("select * from dirsync_mirror_users where organization_id = ?", ORG).toString();
    }

    @Override
    public void close() {
        for (String id : issued) {
            admin("DELETE", "/dirsync/api/organizations/" + ORG + "/scim-credentials/" + id, "{}");
        }
        issued.clear();
    }

    private static String text(JsonNode u, String field) {
        JsonNode n = u.path(field);
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }
}
