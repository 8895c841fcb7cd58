package dev.dirsync.examples.saas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dirsync.examples.saas.simulator.CompanySimulator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the company simulator against the demo app on a random port and checks the story's end state through the
 * app's own API and dirsync's audit API, independently of what the simulator printed.
 */
@SpringBootTest(classes = SaasApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:saas_simulator;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
                "dirsync.workos.webhook-secret=" + CompanySimulatorTest.SECRET,
                "dirsync.demo.admin-token=" + CompanySimulatorTest.TOKEN})
class CompanySimulatorTest {
    static final String SECRET = "whsec_simulator_test";
    static final String TOKEN = "simulator-test-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theSimulatedCompanyEndsInTheStateItsStoryTells() throws Exception {
        URI base = URI.create("http://127.0.0.1:" + port);
        List<String> printed = new ArrayList<>();
        CompanySimulator.Story story = new CompanySimulator(new CompanySimulator.Config(base, SECRET, TOKEN))
                .run(printed::add);
        assertThat(printed).anyMatch(l -> l.contains("refused, she stays active admin"));

        Map<String, JsonNode> users = new HashMap<>();
        get(base, "/api/users?organization=acme", null).forEach(u -> users.put(u.path("id").asText(), u));
        assertThat(users).hasSize(51); // the founder, linked, plus 50 hires: no duplicate account

        JsonNode founder = users.get("usr_founder");
        assertThat(story.founderId()).isEqualTo("usr_founder");
        assertThat(founder.path("externalId").asText()).startsWith("directory_user_");
        assertThat(founder.path("role").asText()).isEqualTo("member");

        JsonNode dana = users.get(story.danaId());
        assertThat(dana.path("email").asText()).isEqualTo("dana.whitfield@acme.test");
        assertThat(dana.path("status").asText()).isEqualTo("active");
        assertThat(dana.path("role").asText()).isEqualTo("admin");
        assertThat(dana.path("activeSessions").asInt()).isEqualTo(1); // the blocked deactivation revoked nothing

        for (String leaver : List.of(story.liamId(), story.miaId())) {
            JsonNode u = users.get(leaver);
            assertThat(u.path("status").asText()).as(u.toString()).isEqualTo("deactivated");
            assertThat(u.path("activeSessions").asInt()).as(u.toString()).isZero();
            assertThat(u.path("activeApiKeys").asInt()).as(u.toString()).isZero();
        }

        assertThat(users.values().stream().filter(u -> u.path("role").asText().equals("viewer")).count()).isEqualTo(5);
        JsonNode engineer = users.values().stream()
                .filter(u -> "Software Engineer".equals(u.path("title").asText())).findFirst().orElseThrow();
        assertThat(engineer.path("department").asText()).isEqualTo("Engineering");
        assertThat(engineer.path("workspaces").toString()).isEqualTo("[\"engineering\"]");

        assertThat(audit(base, "user_provisioned").path("total").asInt()).isEqualTo(50);
        assertThat(audit(base, "user_linked").path("total").asInt()).isEqualTo(1);
        assertThat(audit(base, "user_deactivated").path("total").asInt()).isEqualTo(2);
        JsonNode blocked = audit(base, "deactivation_blocked");
        assertThat(blocked.path("total").asInt()).isEqualTo(1);
        assertThat(blocked.at("/entries/0/targetAppUserId").asText()).isEqualTo(story.danaId());

        JsonNode notices = get(base, "/api/notices?organization=acme", null);
        List<String> kinds = new ArrayList<>();
        notices.forEach(n -> kinds.add(n.path("kind").asText()));
        assertThat(kinds).contains("deactivation_blocked", "user_deactivated");
        assertThat(kinds.stream().filter("drift_detected"::equals).count()).as("told once").isEqualTo(1);

        // the story's last step: a role raised by hand in the app shows as drift and is restored by one call
        assertThat(printed).anyMatch(l -> l.contains("role is admin in the app, member in the directory"));
        assertThat(users.get(story.raisedId()).path("role").asText()).isEqualTo("admin");
        JsonNode drift = get(base, "/dirsync/api/organizations/acme/drift", "Bearer " + TOKEN);
        assertThat(drift.path("open").asInt()).isEqualTo(1);
        JsonNode d = drift.path("differences").get(0);
        assertThat(d.path("directoryUserId").asText()).isEqualTo(story.raisedDirectoryUserId());
        assertThat(d.path("appUserId").asText()).isEqualTo(story.raisedId());
        assertThat(d.path("field").asText()).isEqualTo("role");
        assertThat(d.path("appValue").asText()).isEqualTo("admin");
        assertThat(d.path("directoryValue").asText()).isEqualTo("member");

        HttpResponse<String> restored = send(HttpRequest.newBuilder(base.resolve("/dirsync/api/organizations/acme/drift/"
                        + d.path("directoryId").asText() + "/" + story.raisedDirectoryUserId() + "/restore"))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build());

        assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
        assertThat(get(base, "/dirsync/api/organizations/acme/drift", "Bearer " + TOKEN).path("open").asInt()).isZero();
        users.clear();
        get(base, "/api/users?organization=acme", null).forEach(u -> users.put(u.path("id").asText(), u));
        assertThat(users.get(story.raisedId()).path("role").asText()).isEqualTo("member");
        assertThat(users.values().stream().filter(u -> u.path("role").asText().equals("admin")).count()).isEqualTo(1);
        assertThat(audit(base, "drift_corrected").path("total").asInt()).isEqualTo(1);
    }

    @Test
    void theAdminApiNeedsTheDemoTokenOrTheSignInCookie() throws Exception {
        URI base = URI.create("http://127.0.0.1:" + port);
        String audit = "/dirsync/api/organizations/acme/audit";
        assertThat(send(HttpRequest.newBuilder(base.resolve(audit)).build()).statusCode()).isEqualTo(401);
        assertThat(send(HttpRequest.newBuilder(base.resolve(audit)).header("Authorization", "Bearer wrong").build())
                .statusCode()).isEqualTo(401);

        HttpResponse<String> signIn = send(HttpRequest.newBuilder(base.resolve("/signin"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN)).build());
        assertThat(signIn.statusCode()).isEqualTo(303);
        String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        assertThat(send(HttpRequest.newBuilder(base.resolve(audit)).header("Cookie", cookie).build()).statusCode())
                .isEqualTo(200);
    }

    private JsonNode audit(URI base, String action) throws Exception {
        return get(base, "/dirsync/api/organizations/acme/audit?action=" + action, "Bearer " + TOKEN);
    }

    private JsonNode get(URI base, String path, String auth) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(base.resolve(path));
        if (auth != null) {
            r.header("Authorization", auth);
        }
        HttpResponse<String> resp = send(r.build());
        assertThat(resp.statusCode()).as(path + ": " + resp.body()).isEqualTo(200);
        return JSON.readTree(resp.body());
    }

    private HttpResponse<String> send(HttpRequest r) throws Exception {
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }
}
