package dev.dirsync.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.spi.AdminAccess;
import dev.dirsync.core.spi.AdminDecision;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.testkit.MutableClock;
import dev.dirsync.core.testkit.RecordingRevokers;
import jakarta.servlet.http.HttpServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin UI's pages over HTTP: users a page at a time, groups with member counts, the API's health words. */
class AdminUiPagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final Pattern USER_ROW = Pattern.compile("<span class=\"muted\">(u\\d{3})@acme.test</span>");

    private final InMemoryUserStore users = new InMemoryUserStore();
    private final RecordingRevokers host = new RecordingRevokers();
    private final MutableClock clock = new MutableClock(T0);
    private final DirectorySync sync = DirectorySync.builder().stateStore(new InMemoryStateStore()).userStore(users)
            .clock(clock).sessionRevoker(host).apiKeyRevoker(host).notifier(host).build();
    private final AdminAccess access = r -> AdminDecision.allow("alice@acme.test");
    private JettyHarness http;
    private int seq;

    @BeforeEach
    void start() throws Exception {
        sync.createOrganization("acme", "Acme");
        users.addLocalUser("acme", "founder@acme.test", true, "admin", Instant.parse("2024-01-01T00:00:00Z"));
        sync.accept(new SourceEvent.GroupCreated(meta(), DirectoryGroup.of("g_eng", "dir", "Engineering")));
        for (int i = 0; i < 120; i++) {
            String id = String.format("u%03d", i);
            sync.acceptToMirror(new SourceEvent.UserCreated(meta(), DirectoryUser.builder(id, "dir")
                    .email(id + "@acme.test").givenName("User").familyName(id).build()));
            if (i % 40 == 0) {
                sync.acceptToMirror(new SourceEvent.UserAddedToGroup(meta(), id, "g_eng"));
            }
        }
        sync.reproject("acme");
        Map<String, HttpServlet> servlets = new LinkedHashMap<>();
        DirsyncServlets.builder(sync).adminApi(access).adminUi("/dirsync").build().mounts()
                .forEach(m -> servlets.put(m.urlPattern(), m.servlet()));
        http = new JettyHarness(servlets);
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
    }

    private EventMeta meta() {
        return new EventMeta("e" + (++seq), "acme", "dir", Source.workos("Okta"), T0.plusMillis(seq));
    }

    private String page(String path) throws Exception {
        HttpResponse<String> r = http.send("GET", path, null);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    private static int rows(String html) {
        int n = 0;
        for (Matcher m = USER_ROW.matcher(html); m.find(); ) {
            n++;
        }
        return n;
    }

    private static String link(String html, String rel) {
        Matcher m = Pattern.compile("<a rel=\"" + rel + "\" href=\"([^\"]+)\"").matcher(html);
        return m.find() ? m.group(1).replace("&amp;", "&") : null;
    }

    @Test
    void theUsersPageShowsFiftyAtATimeWithNextAndPreviousLinks() throws Exception {
        String first = page("/dirsync/orgs/acme/users");
        assertThat(rows(first)).isEqualTo(50);
        assertThat(first).contains("1–50 of 120 users").contains("u000@acme.test").doesNotContain("u050@acme.test");
        assertThat(link(first, "prev")).isNull();

        String second = page(link(first, "next"));
        assertThat(rows(second)).isEqualTo(50);
        assertThat(second).contains("51–100 of 120 users").contains("u050@acme.test");
        String third = page(link(second, "next"));
        assertThat(third).contains("101–120 of 120 users").contains("u119@acme.test");
        assertThat(link(third, "next")).isNull();
        assertThat(page(link(third, "prev"))).contains("51–100 of 120 users");
    }

    @Test
    void theUsersPageSearchesInTheStoreAndKeepsTheSearchWhilePaging() throws Exception {
        String found = page("/dirsync/orgs/acme/users?q=U007");
        assertThat(rows(found)).isEqualTo(1);
        assertThat(found).contains("u007@acme.test").contains("value=\"U007\"");

        String many = page("/dirsync/orgs/acme/users?q=u0");
        assertThat(many).contains("1–50 of 100 users");
        assertThat(link(many, "next")).contains("q=u0").contains("offset=50");

        HttpResponse<String> bad = http.send("GET", "/dirsync/orgs/acme/users?status=gone", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("expected one of");
    }

    @Test
    void theGroupsPageShowsMemberCountsLinkingToTheMembers() throws Exception {
        String groups = page("/dirsync/orgs/acme/groups");
        Matcher m = Pattern.compile("<a href=\"([^\"]+)\">(\\d+)</a>").matcher(groups);
        assertThat(m.find()).isTrue();
        assertThat(m.group(2)).isEqualTo("3");
        String members = page(m.group(1).replace("&amp;", "&"));
        assertThat(rows(members)).isEqualTo(3);
        assertThat(members).contains("u000@acme.test", "u040@acme.test", "u080@acme.test");
    }

    @Test
    void theOverviewShowsTheSameHealthStatusReasonAndActionAsTheApi() throws Exception {
        clock.advance(Duration.ofDays(10));
        JsonNode api = JSON.readTree(http.send("GET", "/dirsync/api/organizations/acme/health", null).body());
        assertThat(api.get("status").asText()).isEqualTo("stale");

        String overview = page("/dirsync/orgs/acme");

        assertThat(overview).contains("<span id=\"health-status\"><span class=\"pill stale\">stale</span></span>")
                .contains("<span id=\"health-reason\">" + Html.esc(api.get("reason").asText()) + "</span>")
                .contains("<span id=\"health-action\">" + Html.esc(api.get("action").asText()) + "</span>")
                .contains(">120</div>");
    }
}
