package dev.dirsync.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DeactivationPolicy;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.model.SoleAdminPolicy;
import dev.dirsync.core.spi.AdminAccess;
import dev.dirsync.core.spi.AdminDecision;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.testkit.RecordingRevokers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Two admins editing the same organization over real HTTP: settings and mappings carry an ETag; a stale If-Match is 412. */
class AdminApiSettingsVersionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORG = "/dirsync/api/organizations/acme";

    private final InMemoryUserStore users = new InMemoryUserStore();
    private final RecordingRevokers host = new RecordingRevokers();
    private final DirectorySync sync = DirectorySync.builder().stateStore(new InMemoryStateStore()).userStore(users)
            .sessionRevoker(host).apiKeyRevoker(host).notifier(host).build();
    // API clients with bearer tokens and no cookies: writes need no CSRF token
    private final AdminAccess access = r -> r.header().apply("Authorization") == null
            ? AdminDecision.unauthenticated("sign in first")
            : AdminDecision.allow(r.header().apply("Authorization").substring("Bearer ".length()));
    private JettyHarness http;

    @BeforeEach
    void start() throws Exception {
        sync.createOrganization("acme", "Acme");
        users.addLocalUser("acme", "founder@acme.test", true, "admin", Instant.parse("2024-01-01T00:00:00Z"));
        http = new JettyHarness(Map.of("/dirsync/api/*", new AdminApiServlet(sync, access)));
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
    }

    private HttpResponse<String> send(String admin, String method, String path, String body, String... extra)
            throws Exception {
        List<String> h = new ArrayList<>(List.of("Authorization", "Bearer " + admin));
        if (body != null) {
            h.addAll(List.of("Content-Type", "application/json"));
        }
        h.addAll(List.of(extra));
        return http.send(method, ORG + path, body, h.toArray(String[]::new));
    }

    private static String etag(HttpResponse<String> r) {
        return r.headers().firstValue("ETag").orElseThrow(() -> new AssertionError("no ETag on " + r.uri()));
    }

    private OrganizationSettings settings() {
        return sync.organization("acme").orElseThrow().settings();
    }

    @Test
    void twoAdminsSavingDifferentFieldsFromTheSameVersionGetOneSuccessAndOne412AndNothingIsReverted() throws Exception {
        HttpResponse<String> aliceRead = send("alice", "GET", "/settings", null);
        HttpResponse<String> bobRead = send("bob", "GET", "/settings", null);
        assertThat(etag(aliceRead)).isEqualTo(etag(bobRead)).matches("\"\\d+\"");
        String version = etag(aliceRead);

        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<HttpResponse<String>> alice = pool.submit(() -> {
                go.await();
                return send("alice", "PUT", "/settings", "{\"soleAdmin\":\"auto_promote\"}", "If-Match", version);
            });
            Future<HttpResponse<String>> bob = pool.submit(() -> {
                go.await();
                return send("bob", "PUT", "/settings", "{\"deactivation\":{\"policy\":\"grace\",\"graceDays\":30}}",
                        "If-Match", version);
            });
            go.countDown();
            HttpResponse<String> a = alice.get();
            HttpResponse<String> b = bob.get();
            assertThat(List.of(a.statusCode(), b.statusCode())).containsExactlyInAnyOrder(200, 412);

            boolean aliceWon = a.statusCode() == 200;
            HttpResponse<String> lost = aliceWon ? b : a;
            JsonNode error = JSON.readTree(lost.body());
            assertThat(error.get("error").asText()).isEqualTo("precondition_failed");
            assertThat(error.get("message").asText()).contains("reload");
            assertThat(etag(lost)).as("the 412 names the version to reload").isNotEqualTo(version);

            OrganizationSettings now = settings();
            if (aliceWon) {
                assertThat(now.soleAdminPolicy()).isEqualTo(SoleAdminPolicy.AUTO_PROMOTE);
                assertThat(now.deactivationPolicy()).as("bob's refused change is not applied")
                        .isEqualTo(DeactivationPolicy.IMMEDIATE);
            } else {
                assertThat(now.deactivationPolicy()).isEqualTo(DeactivationPolicy.GRACE);
                assertThat(now.soleAdminPolicy()).as("alice's refused change is not applied")
                        .isEqualTo(SoleAdminPolicy.BLOCK);
            }

            // the loser reloads and saves again: both changes stand
            String loser = aliceWon ? "bob" : "alice";
            String retry = aliceWon ? "{\"deactivation\":{\"policy\":\"grace\",\"graceDays\":30}}"
                    : "{\"soleAdmin\":\"auto_promote\"}";
            String fresh = etag(send(loser, "GET", "/settings", null));
            assertThat(send(loser, "PUT", "/settings", retry, "If-Match", fresh).statusCode()).isEqualTo(200);
            assertThat(settings().soleAdminPolicy()).isEqualTo(SoleAdminPolicy.AUTO_PROMOTE);
            assertThat(settings().deactivationPolicy()).isEqualTo(DeactivationPolicy.GRACE);
            assertThat(settings().gracePeriod().toDays()).isEqualTo(30);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void withoutIfMatchEachChangeAppliesToTheCurrentSettingsSoNeitherRevertsTheOther() throws Exception {
        send("alice", "GET", "/settings", null);
        send("bob", "GET", "/settings", null);
        HttpResponse<String> a = send("alice", "PUT", "/settings", "{\"soleAdmin\":\"auto_promote\"}");
        HttpResponse<String> b = send("bob", "PUT", "/settings", "{\"deactivation\":{\"policy\":\"read_only\"}}");

        assertThat(a.statusCode()).isEqualTo(200);
        assertThat(b.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(b.body()).get("soleAdmin").asText()).as("bob's answer shows alice's change")
                .isEqualTo("auto_promote");
        assertThat(settings().soleAdminPolicy()).isEqualTo(SoleAdminPolicy.AUTO_PROMOTE);
        assertThat(settings().deactivationPolicy()).isEqualTo(DeactivationPolicy.READ_ONLY);
        assertThat(etag(b)).isEqualTo("\"" + sync.organization("acme").orElseThrow().settingsVersion() + "\"");
    }

    @Test
    void aMappingSavedFromAStaleGroupsListIs412AndTheOtherMappingStands() throws Exception {
        sync.accept(new SourceEvent.GroupCreated(meta(1), DirectoryGroup.of("g_eng", "dir", "Engineering")));
        sync.accept(new SourceEvent.GroupCreated(meta(2), DirectoryGroup.of("g_ops", "dir", "Operations")));
        sync.accept(new SourceEvent.UserCreated(meta(3), DirectoryUser.builder("bob", "dir").email("bob@acme.test")
                .build()));
        HttpResponse<String> list = send("alice", "GET", "/groups", null);
        String version = etag(list);
        assertThat(etag(send("bob", "GET", "/groups/g_ops/mapping", null))).isEqualTo(version);

        HttpResponse<String> alice = send("alice", "PUT", "/groups/g_eng/mapping", "{\"role\":\"admin\"}",
                "If-Match", version);
        HttpResponse<String> bob = send("bob", "PUT", "/groups/g_ops/mapping", "{\"workspaces\":[\"ops\"]}",
                "If-Match", version);

        assertThat(alice.statusCode()).isEqualTo(200);
        assertThat(etag(alice)).isNotEqualTo(version);
        assertThat(bob.statusCode()).isEqualTo(412);
        assertThat(JSON.readTree(bob.body()).get("error").asText()).isEqualTo("precondition_failed");
        assertThat(settings().groupMappings()).containsOnlyKeys("g_eng");
        JsonNode mapping = JSON.readTree(send("bob", "GET", "/groups/g_eng/mapping", null).body());
        assertThat(mapping.get("mapping").get("role").asText()).isEqualTo("admin");

        assertThat(send("bob", "PUT", "/groups/g_ops/mapping", "{\"workspaces\":[\"ops\"]}", "If-Match",
                etag(alice)).statusCode()).as("with the fresh version").isEqualTo(200);
        assertThat(settings().groupMappings()).containsOnlyKeys("g_eng", "g_ops");
    }

    @Test
    void anIfMatchThatIsNoSettingsVersionIs412AndAWildcardIsAccepted() throws Exception {
        HttpResponse<String> junk = send("alice", "PUT", "/settings", "{\"soleAdmin\":\"auto_promote\"}",
                "If-Match", "\"abc\"");
        assertThat(junk.statusCode()).isEqualTo(412);
        assertThat(settings().soleAdminPolicy()).isEqualTo(SoleAdminPolicy.BLOCK);
        assertThat(send("alice", "PUT", "/settings", "{\"soleAdmin\":\"auto_promote\"}", "If-Match", "*").statusCode())
                .isEqualTo(200);
        String current = etag(send("alice", "GET", "/settings", null));
        assertThat(send("alice", "PUT", "/settings", "{\"soleAdmin\":\"block\"}", "If-Match", "\"1\", " + current)
                .statusCode()).as("one of a list of tags matches").isEqualTo(200);
    }

    private static EventMeta meta(int n) {
        return new EventMeta("e" + n, "acme", "dir", Source.workos("Okta"), Instant.parse("2026-01-01T00:00:00Z").plusSeconds(n));
    }
}
