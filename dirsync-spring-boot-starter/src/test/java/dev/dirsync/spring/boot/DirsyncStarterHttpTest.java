package dev.dirsync.spring.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dirsync.core.spi.AdminAccess;
import dev.dirsync.core.spi.AdminDecision;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.testkit.RecordingRevokers;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The starter in a real Spring Boot application over HTTP: webhook, SCIM, admin API and metrics. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:starter_http;DB_CLOSE_DELAY=-1",
        "dirsync.workos.webhook-secret=" + DirsyncStarterHttpTest.SECRET,
        "dirsync.admin.enabled=true",
        "dirsync.scim.enabled=true",
        "management.endpoints.web.exposure.include=health,metrics",
        "management.endpoint.health.show-components=always",
        "management.endpoint.health.show-details=always"})
class DirsyncStarterHttpTest {
    static final String SECRET = "whsec_starter_http";
    private static final String TOKEN = "Bearer test-admin-token";
    private static final String WORKOS_ORG = "org_01HSTARTERHTTP";
    private static final ObjectMapper JSON = new ObjectMapper();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class HostApp {
        @Bean
        InMemoryUserStore userStore() {
            return new InMemoryUserStore();
        }

        @Bean
        RecordingRevokers revokers() {
            return new RecordingRevokers();
        }

        @Bean
        AdminAccess adminAccess() {
            // the token's holder operates the platform too (creating organizations is a platform operation)
            return new AdminAccess() {
                @Override
                public AdminDecision decide(dev.dirsync.core.spi.AdminRequest r) {
                    return TOKEN.equals(r.header().apply("Authorization")) ? AdminDecision.allow("ops")
                            : AdminDecision.unauthenticated("send the admin bearer token");
                }

                @Override
                public AdminDecision decidePlatform(dev.dirsync.core.spi.AdminRequest r) {
                    return decide(r);
                }
            };
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    InMemoryUserStore users;
    @Autowired
    MeterRegistry meters;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aSignedWebhookProvisionsAUserVisibleInAuditAndMetrics() throws Exception {
        // the admin API is mounted, and closed without the host's token
        assertThat(send("POST", "/dirsync/api/organizations", "{\"id\":\"acme\"}", null).statusCode()).isEqualTo(401);
        HttpResponse<String> created = send("POST", "/dirsync/api/organizations",
                "{\"id\":\"acme\",\"name\":\"Acme\",\"workosOrganizationId\":\"" + WORKOS_ORG + "\"}", TOKEN);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        String webhook = url("/api/webhooks/workos");
        assertThat(TestEvents.post(http, webhook, TestEvents.activated("event_h1", WORKOS_ORG), SECRET).statusCode())
                .isEqualTo(200);
        String user = TestEvents.userCreated("event_h2", WORKOS_ORG, "directory_user_ada", "ada@acme.test");
        HttpResponse<String> applied = TestEvents.post(http, webhook, user, SECRET);
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        assertThat(JSON.readTree(applied.body()).path("status").asText()).isEqualTo("applied");
        HttpResponse<String> again = TestEvents.post(http, webhook, user, SECRET);
        assertThat(JSON.readTree(again.body()).path("status").asText()).isEqualTo("duplicate");
        assertThat(TestEvents.post(http, webhook, user, "whsec_wrong").statusCode()).isEqualTo(401);

        assertThat(users.rows("acme")).singleElement().satisfies(row -> {
            assertThat(row.email).isEqualTo("ada@acme.test");
            assertThat(row.role).isEqualTo("member");
        });

        JsonNode audit = JSON.readTree(send("GET", "/dirsync/api/organizations/acme/audit", null, TOKEN).body());
        List<String> actions = new ArrayList<>();
        audit.path("entries").forEach(e -> actions.add(e.path("action").asText()));
        assertThat(actions).contains("user_provisioned");

        assertThat(count("dsync.user.created", "applied")).isEqualTo(1.0);
        assertThat(count("dsync.user.created", "duplicate")).isEqualTo(1.0);
        assertThat(count("unknown", "unauthorized")).isEqualTo(1.0);
        assertThat(meters.get(DirsyncMetrics.PROCESSING).tag("type", "dsync.user.created").tag("result", "applied")
                .timer().count()).isEqualTo(1);
        // the engine's own view, whatever the source: one applied, one duplicate, the forgery never reached it
        assertThat(meters.get(DirsyncMetrics.OUTCOMES).tag("channel", "workos").tag("type", "UserCreated")
                .tag("outcome", "applied").counter().count()).isEqualTo(1.0);
        assertThat(meters.get(DirsyncMetrics.OUTCOMES).tag("channel", "workos").tag("outcome", "duplicate").counter()
                .count()).isEqualTo(1.0);
        double appliedEvents = meters.find(DirsyncMetrics.OUTCOMES).tag("channel", "workos").tag("outcome", "applied")
                .counters().stream().mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
        assertThat(meters.get(DirsyncMetrics.PROJECTION).tag("channel", "workos").tag("outcome", "applied").timer()
                .count())
                .as("one timing per applied event").isEqualTo((long) appliedEvents);
    }

    /**
     * Every SCIM write reaches the engine's OutcomeListener, hence the Micrometer meters, like a webhook does: one
     * applied event per create, update and deactivation.
     */
    @Test
    void scimCreateUpdateAndDeactivateEachCountInTheEngineMetrics() throws Exception {
        assertThat(send("POST", "/dirsync/api/organizations", "{\"id\":\"scimco\",\"name\":\"Scim Co\"}", TOKEN)
                .statusCode()).isEqualTo(201);
        HttpResponse<String> issued = send("POST", "/dirsync/api/organizations/scimco/scim-credentials",
                "{\"provider\":\"Okta\"}", TOKEN);
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        String scim = "Bearer " + JSON.readTree(issued.body()).path("token").asText();

        HttpResponse<String> created = send("POST", "/scim/v2/Users", scimUser("Grace", true), scim);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = JSON.readTree(created.body()).path("id").asText();
        assertThat(users.rows("scimco")).singleElement().satisfies(row -> assertThat(row.email)
                .isEqualTo("grace@scimco.test"));
        assertThat(scimEvents("UserCreated", "applied")).as("create").isEqualTo(1.0);
        assertThat(scimEvents(null, "applied")).isEqualTo(1.0);

        HttpResponse<String> updated = send("PUT", "/scim/v2/Users/" + id, scimUser("Gracie", true), scim);
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(scimEvents(null, "applied")).as("update").isEqualTo(2.0);

        HttpResponse<String> deactivated = send("PATCH", "/scim/v2/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"active","value":false}]}""", scim);
        assertThat(deactivated.statusCode()).as(deactivated.body()).isEqualTo(200);
        assertThat(users.rows("scimco")).singleElement().satisfies(row -> assertThat(row.status.name())
                .isEqualTo("DEACTIVATED"));
        assertThat(scimEvents(null, "applied")).as("deactivation").isEqualTo(3.0);
        assertThat(meters.get(DirsyncMetrics.PROJECTION).tag("channel", "scim").tag("outcome", "applied").timer()
                .count()).as("one timing per SCIM write").isEqualTo(3);
    }

    private static String scimUser(String givenName, boolean active) {
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"grace@scimco.test",
                 "name":{"givenName":"%s","familyName":"Hopper"},
                 "emails":[{"value":"grace@scimco.test","type":"work","primary":true}],"active":%s}"""
                .formatted(givenName, active);
    }

    /** Engine events of the SCIM channel with this outcome, of one event type or (null) all. */
    private double scimEvents(String type, String outcome) {
        var search = meters.find(DirsyncMetrics.OUTCOMES).tag("channel", "scim").tag("outcome", outcome);
        if (type != null) {
            search = search.tag("type", type);
        }
        return search.counters().stream().mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    private double count(String type, String result) {
        var c = meters.find(DirsyncMetrics.EVENTS).tag("source", DirsyncMetrics.SOURCE_WEBHOOK)
                .tag("type", type).tag("result", result).counter();
        return c == null ? 0 : c.count();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private HttpResponse<String> send(String method, String path, String body, String auth) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url(path)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            r.header("Content-Type", "application/json");
        }
        if (auth != null) {
            r.header("Authorization", auth);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }
}
