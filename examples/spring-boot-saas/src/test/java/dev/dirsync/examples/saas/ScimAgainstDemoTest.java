package dev.dirsync.examples.saas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo app as Microsoft Entra ID sees it: its admin issues a SCIM token, Entra provisions and then disables a
 * user with its own PATCH dialect, and the app's users, sessions and audit follow.
 */
@SpringBootTest(classes = SaasApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:saas_scim;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
                "dirsync.demo.admin-token=" + ScimAgainstDemoTest.TOKEN})
class ScimAgainstDemoTest {
    static final String TOKEN = "scim-test-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(String method, String path, String body, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + bearer);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode appUser(String scimId) throws Exception {
        for (JsonNode u : JSON.readTree(send("GET", "/api/users?organization=acme", null, TOKEN).body())) {
            if (scimId.equals(u.path("externalId").asText())) {
                return u;
            }
        }
        throw new AssertionError("no app user follows SCIM user " + scimId);
    }

    @Test
    void entraProvisionsAndDisablesAUserOfTheDemoAppThroughScim() throws Exception {
        HttpResponse<String> issued = send("POST", "/dirsync/api/organizations/acme/scim-credentials",
                "{\"provider\":\"Microsoft Entra ID\",\"directoryId\":\"entra\"}", TOKEN);
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        JsonNode credential = JSON.readTree(issued.body());
        String scim = credential.path("token").asText();
        assertThat(credential.path("scimBaseUrl").asText()).endsWith("/scim/v2");

        // Entra's first call: is this user already there?
        String userName = "grace.hopper@acme.test";
        HttpResponse<String> lookup = send("GET", "/scim/v2/Users?filter="
                + URLEncoder.encode("userName eq \"" + userName + "\"", StandardCharsets.UTF_8), null, scim);
        assertThat(lookup.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(lookup.body()).path("totalResults").asInt()).isZero();

        HttpResponse<String> created = send("POST", "/scim/v2/Users", """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 "externalId": "8b5ff6a5-3d1a-4c2e-9c1e-0f4c2d7e9a10", "userName": "%s", "active": true,
                 "name": {"givenName": "Grace", "familyName": "Hopper"},
                 "emails": [{"primary": true, "type": "work", "value": "%s"}],
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Research"}}
                """.formatted(userName, userName), scim);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String scimId = JSON.readTree(created.body()).path("id").asText();

        JsonNode grace = appUser(scimId);
        assertThat(grace.path("email").asText()).isEqualTo(userName);
        assertThat(grace.path("department").asText()).isEqualTo("Research");
        assertThat(grace.path("status").asText()).isEqualTo("active");
        assertThat(send("POST", "/api/users/" + grace.path("id").asText() + "/sessions", "{}", TOKEN).statusCode())
                .isBetween(200, 201);
        assertThat(appUser(scimId).path("activeSessions").asInt()).isEqualTo(1);

        // Entra disables with a capitalized op and a string boolean
        HttpResponse<String> disabled = send("PATCH", "/scim/v2/Users/" + scimId, """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "Replace", "path": "active", "value": "False"}]}
                """, scim);
        assertThat(disabled.statusCode()).as(disabled.body()).isIn(200, 204);

        JsonNode after = appUser(scimId);
        assertThat(after.path("status").asText()).isEqualTo("deactivated");
        assertThat(after.path("activeSessions").asInt()).isZero();
        JsonNode audit = JSON.readTree(send("GET",
                "/dirsync/api/organizations/acme/audit?action=user_deactivated", null, TOKEN).body());
        assertThat(audit.path("entries").get(0).path("actor").asText()).isEqualTo("Microsoft Entra ID via SCIM");
        assertThat(send("GET", "/scim/v2/Users/" + scimId, null, "dsync_scim_wrong").statusCode()).isEqualTo(401);
    }
}
