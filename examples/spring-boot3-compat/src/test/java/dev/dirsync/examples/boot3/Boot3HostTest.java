package dev.dirsync.examples.boot3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.spi.AdminAccess;
import dev.dirsync.core.spi.AdminDecision;
import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.SessionRevoker;
import dev.dirsync.core.spi.UserStore;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.workos.WebhookVerifier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The starter in a Spring Boot 3.5 application: engine, JDBI state, webhook, admin API and SCIM all work. */
@SpringBootTest(classes = Boot3HostTest.Host.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.datasource.url=jdbc:h2:mem:boot3;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
                "dirsync.workos.webhook-secret=" + Boot3HostTest.SECRET, "dirsync.admin.enabled=true",
                "dirsync.scim.enabled=true"})
class Boot3HostTest {
    static final String SECRET = "whsec_boot3";
    private static final ObjectMapper JSON = new ObjectMapper();

    @SpringBootApplication
    static class Host {
        @Bean
        InMemoryUserStore userStore() {
            return new InMemoryUserStore();
        }

        @Bean
        SessionRevoker sessionRevoker() {
            return SessionRevoker.NONE;
        }

        @Bean
        ApiKeyRevoker apiKeyRevoker() {
            return ApiKeyRevoker.NONE;
        }

        @Bean
        AdminAccess adminAccess() {
            return r -> "Bearer boot3-admin".equals(r.header().apply("Authorization"))
                    ? AdminDecision.allow("ops") : AdminDecision.unauthenticated("token");
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    DirectorySync sync;

    @Autowired
    UserStore users;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theStarterRunsOnSpringBoot35() throws Exception {
        assertThat(SpringBootVersion.getVersion()).startsWith("3.5");
        sync.createOrganization("acme", "Acme", "org_boot3", OrganizationSettings.defaults());

        String event = """
                {"object":"event","id":"event_boot3_1","event":"dsync.user.created","created_at":"2026-03-02T09:05:00.000Z",
                 "data":{"object":"directory_user","id":"directory_user_1","idp_id":"00u1","directory_id":"directory_1",
                 "organization_id":"org_boot3","email":"bob@acme.test","first_name":"Bob","last_name":"Smith",
                 "state":"active","custom_attributes":{},"raw_attributes":{},
                 "created_at":"2026-03-02T09:05:00.000Z","updated_at":"2026-03-02T09:05:00.000Z"}}""";
        HttpResponse<String> webhook = send("POST", "/api/webhooks/workos", event, "Content-Type", "application/json",
                "WorkOS-Signature", WebhookVerifier.sign(event, SECRET, System.currentTimeMillis()));
        assertThat(webhook.statusCode()).as(webhook.body()).isEqualTo(200);
        assertThat(((InMemoryUserStore) users).byEmail("acme", "bob@acme.test")).isPresent();

        HttpResponse<String> issued = send("POST", "/dirsync/api/organizations/acme/scim-credentials",
                "{\"provider\":\"Okta\"}", "Authorization", "Bearer boot3-admin", "Content-Type", "application/json");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        String token = JSON.readTree(issued.body()).path("token").asText();
        HttpResponse<String> scim = send("POST", "/scim/v2/Users",
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"ada@acme.test\","
                        + "\"emails\":[{\"value\":\"ada@acme.test\",\"primary\":true}],\"active\":true}",
                "Authorization", "Bearer " + token, "Content-Type", "application/scim+json");
        assertThat(scim.statusCode()).as(scim.body()).isEqualTo(201);
        assertThat(((InMemoryUserStore) users).byEmail("acme", "ada@acme.test")).isPresent();

        JsonNode audit = JSON.readTree(send("GET", "/dirsync/api/organizations/acme/audit?action=user_provisioned",
                null, "Authorization", "Bearer boot3-admin").body());
        assertThat(audit.path("total").asInt()).isEqualTo(2);
        assertThat(send("GET", "/dirsync/orgs/acme", null, "Authorization", "Bearer boot3-admin").statusCode())
                .isEqualTo(200);
    }
}
