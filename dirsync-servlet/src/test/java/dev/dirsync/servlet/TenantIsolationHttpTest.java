package dev.dirsync.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.spi.AdminAccess;
import dev.dirsync.core.spi.AdminDecision;
import dev.dirsync.core.spi.AdminRequest;
import dev.dirsync.core.spi.HostCatalog;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.testkit.RecordingRevokers;
import dev.dirsync.core.workos.WebhookVerifier;
import dev.dirsync.core.workos.WorkosConfig;
import dev.dirsync.core.workos.WorkosSource;
import dev.dirsync.core.workos.WorkosStandIn;
import jakarta.servlet.http.HttpServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenant isolation over real HTTP: no tenant captures another's WorkOS organization or directory (the capture of
 * issue 13 reproduced), organization admins never reach platform operations or other organizations, and settings
 * can only grant the host's declared roles and workspaces.
 */
class TenantIsolationHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "whsec_test_secret";
    private static final String ACME_WORKOS = "org_01HACME";
    private static final String ACME_DIRECTORY = "directory_01HACME";
    private static final String API = "/dirsync/api";

    private final WorkosStandIn workos = new WorkosStandIn();
    private final InMemoryUserStore users = new InMemoryUserStore();
    private final RecordingRevokers host = new RecordingRevokers();
    private final HostCatalog catalog = new HostCatalog() {
        @Override
        public Set<String> roles(String organizationId) {
            return new LinkedHashSet<>(List.of("admin", "member", "viewer"));
        }

        @Override
        public Set<String> workspaces(String organizationId) {
            return organizationId.equals("acme") ? new LinkedHashSet<>(List.of("engineering", "sales"))
                    : Set.of("globex-lab");
        }
    };
    private final DirectorySync sync = DirectorySync.builder().stateStore(new InMemoryStateStore()).userStore(users)
            .sessionRevoker(host).apiKeyRevoker(host).notifier(host).hostCatalog(catalog).build();
    /** "op" operates the platform; "<org>-admin" administers that organization only; anyone else is a stranger. */
    private final AdminAccess access = new AdminAccess() {
        @Override
        public AdminDecision decide(AdminRequest r) {
            String who = user(r);
            if (who == null) {
                return AdminDecision.unauthenticated("sign in first");
            }
            return who.equals("op") || who.equals(r.organizationId() + "-admin") ? AdminDecision.allow(who)
                    : AdminDecision.deny(who + " does not administer " + r.organizationId());
        }

        @Override
        public AdminDecision decidePlatform(AdminRequest r) {
            return "op".equals(user(r)) ? AdminDecision.allow("op") : AdminAccess.super.decidePlatform(r);
        }

        // an API client: a bearer token and no cookies, so its writes need no CSRF token
        private String user(AdminRequest r) {
            String auth = r.header().apply("Authorization");
            return auth == null || !auth.startsWith("Bearer ") ? null : auth.substring(7);
        }
    };
    private JettyHarness http;

    @BeforeEach
    void start() throws Exception {
        sync.createOrganization("acme", "Acme", ACME_WORKOS, OrganizationSettings.defaults()
                .withRoles(List.of("admin", "member", "viewer"), "member", "admin"));
        sync.createOrganization("globex", "Globex");
        WorkosSource source = WorkosSource.create(sync, WorkosConfig.builder().apiKey("sk_test")
                .apiBaseUrl(workos.baseUrl()).webhookSecret(SECRET).build());
        Map<String, HttpServlet> servlets = new LinkedHashMap<>();
        DirsyncServlets.builder(sync).workosWebhook(source).adminApi(access).adminUi("/dirsync").build().mounts()
                .forEach(m -> servlets.put(m.urlPattern(), m.servlet()));
        http = new JettyHarness(servlets);
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        workos.close();
    }

    private HttpResponse<String> as(String user, String method, String path, String body) throws Exception {
        return body == null ? http.send(method, API + path, null, "Authorization", "Bearer " + user)
                : http.send(method, API + path, body, "Authorization", "Bearer " + user, "Content-Type", "application/json");
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> deliver(String eventId, String userId, String email) throws Exception {
        String body = """
                {"object":"event","id":"%s","event":"dsync.user.created","created_at":"2026-03-02T09:05:00.000Z",
                 "data":{"object":"directory_user","id":"%s","idp_id":"00u1","directory_id":"%s",
                 "organization_id":"%s","email":"%s","first_name":"Bob","last_name":"Smith","state":"active",
                 "custom_attributes":{},"raw_attributes":{},"role":{"slug":"member"},
                 "created_at":"2026-03-02T09:05:00.000Z","updated_at":"2026-03-02T09:05:00.000Z"}}"""
                .formatted(eventId, userId, ACME_DIRECTORY, ACME_WORKOS, email);
        return http.send("POST", "/api/webhooks/workos", body, "Content-Type", "application/json",
                "WorkOS-Signature", WebhookVerifier.sign(body, SECRET, System.currentTimeMillis()));
    }

    // ---------------------------------------------------------------- the capture of issue 13

    @Test
    void creatingATenantWithAcmesWorkosOrganizationIs409AndAcmesNextUserStillLandsInAcme() throws Exception {
        assertThat(deliver("event_01", "directory_user_01", "ann@acme.test").statusCode()).isEqualTo(200);

        HttpResponse<String> capture = as("op", "POST", "/organizations",
                "{\"id\":\"-a\",\"name\":\"Attacker\",\"workosOrganizationId\":\"" + ACME_WORKOS + "\"}");

        assertThat(capture.statusCode()).as(capture.body()).isEqualTo(409);
        assertThat(json(capture).get("error").asText()).isEqualTo("conflict");
        assertThat(json(capture).get("message").asText()).contains(ACME_WORKOS + " is already linked to another "
                + "organization").doesNotContain("acme'").doesNotContain("Acme");
        assertThat(sync.organization("-a")).isEmpty();

        HttpResponse<String> next = deliver("event_02", "directory_user_02", "bob@acme.test");

        assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
        assertThat(users.byEmail("acme", "bob@acme.test")).isPresent();
        assertThat(users.rows("-a")).isEmpty();
        assertThat(sync.organizationByWorkosId(ACME_WORKOS).orElseThrow().id()).isEqualTo("acme");
    }

    @Test
    void linkingAnExistingTenantToAcmesWorkosOrganizationIs409() throws Exception {
        assertThat(as("op", "POST", "/organizations", "{\"id\":\"-a\"}").statusCode()).isEqualTo(201);

        HttpResponse<String> link = as("op", "POST", "/organizations/-a/workos-link",
                "{\"workosOrganizationId\":\"" + ACME_WORKOS + "\"}");

        assertThat(link.statusCode()).as(link.body()).isEqualTo(409);
        assertThat(link.body()).doesNotContain("\"acme\"").doesNotContain("'acme'");
        assertThat(sync.organization("-a").orElseThrow().workosOrganizationId()).isNull();
        HttpResponse<String> own = as("op", "POST", "/organizations/-a/workos-link",
                "{\"workosOrganizationId\":\"org_01HMINE\"}");
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(json(own).get("workosOrganizationId").asText()).isEqualTo("org_01HMINE");
    }

    @Test
    void aScimTokenForAcmesWorkosDirectoryIs409ButEveryTenantHasItsOwnScimDirectory() throws Exception {
        assertThat(deliver("event_01", "directory_user_01", "ann@acme.test").statusCode()).isEqualTo(200);

        HttpResponse<String> stolen = as("globex-admin", "POST", "/organizations/globex/scim-credentials",
                "{\"directoryId\":\"" + ACME_DIRECTORY + "\"}");

        assertThat(stolen.statusCode()).as(stolen.body()).isEqualTo(409);
        assertThat(stolen.body()).contains("already connected to another organization").doesNotContain("acme'");
        assertThat(as("globex-admin", "POST", "/organizations/globex/scim-credentials", null).statusCode()).isEqualTo(201);
        assertThat(as("acme-admin", "POST", "/organizations/acme/scim-credentials", null).statusCode()).isEqualTo(201);
    }

    @Test
    void forceSyncOfADirectoryWorkosListsUnderAnotherOrganizationIs409AndListsNothing() throws Exception {
        // globex received events of a directory WorkOS says is Acme's (say, written before tenant binding existed)
        sync.linkWorkosOrganization("globex", "org_01HGLOBEX", Source.admin("op"));
        workos.directories.put(ACME_DIRECTORY, WorkosStandIn.directory(ACME_DIRECTORY, ACME_WORKOS, "okta scim v2.0",
                "linked"));
        sync.accept(new SourceEvent.UserCreated(new EventMeta("e1", "globex", ACME_DIRECTORY, Source.workos("Okta"),
                Instant.parse("2026-03-01T00:00:00Z")), DirectoryUser.builder("u1", ACME_DIRECTORY).email("x@acme.test")
                .build()));

        HttpResponse<String> sync409 = as("globex-admin", "POST", "/organizations/globex/sync", "{}");

        assertThat(sync409.statusCode()).as(sync409.body()).isEqualTo(409);
        assertThat(json(sync409).get("message").asText()).contains("does not belong to the WorkOS organization linked "
                + "to organization 'globex'");
        assertThat(workos.count(r -> r.startsWith("GET /directory_users") || r.startsWith("GET /directory_groups")))
                .isZero();
    }

    // ---------------------------------------------------------------- platform versus organization admins

    @Test
    void anOrganizationAdminCannotListCreateOrLinkOrganizationsNorReachAnotherOrganization() throws Exception {
        assertThat(as("acme-admin", "GET", "/organizations", null).statusCode()).isEqualTo(403);
        assertThat(as("acme-admin", "POST", "/organizations", "{\"id\":\"evil\"}").statusCode()).isEqualTo(403);
        assertThat(as("acme-admin", "POST", "/organizations/acme/workos-link", "{\"workosOrganizationId\":\"org_x\"}")
                .statusCode()).as("even for its own organization: the binding is the platform's").isEqualTo(403);
        assertThat(as("acme-admin", "GET", "/organizations/globex/settings", null).statusCode()).isEqualTo(403);
        assertThat(as("acme-admin", "PUT", "/organizations/globex/settings", "{\"mode\":\"paused\"}").statusCode())
                .isEqualTo(403);
        assertThat(http.send("GET", "/dirsync/", null, "Authorization", "Bearer acme-admin").statusCode())
                .as("the UI's list of every organization").isEqualTo(403);
        assertThat(sync.organization("evil")).isEmpty();

        assertThat(as("acme-admin", "GET", "/organizations/acme/settings", null).statusCode()).isEqualTo(200);
        assertThat(http.send("GET", "/dirsync/orgs/acme", null, "Authorization", "Bearer acme-admin").statusCode()).isEqualTo(200);
        assertThat(as("acme-admin", "POST", "/organizations/acme/setup-link", null).statusCode())
                .as("an Admin Portal link for its own, already linked WorkOS organization stays the admin's")
                .isNotEqualTo(403);
        assertThat(http.send("GET", API + "/organizations", null).statusCode()).as("not signed in").isEqualTo(401);
        HttpResponse<String> list = as("op", "GET", "/organizations", null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(json(list).get("organizations")).hasSize(2);
        assertThat(http.send("GET", "/dirsync/", null, "Authorization", "Bearer op").statusCode()).isEqualTo(200);
    }

    @Test
    void aHostThatOnlyDecidesForOrganizationsGivesNobodyThePlatform() throws Exception {
        AdminAccess lambda = r -> AdminDecision.allow("anyone"); // a careless decide(): still no platform access
        try (JettyHarness other = new JettyHarness(Map.of(API + "/*", new AdminApiServlet(sync, lambda)))) {
            HttpResponse<String> r = other.send("GET", API + "/organizations", null);
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("reserved to the platform's operators");
            assertThat(other.send("GET", API + "/organizations/acme", null).statusCode()).isEqualTo(200);
        }
    }

    // ---------------------------------------------------------------- the host's catalog

    @Test
    void settingsAndMappingsOutsideTheHostCatalogAre400WithTheAllowedValues() throws Exception {
        HttpResponse<String> role = as("acme-admin", "PUT", "/organizations/acme/settings",
                "{\"rolePrecedence\":[\"superadmin\",\"admin\",\"member\",\"viewer\"],\"adminRole\":\"superadmin\"}");
        assertThat(role.statusCode()).as(role.body()).isEqualTo(400);
        assertThat(json(role).get("error").asText()).isEqualTo("invalid_field");
        assertThat(json(role).get("field").asText()).isIn("rolePrecedence", "adminRole");
        assertThat(json(role).get("allowed")).extracting(JsonNode::asText).containsExactly("admin", "member", "viewer");

        HttpResponse<String> ws = as("acme-admin", "PUT", "/organizations/acme/groups/g_eng/mapping",
                "{\"role\":\"member\",\"workspaces\":[\"globex-lab\"]}");
        assertThat(ws.statusCode()).as(ws.body()).isEqualTo(400);
        assertThat(json(ws).get("field").asText()).isEqualTo("mapping.workspaces");
        assertThat(json(ws).get("allowed")).extracting(JsonNode::asText).containsExactly("engineering", "sales");
        assertThat(json(ws).get("message").asText()).contains("'globex-lab'");

        HttpResponse<String> preview = as("acme-admin", "POST", "/organizations/acme/groups/mapping-preview",
                "{\"mappings\":{\"g_eng\":{\"workspaces\":[\"payroll\"]}}}");
        assertThat(preview.statusCode()).as(preview.body()).isEqualTo(400);
        assertThat(json(preview).get("field").asText()).isEqualTo("mappings.g_eng.workspaces");

        HttpResponse<String> settings = as("acme-admin", "PUT", "/organizations/acme/settings",
                "{\"groupMappings\":{\"g_eng\":{\"role\":\"viewer\",\"workspaces\":[\"sales\",\"hr\"]}}}");
        assertThat(settings.statusCode()).isEqualTo(400);
        assertThat(json(settings).get("field").asText()).isEqualTo("groupMappings.g_eng.workspaces");

        assertThat(sync.organization("acme").orElseThrow().settings().groupMappings()).isEmpty();
        assertThat(as("acme-admin", "PUT", "/organizations/acme/groups/g_eng/mapping",
                "{\"role\":\"viewer\",\"workspaces\":[\"engineering\"]}").statusCode()).isEqualTo(200);
    }

    @Test
    void theCatalogIsServedToTheOrganizationsAdminsAnd404WithoutOne() throws Exception {
        HttpResponse<String> r = as("acme-admin", "GET", "/organizations/acme/catalog", null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("roles")).extracting(JsonNode::asText).containsExactly("admin", "member", "viewer");
        assertThat(json(r).get("workspaces")).extracting(JsonNode::asText).containsExactly("engineering", "sales");
        assertThat(as("acme-admin", "GET", "/organizations/globex/catalog", null).statusCode()).isEqualTo(403);

        // globex keeps the default precedence (owner, admin, member, viewer): the policies page offers the host's roles
        String policies = http.send("GET", "/dirsync/orgs/globex/settings", null, "Authorization", "Bearer op").body();
        assertThat(policies).contains("This application's roles: admin, member, viewer")
                .contains("<option selected>member</option>").doesNotContain("<option>owner</option>");

        DirectorySync plain = DirectorySync.builder().stateStore(new InMemoryStateStore()).userStore(users)
                .sessionRevoker(host).apiKeyRevoker(host).build();
        plain.createOrganization("acme", "Acme");
        try (JettyHarness other = new JettyHarness(Map.of(API + "/*", new AdminApiServlet(plain, access)))) {
            assertThat(other.send("GET", API + "/organizations/acme/catalog", null, "Authorization", "Bearer acme-admin")
                    .statusCode()).isEqualTo(404);
        }
    }
}
