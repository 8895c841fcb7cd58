package dev.dirsync.examples.saas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.spring.boot.DirsyncCustomizer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Acme's admins find in the demo's inbox ({@code GET /api/notices}) besides the offboarding notices: an alert
 * when the directory goes silent, once, another when it speaks again, and the daily summary once switched on.
 */
@SpringBootTest(classes = {SaasApplication.class, AdminNoticesDemoTest.Time.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:saas_notices;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
                "dirsync.demo.admin-token=" + AdminNoticesDemoTest.TOKEN,
                "dirsync.alerts.check-interval=1h"})
class AdminNoticesDemoTest {
    static final String TOKEN = "notices-test-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The engine's clock, moved by the test so a week of silence takes no time. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-03-02T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Time {
        @Bean
        MovableClock movableClock() {
            return new MovableClock();
        }

        @Bean
        DirsyncCustomizer engineClock(MovableClock clock) {
            return new DirsyncCustomizer() {
                @Override
                public void customize(DirectorySync.Builder builder) {
                    builder.clock(clock);
                }
            };
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    DirectorySync sync;
    @Autowired
    MovableClock clock;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(String method, String path, String body, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void push(String scimToken, String email) throws Exception {
        HttpResponse<String> created = send("POST", "/scim/v2/Users", """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "%s", "active": true,
                 "name": {"givenName": "Test", "familyName": "Person"},
                 "emails": [{"primary": true, "type": "work", "value": "%s"}]}
                """.formatted(email, email), scimToken);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    /** The inbox's notices of these kinds, oldest first. */
    private List<JsonNode> inbox(String... kinds) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode n : JSON.readTree(send("GET", "/api/notices?organization=acme", null, null).body())) {
            if (List.of(kinds).contains(n.path("kind").asText())) {
                out.add(n);
            }
        }
        return out;
    }

    @Test
    void acmesAdminsAreToldWhenSyncGoesStaleWhenItRecoversAndWhatChangedYesterday() throws Exception {
        HttpResponse<String> issued = send("POST", "/dirsync/api/organizations/acme/scim-credentials",
                "{\"provider\":\"Okta\",\"directoryId\":\"okta\"}", TOKEN);
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        String scim = JSON.readTree(issued.body()).path("token").asText();
        push(scim, "ada.lovelace@acme.test");
        sync.checkHealth();
        assertThat(inbox("sync_stale", "sync_broken", "sync_recovered")).as("healthy: nothing to say").isEmpty();

        clock.advance(Duration.ofDays(8));
        sync.checkHealth();
        sync.checkHealth();
        List<JsonNode> alerts = inbox("sync_stale", "sync_broken", "sync_recovered");
        assertThat(alerts).as("told once").hasSize(1);
        assertThat(alerts.get(0).path("kind").asText()).isEqualTo("sync_stale");
        assertThat(alerts.get(0).path("message").asText()).startsWith("Directory Sync for " + DemoCompany.NAME
                + " is stale: Okta directory okta has sent nothing since").contains("What to do:");

        push(scim, "grace.hopper@acme.test");
        sync.checkHealth();
        assertThat(inbox("sync_stale", "sync_broken", "sync_recovered")).extracting(n -> n.path("kind").asText())
                .containsExactly("sync_stale", "sync_recovered");

        HttpResponse<String> on = send("PUT", "/dirsync/api/organizations/acme/settings", "{\"dailySummary\":true}", TOKEN);
        assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
        assertThat(JSON.readTree(send("GET", "/dirsync/api/organizations/acme/settings", null, TOKEN).body())
                .path("dailySummary").asBoolean()).isTrue();
        Instant nextMorning = clock.instant().plus(Duration.ofDays(1));
        sync.sendDailySummaries(nextMorning);
        sync.sendDailySummaries(nextMorning.plus(Duration.ofHours(2)));
        List<JsonNode> summaries = inbox("daily_summary");
        assertThat(summaries).as("once a day").hasSize(1);
        assertThat(summaries.get(0).path("message").asText())
                .startsWith("Directory Sync for " + DemoCompany.NAME + " on 2026-03-10 (UTC): ")
                .contains("grace.hopper@acme.test was added as member, via Okta")
                .contains("Policies changed: dailySummary false → true, by ")
                .doesNotContain("ada.lovelace");
    }
}
