package dev.dirsync.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.spi.AdminAccess;
import dev.dirsync.core.spi.AdminDecision;
import dev.dirsync.core.spi.AdminRequest;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.testkit.RecordingRevokers;
import dev.dirsync.core.workos.WorkosConfig;
import dev.dirsync.core.workos.WorkosSource;
import dev.dirsync.core.workos.WorkosStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Admin API operations that reach beyond the engine: SCIM credentials, force sync, setup link, health, CSRF. */
class AdminApiOperationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/dirsync/api/organizations/acme";
    private static final String WORKOS_ORG = "org_01HACME";
    private static final String DIR = "directory_01HACME";

    private final WorkosStandIn workos = new WorkosStandIn();
    private final InMemoryUserStore users = new InMemoryUserStore();
    private final RecordingRevokers host = new RecordingRevokers();
    private final DirectorySync sync = DirectorySync.builder().stateStore(new InMemoryStateStore()).userStore(users)
            .sessionRevoker(host).apiKeyRevoker(host).notifier(host).build();
    // the token's holder operates the platform too
    private final AdminAccess access = new AdminAccess() {
        @Override
        public AdminDecision decide(AdminRequest r) {
            return "secret".equals(r.header().apply("Authorization"))
                    ? AdminDecision.allow("ops@acme.test") : AdminDecision.unauthenticated("send the admin token");
        }

        @Override
        public AdminDecision decidePlatform(AdminRequest r) {
            return decide(r);
        }
    };
    private JettyHarness http;

    @BeforeEach
    void start() throws Exception {
        sync.createOrganization("acme", "Acme", WORKOS_ORG, OrganizationSettings.defaults());
        WorkosSource source = WorkosSource.create(sync, WorkosConfig.builder().apiKey("sk_test")
                .apiBaseUrl(workos.baseUrl()).build());
        http = new JettyHarness(Map.of("/dirsync/api/*", new AdminApiServlet(sync, access, source, "/scim/v2")));
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        workos.close();
    }

    private HttpResponse<String> call(String method, String path, String body, String... extra) throws Exception {
        String[] headers = new String[extra.length + (body == null ? 2 : 4)];
        headers[0] = "Authorization";
        headers[1] = "secret";
        int i = 2;
        if (body != null) {
            headers[i++] = "Content-Type";
            headers[i++] = "application/json";
        }
        System.arraycopy(extra, 0, headers, i, extra.length);
        return http.send(method, path, body, headers);
    }

    @Test
    void aScimTokenIsIssuedOnceListedBySuffixAndRevoked() throws Exception {
        HttpResponse<String> issued = call("POST", API + "/scim-credentials",
                "{\"provider\":\"Microsoft Entra ID\",\"directoryId\":\"entra\"}");
        assertThat(issued.statusCode()).isEqualTo(201);
        JsonNode c = JSON.readTree(issued.body());
        String token = c.get("token").asText();
        assertThat(c.get("scimBaseUrl").asText()).isEqualTo(http.base + "/scim/v2");
        assertThat(sync.authenticateScim(token)).isPresent();

        JsonNode list = JSON.readTree(call("GET", API + "/scim-credentials", null).body());
        assertThat(list.get("credentials")).hasSize(1);
        assertThat(list.toString()).doesNotContain(token).contains(token.substring(token.length() - 4));

        assertThat(call("DELETE", API + "/scim-credentials/" + c.get("id").asText(), "{}").statusCode()).isEqualTo(204);
        assertThat(sync.authenticateScim(token)).isEmpty();
        assertThat(call("DELETE", API + "/scim-credentials/" + c.get("id").asText(), "{}").statusCode()).isEqualTo(404);
    }

    @Test
    void aForceSyncRunsInTheBackgroundAndReportsProgressToCompletion() throws Exception {
        for (int i = 0; i < 3; i++) {
            String id = "directory_user_0" + i;
            workos.users.put(id, WorkosStandIn.user(id, DIR, WORKOS_ORG, "p" + i + "@acme.test", "P", "No" + i,
                    "active", "2026-01-06T09:00:00.000Z"));
        }
        workos.directories.put(DIR, WorkosStandIn.directory(DIR, WORKOS_ORG, "okta scim v2.0", "linked"));
        sync.accept(new SourceEvent.DirectoryActivated(new EventMeta("event_activated", "acme", DIR,
                Source.workos("Okta"), Instant.now()), "Okta"));

        HttpResponse<String> started = call("POST", API + "/sync", "{}");
        assertThat(started.statusCode()).isEqualTo(202);
        String job = JSON.readTree(started.body()).get("jobId").asText();

        JsonNode status = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            status = JSON.readTree(call("GET", API + "/sync/" + job, null).body());
            if (status.get("finished").asBoolean()) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(status.get("finished").asBoolean()).as(String.valueOf(status)).isTrue();
        assertThat(status.get("directories").get(0).get("state").asText()).isEqualTo("complete");
        assertThat(status.get("directories").get(0).get("users").asInt()).isEqualTo(3);
        assertThat(users.rows("acme")).hasSize(3);

        JsonNode health = JSON.readTree(call("GET", API + "/health", null).body());
        assertThat(health.get("status").asText()).isEqualTo("healthy");
        assertThat(health.get("usersSynced").asInt()).isEqualTo(3);
        assertThat(call("GET", API + "/sync/sync_unknown", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aSetupLinkOpensTheAdminPortalForDirectorySync() throws Exception {
        HttpResponse<String> r = call("POST", API + "/setup-link", "{\"returnUrl\":\"https://app.acme.test/settings\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("link").asText()).startsWith("http");
        assertThat(workos.requests).anyMatch(q -> q.startsWith("POST /portal/generate_link"));
        assertThat(call("POST", API + "/setup-link", "{\"returnUrl\":\"javascript:alert(1)\"}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void anOrganizationWithoutDirectoriesIsNotConnected() throws Exception {
        JsonNode health = JSON.readTree(call("GET", API + "/health", null).body());
        assertThat(health.get("status").asText()).isEqualTo("not_connected");
        assertThat(call("POST", API + "/sync", "{}").statusCode()).isEqualTo(409);
    }

    @Test
    void withoutWorkosTheWorkosOperationsSayWhatIsMissing() throws Exception {
        try (JettyHarness plain = new JettyHarness(Map.of("/dirsync/api/*", new AdminApiServlet(sync, access)))) {
            HttpResponse<String> r = plain.send("POST", API + "/sync", "{}", "Authorization", "secret",
                    "Content-Type", "application/json");
            assertThat(r.statusCode()).isEqualTo(409);
            assertThat(r.body()).contains("needs the WorkOS source");
        }
    }

    @Test
    void postsWithoutParametersTakeNoBodyAndNoContentType() throws Exception {
        HttpResponse<String> issued = http.send("POST", API + "/scim-credentials", null, "Authorization", "secret");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        JsonNode c = JSON.readTree(issued.body());
        assertThat(c.get("provider").asText()).isEqualTo("SCIM client");
        assertThat(sync.authenticateScim(c.get("token").asText())).isPresent();

        HttpResponse<String> paused = http.send("POST", API + "/pause", null, "Authorization", "secret");
        assertThat(paused.statusCode()).isEqualTo(200);
        assertThat(sync.organization("acme").orElseThrow().settings().mode().name()).isEqualTo("PAUSED");
        HttpResponse<String> emptyJson = http.send("POST", API + "/resume", "", "Authorization", "secret",
                "Content-Type", "application/json");
        assertThat(emptyJson.statusCode()).isEqualTo(200);
        assertThat(http.send("DELETE", API + "/scim-credentials/" + c.get("id").asText(), null, "Authorization",
                "secret").statusCode()).isEqualTo(204);
    }

    @Test
    void aBodyWithoutJsonContentTypeIsStillRefusedAndARequiredBodyIsStillRequired() throws Exception {
        HttpResponse<String> untyped = http.send("POST", API + "/scim-credentials", "{\"provider\":\"Okta\"}",
                "Authorization", "secret");
        assertThat(untyped.statusCode()).isEqualTo(415);
        assertThat(sync.directory("acme").scimCredentials()).isEmpty();
        HttpResponse<String> noBody = http.send("POST", "/dirsync/api/organizations", null, "Authorization", "secret");
        assertThat(noBody.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noBody.body()).get("message").asText()).contains("send a JSON object");
    }

    @Test
    void aBrowserPostWithoutABodyStillNeedsTheCsrfToken() throws Exception {
        String cookie = call("GET", API + "/settings", null).headers().firstValue("Set-Cookie").orElseThrow();
        String token = cookie.substring("dirsync_csrf=".length(), cookie.indexOf(';'));

        HttpResponse<String> forged = http.send("POST", API + "/scim-credentials", null, "Authorization", "secret",
                "Cookie", "dirsync_csrf=" + token);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(sync.directory("acme").scimCredentials()).isEmpty();
        HttpResponse<String> ok = http.send("POST", API + "/scim-credentials", null, "Authorization", "secret",
                "Cookie", "dirsync_csrf=" + token, "X-CSRF-Token", token);
        assertThat(ok.statusCode()).isEqualTo(201);
    }

    @Test
    void aBrowserWriteNeedsTheCsrfTokenFromItsCookie() throws Exception {
        HttpResponse<String> get = call("GET", API + "/settings", null);
        String cookie = get.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("dirsync_csrf=").contains("SameSite=Strict");
        String token = cookie.substring("dirsync_csrf=".length(), cookie.indexOf(';'));

        HttpResponse<String> forged = call("POST", API + "/pause", "{}", "Cookie", "session=abc; dirsync_csrf=" + token);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("X-CSRF-Token");
        HttpResponse<String> wrong = call("POST", API + "/pause", "{}", "Cookie", "dirsync_csrf=" + token,
                "X-CSRF-Token", "guess");
        assertThat(wrong.statusCode()).isEqualTo(403);

        HttpResponse<String> ok = call("POST", API + "/pause", "{}", "Cookie", "dirsync_csrf=" + token,
                "X-CSRF-Token", token);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(call("POST", API + "/resume", "{}").statusCode()).as("no cookies: an API client").isEqualTo(200);
    }
}
