package dev.dirsync.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.audit.AuditEntry;
import dev.dirsync.core.audit.AuditQuery;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.spi.AdminAccess;
import dev.dirsync.core.spi.AdminDecision;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.testkit.MutableClock;
import dev.dirsync.core.testkit.RecordingRevokers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET .../access?at=} and {@code access.csv} over real HTTP: who had which role at an instant. */
class AdminApiAccessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORG = "/dirsync/api/organizations/acme";
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryUserStore users = new InMemoryUserStore(clock);
    private final RecordingRevokers host = new RecordingRevokers();
    private final DirectorySync sync = DirectorySync.builder().stateStore(new InMemoryStateStore()).userStore(users)
            .clock(clock).sessionRevoker(host).apiKeyRevoker(host).notifier(host).build();
    private final AdminAccess access = r -> r.organizationId() == null || r.organizationId().equals("acme")
            ? AdminDecision.allow("ops@acme.test") : AdminDecision.deny("not your organization");
    private int seq;
    private JettyHarness http;

    @BeforeEach
    void start() throws Exception {
        sync.createOrganization("acme", "Acme");
        sync.createOrganization("other", "Other");
        sync.updateSettings("acme", sync.organization("acme").orElseThrow().settings()
                .withGroupMapping(GroupMapping.role("g_admins", "admin"))
                .withGroupMapping(GroupMapping.workspaces("g_eng", "engineering")), Source.admin("ops@acme.test"));
        http = new JettyHarness(Map.of("/dirsync/api/*", new AdminApiServlet(sync, access)));
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
    }

    private void send(java.util.function.Function<EventMeta, SourceEvent> e) {
        clock.advance(Duration.ofHours(1));
        seq++;
        sync.accept(e.apply(new EventMeta("e" + seq, "acme", "dir", Source.workos("Okta"), clock.instant())));
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send("GET", ORG + path, null);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static List<String> people(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("people").forEach(n -> out.add(n.get("userId").asText()));
        return out;
    }

    @Test
    void whoHadAdminAtAnInstantWithTheAuditEntriesBehindIt() throws Exception {
        send(m -> new SourceEvent.GroupCreated(m, DirectoryGroup.of("g_admins", "dir", "Admins")));
        send(m -> new SourceEvent.GroupCreated(m, DirectoryGroup.of("g_eng", "dir", "Eng")));
        for (String u : List.of("ann", "bob", "cyd")) {
            send(m -> new SourceEvent.UserCreated(m, DirectoryUser.builder(u, "dir").email(u + "@acme.test")
                    .givenName(u).familyName("T").build()));
        }
        send(m -> new SourceEvent.UserAddedToGroup(m, "ann", "g_admins"));
        send(m -> new SourceEvent.UserAddedToGroup(m, "bob", "g_admins"));
        send(m -> new SourceEvent.UserAddedToGroup(m, "bob", "g_eng"));
        Instant tuesday = clock.instant().plusSeconds(60);
        send(m -> new SourceEvent.UserRemovedFromGroup(m, "bob", "g_admins"));
        Instant now = clock.instant();

        assertThat(people(get("/access?at=" + tuesday + "&role=admin"))).containsExactly("ann", "bob");
        assertThat(people(get("/access?at=" + now + "&role=admin"))).containsExactly("ann");
        assertThat(people(get("/access?at=" + tuesday + "&workspace=engineering"))).containsExactly("bob");
        assertThat(people(get("/access?at=" + T0))).isEmpty();

        JsonNode bob = get("/access?at=" + tuesday + "&role=admin").get("people").get(1);
        assertThat(bob.get("role").asText()).isEqualTo("admin");
        assertThat(bob.get("status").asText()).isEqualTo("active");
        assertThat(bob.get("email").asText()).isEqualTo("bob@acme.test");
        String roleEntry = bob.get("auditIds").get("role").asText();
        AuditEntry e = sync.audit(AuditQuery.of("acme").page(0, 1000)).entries().stream()
                .filter(x -> x.id().equals(roleEntry)).findFirst().orElseThrow();
        assertThat(e.targetDirectoryUserId()).isEqualTo("bob");
        assertThat(e.after()).containsEntry("role", "admin");

        // paging: the next cursor walks everyone once
        JsonNode first = get("/access?at=" + now + "&limit=2");
        assertThat(people(first)).containsExactly("ann", "bob");
        JsonNode second = get("/access?at=" + now + "&limit=2&after="
                + URLEncoder.encode(first.get("next").asText(), StandardCharsets.UTF_8));
        assertThat(people(second)).containsExactly("cyd");
        assertThat(second.get("next").isNull()).isTrue();

        HttpResponse<String> csv = http.send("GET", ORG + "/access.csv?at=" + tuesday + "&role=admin", null);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).startsWith("directory_id,user_id,app_user_id,email,role");
        assertThat(lines).hasSize(3);
        assertThat(lines[2]).startsWith("dir,bob,").contains(",admin,engineering,active,");
    }

    @Test
    void aMissingOrMalformedInstantIsA400ThatSaysWhatToSend() throws Exception {
        HttpResponse<String> missing = http.send("GET", ORG + "/access", null);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("at is required").contains("ISO-8601");
        HttpResponse<String> bad = http.send("GET", ORG + "/access?at=last-tuesday", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("at must be an ISO-8601 instant");
        assertThat(http.send("GET", ORG + "/access.csv?at=2026-13-01", null).statusCode()).isEqualTo(400);
        assertThat(http.send("GET", ORG + "/access?at=" + T0 + "&after=bm9zZXBhcmF0b3I", null).statusCode()).isEqualTo(400);
        assertThat(http.send("GET", "/dirsync/api/organizations/other/access?at=" + T0, null).statusCode())
                .as("AdminAccess decides, as for every other handler").isEqualTo(403);
    }
}
