package dev.dirsync.servlet;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.model.Mode;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.spi.AdminAccess;
import dev.dirsync.core.spi.AdminDecision;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.testkit.RecordingRevokers;
import dev.dirsync.core.workos.WorkosConfig;
import dev.dirsync.core.workos.WorkosSource;
import jakarta.servlet.http.HttpServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP surface's smaller defenses, over real HTTP: CSRF without a Cookie header, the CSRF cookie's attributes,
 * nosniff and the UI's CSP on every response, SCIM base URLs that do not come from the Host header, a safe
 * Content-Disposition, and bounded settings.
 */
class HttpHardeningTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/dirsync/api/organizations/acme";
    /** An organization id a host may choose (dirsync's own API would refuse it, DirectorySync does not). */
    private static final String ODD_ID = "acme \"x\"; filename=evil.exe é";

    private final InMemoryUserStore users = new InMemoryUserStore();
    private final RecordingRevokers host = new RecordingRevokers();
    private final DirectorySync sync = DirectorySync.builder().stateStore(new InMemoryStateStore()).userStore(users)
            .sessionRevoker(host).apiKeyRevoker(host).notifier(host).build();
    /** API clients send a bearer token; a signed-in browser is recognized by what the host's SSO proxy adds. */
    private final AdminAccess access = r -> {
        String auth = r.header().apply("Authorization");
        if (auth != null && (auth.equals("Bearer ops-token") || auth.startsWith("Basic "))) {
            return AdminDecision.allow("ops@acme.test");
        }
        return r.header().apply("X-Sso-User") != null ? AdminDecision.allow(r.header().apply("X-Sso-User"))
                : AdminDecision.unauthenticated("sign in first");
    };
    private JettyHarness http;
    private String scimToken;
    private String spareCredential;

    private void start(boolean behindProxy, UnaryOperator<DirsyncServlets.Builder> configure) throws Exception {
        sync.createOrganization("acme", "Acme", "org_01HACME", OrganizationSettings.defaults());
        sync.createOrganization(ODD_ID, "Odd");
        scimToken = sync.issueScimCredential("acme", "okta", "Okta", Source.admin("ops")).token();
        spareCredential = sync.issueScimCredential("acme", "entra", "Microsoft Entra ID", Source.admin("ops"))
                .credential().id();
        WorkosSource workos = WorkosSource.create(sync, WorkosConfig.builder().apiKey("sk_test")
                .apiBaseUrl(URI.create("http://127.0.0.1:9")).webhookSecret("whsec_hardening").build());
        Map<String, HttpServlet> servlets = configure.apply(DirsyncServlets.builder(sync).workosWebhook(workos)
                        .adminApi(access).adminUi("/dirsync").scim()).build().mounts().stream()
                .collect(Collectors.toMap(DirsyncServlets.Mount::urlPattern, DirsyncServlets.Mount::servlet));
        http = new JettyHarness(servlets, behindProxy);
    }

    @AfterEach
    void stop() throws Exception {
        if (http != null) {
            http.close();
        }
    }

    // ---------------------------------------------------------------- CSRF

    @Test
    void aBrowserWriteWithoutTheCsrfTokenIsRefusedEvenWhenItCarriesNoCookieHeader() throws Exception {
        start(false, b -> b);

        HttpResponse<String> ssoBrowser = http.send("POST", API + "/pause", null, "X-Sso-User", "alice@acme.test");
        HttpResponse<String> basicAuth = http.send("POST", API + "/pause", null, "Authorization", "Basic YWxpY2U6cHc=");

        assertThat(ssoBrowser.statusCode()).isEqualTo(403);
        assertThat(ssoBrowser.body()).contains("\"error\":\"csrf\"").contains("X-CSRF-Token");
        assertThat(basicAuth.statusCode()).as("a browser re-sends Basic credentials by itself").isEqualTo(403);
        assertThat(sync.organization("acme").orElseThrow().settings().mode()).isEqualTo(Mode.ACTIVE);
    }

    @Test
    void anApiClientWithABearerTokenAndNoCookiesNeedsNoCsrfTokenButABrowserWithTheTokenIsAccepted() throws Exception {
        start(false, b -> b);
        HttpResponse<String> get = http.send("GET", API + "/settings", null, "X-Sso-User", "alice@acme.test");
        String cookie = get.headers().firstValue("Set-Cookie").orElseThrow();
        String token = cookie.substring("dirsync_csrf=".length(), cookie.indexOf(';'));

        HttpResponse<String> apiClient = http.send("POST", API + "/pause", null, "Authorization", "Bearer ops-token");
        HttpResponse<String> bearerWithCookies = http.send("POST", API + "/resume", null,
                "Authorization", "Bearer ops-token", "Cookie", "session=1");
        HttpResponse<String> browser = http.send("POST", API + "/resume", null, "X-Sso-User", "alice@acme.test",
                "Cookie", "dirsync_csrf=" + token, "X-CSRF-Token", token);

        assertThat(apiClient.statusCode()).as(apiClient.body()).isEqualTo(200);
        assertThat(bearerWithCookies.statusCode()).as("cookies make it a browser again").isEqualTo(403);
        assertThat(browser.statusCode()).as(browser.body()).isEqualTo(200);
    }

    @Test
    void theCsrfCookieIsSameSiteStrictAndSecureWhenTheRequestCameOverTls() throws Exception {
        start(true, b -> b);

        String plain = http.send("GET", API + "/settings", null, "X-Sso-User", "alice").headers()
                .firstValue("Set-Cookie").orElseThrow();
        String tls = http.send("GET", API + "/settings", null, "X-Sso-User", "alice", "X-Forwarded-Proto", "https")
                .headers().firstValue("Set-Cookie").orElseThrow();

        assertThat(plain).contains("SameSite=Strict").doesNotContainIgnoringCase("Secure");
        assertThat(tls).contains("SameSite=Strict").containsIgnoringCase("; Secure");
    }

    // ---------------------------------------------------------------- headers on every response

    @Test
    void everyResponseOfEveryEndpointCarriesNosniffAndTheUiHasAStrictCsp() throws Exception {
        start(false, b -> b);
        Map<String, HttpResponse<String>> responses = new java.util.LinkedHashMap<>();
        responses.put("webhook 401", http.send("POST", "/api/webhooks/workos", "{}"));
        responses.put("webhook 405", http.send("GET", "/api/webhooks/workos", null));
        responses.put("api 200", http.send("GET", API + "/settings", null, "Authorization", "Bearer ops-token"));
        responses.put("api 401", http.send("GET", API + "/settings", null));
        responses.put("api 404", http.send("GET", API + "/nothing", null, "Authorization", "Bearer ops-token"));
        responses.put("api csv", http.send("GET", API + "/audit.csv", null, "Authorization", "Bearer ops-token"));
        responses.put("api 204", http.send("DELETE", API + "/scim-credentials/" + spareCredential, null,
                "Authorization", "Bearer ops-token"));
        responses.put("ui page", http.send("GET", "/dirsync/orgs/acme", null, "X-Sso-User", "alice"));
        responses.put("ui 401", http.send("GET", "/dirsync/orgs/acme", null));
        responses.put("ui asset", http.send("GET", "/dirsync/assets/dirsync.js", null));
        responses.put("ui 405", http.send("POST", "/dirsync/orgs/acme", null));
        responses.put("scim 200", http.send("GET", "/scim/v2/Users", null, "Authorization", "Bearer " + scimToken));
        responses.put("scim 401", http.send("GET", "/scim/v2/Users", null));

        responses.forEach((name, r) -> assertThat(r.headers().firstValue("X-Content-Type-Options"))
                .as(name + " (" + r.statusCode() + ")").hasValue("nosniff"));
        String csp = responses.get("ui page").headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("base-uri 'none'").contains("form-action 'self'").contains("frame-ancestors 'none'")
                .contains("default-src 'self'");
    }

    // ---------------------------------------------------------------- public base URL

    @Test
    void theScimBaseUrlShownToAdminsIsTheConfiguredPublicOneNotTheRequestsHost() throws Exception {
        start(false, b -> b.publicBaseUrl("https://app.example.com/"));

        HttpResponse<String> issued = http.send("POST", API + "/scim-credentials", null,
                "Authorization", "Bearer ops-token");
        HttpResponse<String> setup = http.send("GET", "/dirsync/orgs/acme/setup", null, "X-Sso-User", "alice");

        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        assertThat(JSON.readTree(issued.body()).get("scimBaseUrl").asText()).isEqualTo("https://app.example.com/scim/v2");
        assertThat(setup.body()).contains("<code>https://app.example.com/scim/v2</code>")
                .doesNotContain("127.0.0.1");
    }

    @Test
    void scimMetaLocationsUseTheConfiguredPublicBaseUrlNotTheRequestsHost() throws Exception {
        start(false, b -> b.publicBaseUrl("https://app.example.com/"));

        HttpResponse<String> created = http.send("POST", "/scim/v2/Users", """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "ada@acme.test"}""",
                "Authorization", "Bearer " + scimToken, "Content-Type", "application/scim+json");
        HttpResponse<String> config = http.send("GET", "/scim/v2/ServiceProviderConfig", null,
                "Authorization", "Bearer " + scimToken);

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = JSON.readTree(created.body()).get("id").asText();
        assertThat(JSON.readTree(created.body()).path("meta").path("location").asText())
                .isEqualTo("https://app.example.com/scim/v2/Users/" + id);
        assertThat(created.headers().firstValue("Location")).hasValue("https://app.example.com/scim/v2/Users/" + id);
        assertThat(JSON.readTree(config.body()).path("meta").path("location").asText())
                .startsWith("https://app.example.com/scim/v2/");
    }

    @Test
    void withoutAPublicBaseUrlTheScimBaseUrlFollowsTheRequest() throws Exception {
        start(false, b -> b);

        HttpResponse<String> issued = http.send("POST", API + "/scim-credentials", null,
                "Authorization", "Bearer ops-token");

        assertThat(JSON.readTree(issued.body()).get("scimBaseUrl").asText()).isEqualTo(http.base + "/scim/v2");
    }

    @Test
    void aPublicBaseUrlMustBeAnAbsoluteHttpUrl() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DirsyncServlets.builder(sync).publicBaseUrl("app.example.com"))
                .hasMessageContaining("absolute http(s) URL");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DirsyncServlets.builder(sync)
                .publicBaseUrl("https://app.example.com/?x=1")).hasMessageContaining("without query");
    }

    // ---------------------------------------------------------------- downloads and settings

    @Test
    void anAuditExportNamedAfterAnOddOrganizationIdHasASafeContentDisposition() throws Exception {
        start(false, b -> b);
        String path = "/dirsync/api/organizations/" + URLEncoder.encode(ODD_ID, StandardCharsets.UTF_8)
                .replace("+", "%20") + "/audit.csv";

        HttpResponse<String> csv = http.send("GET", path, null, "Authorization", "Bearer ops-token");

        assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Disposition")).hasValue("attachment; "
                + "filename=\"dirsync-audit-acme_x__filename_evil.exe__.csv\"; "
                + "filename*=UTF-8''dirsync-audit-acme%20x%3B%20filename%3Devil.exe%20%C3%A9.csv");
        // containers refuse CR/LF in a path, but a host may call with any id: they never reach the header
        assertThat(AuditHandler.attachment("a\"b\\c\r\nX-Injected: 1.csv")).isEqualTo(
                "attachment; filename=\"abcX-Injected__1.csv\"; filename*=UTF-8''abcX-Injected%3A%201.csv");
    }

    @Test
    void aGracePeriodBeyondTenYearsIsRefusedWith400AndTenYearsIsAccepted() throws Exception {
        start(false, b -> b);

        HttpResponse<String> huge = http.send("PUT", API + "/settings",
                "{\"deactivation\":{\"policy\":\"grace\",\"graceDays\":3000000}}", "Authorization", "Bearer ops-token",
                "Content-Type", "application/json");
        HttpResponse<String> over = http.send("PUT", API + "/settings",
                "{\"deactivation\":{\"policy\":\"grace\",\"graceDays\":3651}}", "Authorization", "Bearer ops-token",
                "Content-Type", "application/json");
        HttpResponse<String> tenYears = http.send("PUT", API + "/settings",
                "{\"deactivation\":{\"policy\":\"grace\",\"graceDays\":3650}}", "Authorization", "Bearer ops-token",
                "Content-Type", "application/json");

        assertThat(huge.statusCode()).isEqualTo(400);
        assertThat(over.statusCode()).isEqualTo(400);
        assertThat(over.body()).contains("\"field\":\"deactivation.graceDays\"").contains("from 0 to 3650");
        assertThat(tenYears.statusCode()).as(tenYears.body()).isEqualTo(200);
        assertThat(sync.organization("acme").orElseThrow().settings().gracePeriod()).isEqualTo(Duration.ofDays(3650));
    }
}
