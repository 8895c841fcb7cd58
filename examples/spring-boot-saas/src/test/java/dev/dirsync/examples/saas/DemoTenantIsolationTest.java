package dev.dirsync.examples.saas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo is safe by default: its admin token administers Acme and cannot list, create or link organizations
 * (only the platform token may), and Acme's settings can only name the app's roles and Acme's workspaces.
 */
@SpringBootTest(classes = SaasApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:saas_tenants;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
                "dirsync.demo.admin-token=" + DemoTenantIsolationTest.TOKEN,
                "dirsync.demo.platform-token=" + DemoTenantIsolationTest.PLATFORM})
class DemoTenantIsolationTest {
    static final String TOKEN = "tenants-test-admin-token";
    static final String PLATFORM = "tenants-test-platform-token";
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

    @Test
    void theAdminTokenAdministersAcmeOnlyAndThePlatformTokenTheRest() throws Exception {
        assertThat(send("GET", "/dirsync/api/organizations", null, TOKEN).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/dirsync/api/organizations", "{\"id\":\"-a\",\"workosOrganizationId\":\""
                + DemoCompany.WORKOS_ORGANIZATION + "\"}", TOKEN).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/dirsync/api/organizations/acme/settings", null, TOKEN).statusCode()).isEqualTo(200);

        HttpResponse<String> capture = send("POST", "/dirsync/api/organizations", "{\"id\":\"-a\","
                + "\"workosOrganizationId\":\"" + DemoCompany.WORKOS_ORGANIZATION + "\"}", PLATFORM);
        assertThat(capture.statusCode()).as(capture.body()).isEqualTo(409);
        assertThat(send("POST", "/dirsync/api/organizations", "{\"id\":\"globex\"}", PLATFORM).statusCode())
                .isEqualTo(201);
        assertThat(send("GET", "/dirsync/api/organizations/globex/settings", null, TOKEN).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/dirsync/api/organizations", null, PLATFORM).statusCode()).isEqualTo(200);
    }

    @Test
    void acmesSettingsNameOnlyTheAppsRolesAndAcmesWorkspaces() throws Exception {
        JsonNode catalog = JSON.readTree(send("GET", "/dirsync/api/organizations/acme/catalog", null, TOKEN).body());
        assertThat(catalog.get("roles")).extracting(JsonNode::asText).containsExactly("admin", "member", "viewer");
        assertThat(catalog.get("workspaces")).extracting(JsonNode::asText)
                .containsExactly("engineering", "sales", "support");

        HttpResponse<String> refused = send("PUT", "/dirsync/api/organizations/acme/groups/"
                + DemoCompany.SALES.id() + "/mapping", "{\"role\":\"admin\",\"workspaces\":[\"finance\"]}", TOKEN);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).get("allowed")).extracting(JsonNode::asText)
                .containsExactly("engineering", "sales", "support");
    }
}
