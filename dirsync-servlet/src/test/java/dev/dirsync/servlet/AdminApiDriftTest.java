package dev.dirsync.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.spi.AdminAccess;
import dev.dirsync.core.spi.AdminDecision;
import dev.dirsync.core.spi.AppAccess;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.testkit.RecordingRevokers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drift endpoints over real HTTP: list with keyset paging, check, restore one and all; a browser write without
 * the CSRF token, test mode and a host without {@code currentAccess} are refused with what to do.
 */
class AdminApiDriftTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORG = "/dirsync/api/organizations/acme";
    private static final String[] API_CLIENT = {"Authorization", "Bearer ops-token"};

    private final InMemoryUserStore users = new InMemoryUserStore();
    private final RecordingRevokers host = new RecordingRevokers();
    private final InMemoryStateStore state = new InMemoryStateStore();
    private final DirectorySync sync = DirectorySync.builder().stateStore(state).userStore(users)
            .sessionRevoker(host).apiKeyRevoker(host).notifier(host).build();
    private final AdminAccess access = r -> AdminDecision.allow("ops@acme.test");
    private JettyHarness http;
    private int seq;

    @BeforeEach
    void start() throws Exception {
        sync.createOrganization("acme", "Acme");
        users.addLocalUser("acme", "founder@acme.test", true, "admin", Instant.parse("2024-01-01T00:00:00Z"));
        for (String id : new String[]{"ann", "ben", "cat"}) {
            sync.accept(new SourceEvent.UserCreated(new EventMeta("e" + (++seq), "acme", "dir", Source.scim("Okta"),
                    Instant.now()), DirectoryUser.builder(id, "dir").email(id + "@acme.test").build()));
            users.setRole(users.byDirectoryUser(new DirectoryUserKey("acme", "dir", id)).orElseThrow().id, "admin");
        }
        http = new JettyHarness(Map.of("/dirsync/api/*", new AdminApiServlet(sync, access)));
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
    }

    private JsonNode call(String method, String path, int status) throws Exception {
        HttpResponse<String> r = http.send(method, ORG + path, null, API_CLIENT);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    @Test
    void driftIsCheckedListedPagedAndRestoredPerPersonThenForEveryone() throws Exception {
        assertThat(call("GET", "/drift", 200).get("open").asInt()).isZero();

        JsonNode check = call("POST", "/drift/check", 200);
        assertThat(check.get("found").asInt()).isEqualTo(3);
        assertThat(check.get("open").asInt()).isEqualTo(3);

        JsonNode first = call("GET", "/drift?limit=2", 200);
        assertThat(first.get("driftPolicy").asText()).isEqualTo("report");
        assertThat(first.get("differences")).extracting(d -> d.get("directoryUserId").asText())
                .containsExactly("ann", "ben");
        assertThat(first.at("/differences/0/appValue").asText()).isEqualTo("admin");
        assertThat(first.at("/differences/0/directoryValue").asText()).isEqualTo("member");
        JsonNode next = first.get("next");
        JsonNode second = call("GET", "/drift?limit=2&afterDirectory=" + next.get("afterDirectory").asText()
                + "&afterUser=" + next.get("afterUser").asText(), 200);
        assertThat(second.get("differences")).extracting(d -> d.get("directoryUserId").asText()).containsExactly("cat");

        JsonNode one = call("POST", "/drift/dir/ben/restore", 200);
        assertThat(one.get("changes")).extracting(c -> c.get("action").asText()).containsExactly("drift_corrected");
        assertThat(one.get("open").asInt()).isEqualTo(2);
        assertThat(users.byDirectoryUser(new DirectoryUserKey("acme", "dir", "ben")).orElseThrow().role)
                .isEqualTo("member");

        assertThat(call("POST", "/drift/restore", 200).get("open").asInt()).isZero();
        assertThat(call("GET", "/drift?resolved=true", 200).get("differences")).hasSize(3);
    }

    @Test
    void badPagingTestModeAndABrowserWriteWithoutTheCsrfTokenAreRefused() throws Exception {
        call("POST", "/drift/check", 200);

        assertThat(call("GET", "/drift?afterDirectory=dir", 400).get("field").asText()).isEqualTo("afterUser");
        HttpResponse<String> browser = http.send("POST", ORG + "/drift/restore", null, "Cookie", "host_session=x");
        assertThat(browser.statusCode()).isEqualTo(403);
        assertThat(browser.body()).contains("csrf");
        sync.startTest("acme", Source.admin("ops@acme.test"));
        assertThat(call("POST", "/drift/dir/ann/restore", 409).get("message").asText()).contains("test mode");
        assertThat(users.byDirectoryUser(new DirectoryUserKey("acme", "dir", "ann")).orElseThrow().role)
                .as("nothing changed").isEqualTo("admin");
    }

    @Test
    void aHostWithoutCurrentAccessIsToldDriftDetectionIsOff() throws Exception {
        InMemoryUserStore plain = new InMemoryUserStore() {
            @Override
            public Map<String, AppAccess> currentAccess(String organizationId, Set<String> appUserIds) {
                throw new UnsupportedOperationException("as the UserStore default");
            }
        };
        DirectorySync other = DirectorySync.builder().stateStore(state).userStore(plain).sessionRevoker(host)
                .apiKeyRevoker(host).build();
        http.close();
        http = new JettyHarness(Map.of("/dirsync/api/*", new AdminApiServlet(other, access)));

        JsonNode r = call("POST", "/drift/check", 409);
        assertThat(r.get("error").asText()).isEqualTo("not_supported");
        assertThat(r.get("message").asText()).contains("currentAccess");
    }
}
