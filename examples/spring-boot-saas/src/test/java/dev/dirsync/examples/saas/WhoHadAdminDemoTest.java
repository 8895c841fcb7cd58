package dev.dirsync.examples.saas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dirsync.examples.saas.simulator.CompanySimulator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Who had admin at <instant>?" for every step of the company simulator's story: after each step the test notes
 * the instant and who the app itself says is admin (directory-managed users); once the story is over, the access
 * API asked about each of those instants must name exactly them, and the first instant (before anyone was
 * provisioned) nobody.
 */
@SpringBootTest(classes = SaasApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:saas_who_had_admin;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
                "dirsync.workos.webhook-secret=" + WhoHadAdminDemoTest.SECRET,
                "dirsync.demo.admin-token=" + WhoHadAdminDemoTest.TOKEN})
class WhoHadAdminDemoTest {
    static final String SECRET = "whsec_who_had_admin_test";
    static final String TOKEN = "who-had-admin-test-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theAccessApiAnswersWhoHadAdminAtEveryStepOfTheStory() throws Exception {
        URI base = URI.create("http://127.0.0.1:" + port);
        Map<Instant, Set<String>> adminsAt = new LinkedHashMap<>();
        List<String> steps = new ArrayList<>();
        adminsAt.put(Instant.now(), new TreeSet<>());
        new CompanySimulator(new CompanySimulator.Config(base, SECRET, TOKEN)).run(line -> {
            if (!line.matches("\\s*\\d+\\. .*")) {
                return;
            }
            try {
                // the step is done (the simulator prints it after the app answered); note who is admin now, as
                // dirsync applied it: a role raised by hand in the app is drift (the last step), not dirsync's doing
                Set<String> admins = directoryAdmins(base);
                admins.removeAll(adminsByHand(base));
                adminsAt.put(Instant.now(), admins);
                steps.add(line.strip());
                Thread.sleep(5); // distinct instants for distinct steps
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(steps).hasSize(10);
        assertThat(adminsByHand(base)).as("the last step's in-app admin, reported as drift").hasSize(1);
        List<Set<String>> distinct = adminsAt.values().stream().distinct().toList();
        assertThat(distinct).as("the story changes who is admin several times").hasSizeGreaterThanOrEqualTo(4);

        int step = 0;
        for (Map.Entry<Instant, Set<String>> e : adminsAt.entrySet()) {
            JsonNode page = get(base, "/dirsync/api/organizations/acme/access?role=admin&limit=1000&at="
                    + URLEncoder.encode(e.getKey().toString(), StandardCharsets.UTF_8));
            Set<String> answered = new TreeSet<>();
            page.path("people").forEach(p -> answered.add(p.path("appUserId").asText()));
            assertThat(answered).as("admins at %s (%s)", e.getKey(), step == 0 ? "before the story"
                    : steps.get(step - 1)).isEqualTo(e.getValue());
            assertThat(page.path("next").isNull()).isTrue();
            step++;
        }
        HttpResponse<String> bad = send(HttpRequest.newBuilder(base.resolve(
                "/dirsync/api/organizations/acme/access?at=last-tuesday")).header("Authorization", "Bearer " + TOKEN)
                .build());
        assertThat(bad.statusCode()).isEqualTo(400);
    }

    /** App users whose admin role the drift check found the app gave them, not the directory. */
    private Set<String> adminsByHand(URI base) throws Exception {
        Set<String> out = new TreeSet<>();
        get(base, "/dirsync/api/organizations/acme/drift").path("differences").forEach(d -> {
            if ("role".equals(d.path("field").asText()) && "admin".equals(d.path("appValue").asText())) {
                out.add(d.path("appUserId").asText());
            }
        });
        return out;
    }

    /** App users the directory manages (linked or provisioned) whose role in the app is admin. */
    private Set<String> directoryAdmins(URI base) throws Exception {
        Set<String> out = new TreeSet<>();
        get(base, "/api/users?organization=acme", null).forEach(u -> {
            if (u.path("externalId").asText("").startsWith("directory_user_") && "admin".equals(u.path("role").asText())) {
                out.add(u.path("id").asText());
            }
        });
        return out;
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

    private JsonNode get(URI base, String path) throws Exception {
        return get(base, path, "Bearer " + TOKEN);
    }

    private HttpResponse<String> send(HttpRequest r) throws Exception {
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }
}
