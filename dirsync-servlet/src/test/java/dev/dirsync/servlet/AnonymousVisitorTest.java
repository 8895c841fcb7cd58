package dev.dirsync.servlet;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.audit.AuditQuery;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.spi.AdminAccess;
import dev.dirsync.core.spi.AdminDecision;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.testkit.RecordingRevokers;
import jakarta.servlet.http.HttpServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A visitor the host does not allow gets no page and changes nothing: 401 signed out, 403 signed in elsewhere. */
class AnonymousVisitorTest {
    private static final List<String> PAGES = List.of("/dirsync", "/dirsync/orgs/acme", "/dirsync/orgs/acme/users",
            "/dirsync/orgs/acme/users/dir/bob", "/dirsync/orgs/acme/groups", "/dirsync/orgs/acme/settings",
            "/dirsync/orgs/acme/audit", "/dirsync/orgs/acme/setup");
    private static final String API = "/dirsync/api/organizations/acme";
    /** Every form and button of the UI, as the API calls they make. */
    private static final List<String[]> FORMS = List.of(
            new String[]{"POST", API + "/scim-credentials", "{\"provider\":\"Okta\"}"},
            new String[]{"DELETE", API + "/scim-credentials/ID", null},
            new String[]{"POST", API + "/setup-link", "{}"},
            new String[]{"POST", API + "/test", null},
            new String[]{"POST", API + "/pause", null},
            new String[]{"POST", API + "/resume", null},
            new String[]{"POST", API + "/activate", null},
            new String[]{"POST", API + "/sync", "{}"},
            new String[]{"PUT", API + "/settings", "{\"soleAdmin\":\"auto_promote\"}"},
            new String[]{"POST", API + "/groups/mapping-preview", "{\"mappings\":{\"g_eng\":{\"role\":\"admin\"}}}"},
            new String[]{"PUT", API + "/groups/g_eng/mapping", "{\"role\":\"admin\",\"workspaces\":[\"x\"]}"},
            new String[]{"GET", API + "/status", null},
            new String[]{"GET", API + "/catalog", null},
            new String[]{"GET", API + "/audit.csv", null});

    private final InMemoryUserStore users = new InMemoryUserStore();
    private final RecordingRevokers host = new RecordingRevokers();
    private final DirectorySync sync = DirectorySync.builder().stateStore(new InMemoryStateStore()).userStore(users)
            .sessionRevoker(host).apiKeyRevoker(host).notifier(host).build();
    private final AdminAccess access = r -> {
        String cookie = r.header().apply("Cookie");
        if (cookie == null || !cookie.contains("host_session=")) {
            return AdminDecision.unauthenticated("sign in to the host app first");
        }
        return cookie.contains("host_session=alice") ? AdminDecision.allow("alice@acme.test")
                : AdminDecision.deny("only Acme's admins manage Acme's directory");
    };
    private JettyHarness http;
    private String credentialId;

    @BeforeEach
    void start() throws Exception {
        sync.createOrganization("acme", "Acme Inc.");
        sync.accept(new SourceEvent.GroupCreated(meta(1), DirectoryGroup.of("g_eng", "dir", "Engineering")));
        sync.accept(new SourceEvent.UserCreated(meta(2), DirectoryUser.builder("bob", "dir").email("bob@acme.test")
                .givenName("Bob").familyName("Secret").build()));
        credentialId = sync.issueScimCredential("acme", "scim", "Okta", Source.admin("alice@acme.test")).credential().id();
        Map<String, HttpServlet> servlets = new LinkedHashMap<>();
        DirsyncServlets.builder(sync).adminApi(access).adminUi("/dirsync").build().mounts()
                .forEach(m -> servlets.put(m.urlPattern(), m.servlet()));
        http = new JettyHarness(servlets);
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
    }

    private static EventMeta meta(int n) {
        return new EventMeta("e" + n, "acme", "dir", Source.workos("Okta"), Instant.parse("2026-01-01T00:00:00Z").plusSeconds(n));
    }

    /** Everything a change could touch, to compare before and after. */
    private String state() {
        var o = sync.organization("acme").orElseThrow();
        return o.settingsVersion() + "|" + o.settings() + "|" + sync.scimCredentials("acme") + "|"
                + sync.directory("acme").audit(AuditQuery.of("acme")).total() + "|" + users.rows("acme");
    }

    @Test
    void aSignedOutVisitorGetsNoPageAndChangesNothing() throws Exception {
        visit(401, new String[0]);
    }

    @Test
    void anAdminTheHostDeniesGets403OnEveryPageAndFormAndChangesNothing() throws Exception {
        visit(403, new String[]{"Cookie", "host_session=mallory; dirsync_csrf=x", "X-CSRF-Token", "x"});
    }

    private void visit(int expected, String[] headers) throws Exception {
        String before = state();
        for (String page : PAGES) {
            HttpResponse<String> r = http.send("GET", page, null, headers);
            assertThat(r.statusCode()).as(page).isEqualTo(expected);
            assertThat(r.body()).as(page).doesNotContain("bob@acme.test").doesNotContain("Secret")
                    .doesNotContain("Engineering").doesNotContain("dirsync.js");
            assertThat(r.headers().allValues("Set-Cookie")).as(page + ": no CSRF cookie for a stranger").isEmpty();
        }
        for (String[] f : FORMS) {
            String[] h = headers;
            if (f[2] != null) {
                h = java.util.stream.Stream.concat(java.util.Arrays.stream(headers),
                        java.util.stream.Stream.of("Content-Type", "application/json")).toArray(String[]::new);
            }
            HttpResponse<String> r = http.send(f[0], f[1].replace("ID", credentialId), f[2], h);
            assertThat(r.statusCode()).as(f[0] + " " + f[1]).isEqualTo(expected);
            assertThat(r.body()).as(f[1]).doesNotContain("bob@acme.test").doesNotContain("token\"");
        }
        assertThat(state()).as("nothing changed").isEqualTo(before);
    }
}
