package dev.dirsync.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.spi.AdminAccess;
import dev.dirsync.core.spi.AdminDecision;
import dev.dirsync.core.spi.AdminRequest;
import dev.dirsync.core.state.StateStore;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.testkit.OutageStateStore;
import dev.dirsync.core.testkit.RecordingRevokers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin JSON API over real HTTP (embedded Jetty), with an AdminAccess keyed on a test header. */
class AdminApiServletTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/dirsync/api";

    private final InMemoryUserStore users = new InMemoryUserStore();
    private final RecordingRevokers host = new RecordingRevokers();
    private final OutageStateStore state = new OutageStateStore();
    private final DirectorySync sync = DirectorySync.builder().stateStore(state).userStore(users)
            .sessionRevoker(host).apiKeyRevoker(host).notifier(host).build();
    // alice administers acme; root administers everything and operates the platform; anyone else is signed in but
    // not allowed. An API client: a bearer token, no cookies, so writes need no CSRF token
    private final AdminAccess access = new AdminAccess() {
        @Override
        public AdminDecision decide(AdminRequest r) {
            String user = user(r);
            if (user == null) {
                return AdminDecision.unauthenticated("sign in first");
            }
            if (user.equals("root") || (user.equals("alice") && "acme".equals(r.organizationId()))) {
                return AdminDecision.allow(user + "@acme.test");
            }
            return AdminDecision.deny(user + " may not administer " + r.organizationId());
        }

        @Override
        public AdminDecision decidePlatform(AdminRequest r) {
            return "root".equals(user(r)) ? AdminDecision.allow("root@acme.test") : AdminAccess.super.decidePlatform(r);
        }

        private @org.jspecify.annotations.Nullable String user(AdminRequest r) {
            String auth = r.header().apply("Authorization");
            return auth == null || !auth.startsWith("Bearer ") ? null : auth.substring(7);
        }
    };
    private JettyHarness http;
    private final AtomicInteger seq = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        sync.createOrganization("acme", "Acme");
        users.addLocalUser("acme", "founder@acme.test", true, "admin", Instant.parse("2024-01-01T00:00:00Z"));
        http = new JettyHarness(Map.of(API + "/*", new AdminApiServlet(sync, access)));
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
    }

    private HttpResponse<String> as(String user, String method, String path, String body) throws Exception {
        return body == null ? http.send(method, API + path, null, "Authorization", "Bearer " + user)
                : http.send(method, API + path, body, "Authorization", "Bearer " + user, "Content-Type", "application/json");
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private void event(SourceEvent e) {
        sync.accept(e);
    }

    private EventMeta meta() {
        int n = seq.incrementAndGet();
        return new EventMeta("e" + n, "acme", "dir", Source.workos("Okta"), Instant.parse("2026-01-01T00:00:00Z").plusSeconds(n));
    }

    private void seedDirectory() {
        event(new SourceEvent.GroupCreated(meta(), DirectoryGroup.of("g_eng", "dir", "Engineering")));
        for (String u : new String[]{"bob", "carol", "dan"}) {
            event(new SourceEvent.UserCreated(meta(), DirectoryUser.builder(u, "dir").email(u + "@acme.test")
                    .givenName(u).build()));
        }
        event(new SourceEvent.UserAddedToGroup(meta(), "bob", "g_eng"));
        event(new SourceEvent.UserAddedToGroup(meta(), "carol", "g_eng"));
    }

    @Test
    void withoutIdentityTheApiAnswers401AndForAnotherOrganization403() throws Exception {
        assertThat(http.send("GET", API + "/organizations/acme/settings", null).statusCode()).isEqualTo(401);
        sync.createOrganization("globex", "Globex");
        HttpResponse<String> r = as("alice", "GET", "/organizations/globex/settings", null);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(json(r).get("error").asText()).isEqualTo("forbidden");
        assertThat(as("alice", "GET", "/organizations", null).statusCode()).as("cross-organization list").isEqualTo(403);
    }

    @Test
    void withoutAnAdminAccessEverythingIsDenied() throws Exception {
        try (JettyHarness closed = new JettyHarness(Map.of(API + "/*", new AdminApiServlet(sync, AdminAccess.DENY_ALL)))) {
            HttpResponse<String> r = closed.send("GET", API + "/organizations/acme", null, "Authorization", "Bearer root");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("admin access is not configured");
        }
    }

    @Test
    void organizationsAreCreatedListedAndDuplicatesRefused() throws Exception {
        HttpResponse<String> created = as("root", "POST", "/organizations",
                "{\"id\":\"initech\",\"name\":\"Initech\",\"workosOrganizationId\":\"org_01H\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/dirsync/api/organizations/initech");
        assertThat(json(created).get("workosOrganizationId").asText()).isEqualTo("org_01H");

        assertThat(as("root", "POST", "/organizations", "{\"id\":\"initech\"}").statusCode()).isEqualTo(409);
        HttpResponse<String> bad = as("root", "POST", "/organizations", "{\"id\":\"no spaces\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("field").asText()).isEqualTo("id");
        assertThat(json(as("root", "GET", "/organizations", null)).get("organizations"))
                .extracting(n -> n.get("id").asText()).containsExactly("acme", "initech");
    }

    @Test
    void settingsAreReadAndChangedWithClearErrorsForBadValues() throws Exception {
        JsonNode s = json(as("alice", "GET", "/organizations/acme/settings", null));
        assertThat(s.get("mode").asText()).isEqualTo("active");
        assertThat(s.get("deactivation").get("policy").asText()).isEqualTo("immediate");

        HttpResponse<String> bad = as("alice", "PUT", "/organizations/acme/settings", "{\"soleAdmin\":\"maybe\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("field").asText()).isEqualTo("soleAdmin");
        assertThat(json(bad).get("message").asText()).contains("block", "auto_promote");
        HttpResponse<String> unknown = as("alice", "PUT", "/organizations/acme/settings", "{\"colour\":\"red\"}");
        assertThat(json(unknown).get("message").asText()).contains("unknown settings field 'colour'");
        HttpResponse<String> badRole = as("alice", "PUT", "/organizations/acme/settings", "{\"defaultRole\":\"guest\"}");
        assertThat(badRole.statusCode()).isEqualTo(400);
        assertThat(json(badRole).get("message").asText()).contains("defaultRole 'guest' is not in rolePrecedence");

        HttpResponse<String> ok = as("alice", "PUT", "/organizations/acme/settings",
                "{\"deactivation\":{\"policy\":\"grace\",\"graceDays\":14},\"soleAdmin\":\"auto_promote\"}");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(sync.organization("acme").orElseThrow().settings().gracePeriod().toDays()).isEqualTo(14);
        JsonNode audit = json(as("alice", "GET", "/organizations/acme/audit?action=settings_changed", null));
        assertThat(audit.get("entries").get(0).get("actor").asText()).isEqualTo("alice@acme.test via the admin console");
        assertThat(audit.get("entries").get(0).get("after").get("deactivationPolicy").asText()).isEqualTo("GRACE");
    }

    @Test
    void anAttributeMappedTwiceOrTwoAttributesIntoOneFieldAreRefusedNotResolvedByOrder() throws Exception {
        var before = sync.organization("acme").orElseThrow().settings().attributeMappings();
        HttpResponse<String> twice = as("alice", "PUT", "/organizations/acme/settings",
                "{\"attributeMappings\":{\"title\":\"job\",\"title\":\"role_title\"}}");
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(json(twice).get("message").asText()).contains("Duplicate field 'title'");
        HttpResponse<String> oneField = as("alice", "PUT", "/organizations/acme/settings",
                "{\"attributeMappings\":{\"department\":\"team\",\"division\":\"Team\"}}");
        assertThat(oneField.statusCode()).isEqualTo(400);
        assertThat(json(oneField).get("field").asText()).isEqualTo("attributeMappings");
        assertThat(json(oneField).get("message").asText()).contains("'department'", "'division'", "'Team'");
        assertThat(sync.organization("acme").orElseThrow().settings().attributeMappings()).isEqualTo(before);
    }

    @Test
    void writesMustBeJsonSoAFormCannotForgeThem() throws Exception {
        HttpResponse<String> r = http.send("POST", API + "/organizations/acme/pause", "mode=paused",
                "Authorization", "Bearer alice", "Content-Type", "application/x-www-form-urlencoded");
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(sync.organization("acme").orElseThrow().settings().mode().name()).isEqualTo("ACTIVE");
    }

    @Test
    void groupsShowMemberCountsAndMappingsAndAMappingIsPreviewedThenApplied() throws Exception {
        seedDirectory();
        JsonNode groups = json(as("alice", "GET", "/organizations/acme/groups", null)).get("groups");
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).get("memberCount").asInt()).isEqualTo(2);
        assertThat(groups.get(0).get("mapping").isNull()).isTrue();

        JsonNode preview = json(as("alice", "POST", "/organizations/acme/groups/mapping-preview",
                "{\"mappings\":{\"g_eng\":{\"role\":\"admin\",\"workspaces\":[\"engineering\"]}}}"));
        assertThat(preview.get("changes")).extracting(c -> c.get("user").asText() + " " + c.get("action").asText())
                .containsExactlyInAnyOrder("bob@acme.test role_changed", "bob@acme.test workspace_added",
                        "carol@acme.test role_changed", "carol@acme.test workspace_added");
        assertThat(users.byDirectoryUser(new DirectoryUserKey("acme", "dir", "bob")).orElseThrow().role)
                .as("preview saves nothing").isEqualTo("member");

        HttpResponse<String> put = as("alice", "PUT", "/organizations/acme/groups/g_eng/mapping",
                "{\"role\":\"admin\",\"workspaces\":[\"engineering\"]}");
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(users.byDirectoryUser(new DirectoryUserKey("acme", "dir", "bob")).orElseThrow().role).isEqualTo("admin");
        assertThat(json(as("alice", "GET", "/organizations/acme/groups", null)).get("groups").get(0).get("mapping")
                .get("role").asText()).isEqualTo("admin");

        HttpResponse<String> bad = as("alice", "PUT", "/organizations/acme/groups/g_eng/mapping", "{\"role\":\"god\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("message").asText()).contains("'god'");
    }

    @Test
    void usersAreSearchedAndPagedWithTheirProjectedState() throws Exception {
        seedDirectory();
        JsonNode all = json(as("alice", "GET", "/organizations/acme/users?limit=2", null));
        assertThat(all.get("total").asInt()).isEqualTo(3);
        assertThat(all.get("users")).hasSize(2);
        JsonNode carol = json(as("alice", "GET", "/organizations/acme/users?q=CAROL", null));
        assertThat(carol.get("total").asInt()).isEqualTo(1);
        assertThat(carol.get("users").get(0).get("projected").get("role").asText()).isEqualTo("member");
        assertThat(as("alice", "GET", "/organizations/acme/users?limit=0", null).statusCode()).isEqualTo(400);
    }

    @Test
    void testModeCollectsPendingChangesUntilActivated() throws Exception {
        assertThat(json(as("alice", "POST", "/organizations/acme/test", "{}")).get("mode").asText()).isEqualTo("test");
        seedDirectory();
        JsonNode preview = json(as("alice", "GET", "/organizations/acme/preview", null));
        assertThat(preview.get("pending")).hasSize(3);
        assertThat(users.rows("acme")).hasSize(1); // only the founder

        JsonNode activated = json(as("alice", "POST", "/organizations/acme/activate", "{}"));
        assertThat(activated.get("mode").asText()).isEqualTo("active");
        assertThat(activated.get("changes")).extracting(c -> c.get("action").asText())
                .containsOnly("user_provisioned");
        assertThat(users.rows("acme")).hasSize(4);
    }

    @Test
    void theAuditExportsAsCsvWithSpreadsheetFormulasNeutralized() throws Exception {
        event(new SourceEvent.UserCreated(meta(), DirectoryUser.builder("evil", "dir").email("evil@acme.test")
                .formattedName("=HYPERLINK(\"http://x\",\"click\")").build()));

        HttpResponse<String> csv = as("alice", "GET", "/organizations/acme/audit.csv", null);

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).startsWith("id,at,actor,action");
        assertThat(lines).hasSize(2);
        assertThat(lines[1]).contains("user_provisioned").contains("Okta via WorkOS Directory Sync");
        HttpResponse<String> jsonl = as("alice", "GET", "/organizations/acme/audit.jsonl?action=user_provisioned", null);
        assertThat(jsonl.body().lines()).hasSize(1);
        assertThat(JSON.readTree(jsonl.body().lines().findFirst().orElseThrow()).get("target").asText())
                .isEqualTo("evil@acme.test");
        assertThat(Csv.cell("=1+1")).isEqualTo("'=1+1");
        assertThat(Csv.cell("a,\"b\"")).isEqualTo("\"a,\"\"b\"\"\"");
    }

    @Test
    void badAuditFiltersAreExplained() throws Exception {
        HttpResponse<String> r = as("alice", "GET", "/organizations/acme/audit?since=yesterday", null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("message").asText()).contains("ISO-8601");
        HttpResponse<String> a = as("alice", "GET", "/organizations/acme/audit?action=hacked", null);
        assertThat(json(a).get("message").asText()).contains("unknown audit action 'hacked'");
    }

    @Test
    void unknownResourcesAndMethodsGetJsonErrors() throws Exception {
        assertThat(as("alice", "GET", "/organizations/acme/nothing", null).statusCode()).isEqualTo(404);
        assertThat(as("alice", "DELETE", "/organizations/acme/settings", "{}").statusCode()).isEqualTo(405);
        HttpResponse<String> missing = as("root", "GET", "/organizations/nope", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("message").asText()).isEqualTo("no organization 'nope'");
    }

    @Test
    void aDatabaseOutageAnswers503WithRetryAfter() throws Exception {
        state.down(true);
        HttpResponse<String> r = as("alice", "GET", "/organizations/acme/settings", null);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(r.body()).doesNotContain("Exception");
    }

    @Test
    void theHealthListsDirectoriesWithTheirLastEvent() throws Exception {
        seedDirectory();
        JsonNode dirs = json(as("alice", "GET", "/organizations/acme/health", null)).get("directories");
        assertThat(dirs).hasSize(1);
        assertThat(dirs.get(0).get("provider").asText()).isEqualTo("Okta");
        assertThat(dirs.get(0).get("state").asText()).isEqualTo("active");
        assertThat(dirs.get(0).get("lastEventAt").isNull()).isFalse();
    }
}
