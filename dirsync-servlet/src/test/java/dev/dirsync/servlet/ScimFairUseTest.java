package dev.dirsync.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.testkit.OutageStateStore;
import dev.dirsync.core.testkit.RecordingRevokers;
import dev.dirsync.servlet.scim.ScimQuotas;
import jakarta.servlet.http.HttpServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a SCIM client may spend, over real HTTP: a /Bulk costs its operations, unknown tokens are limited per client
 * address before the database is asked, and each organization has quotas on what it holds.
 */
class ScimFairUseTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCIM = "/scim/v2";

    private final OutageStateStore state = new OutageStateStore();
    private final InMemoryUserStore users = new InMemoryUserStore();
    private final RecordingRevokers host = new RecordingRevokers();
    private final DirectorySync sync = DirectorySync.builder().stateStore(state).userStore(users)
            .sessionRevoker(host).apiKeyRevoker(host).notifier(host).build();
    private JettyHarness http;
    private String acme;
    private String globex;

    private void start(boolean behindProxy, UnaryOperator<DirsyncServlets.Builder> configure) throws Exception {
        sync.createOrganization("acme", "Acme");
        sync.createOrganization("globex", "Globex");
        acme = sync.issueScimCredential("acme", "okta", "Okta", Source.admin("admin@acme.test")).token();
        globex = sync.issueScimCredential("globex", "okta", "Okta", Source.admin("admin@globex.test")).token();
        Map<String, HttpServlet> servlets = configure.apply(DirsyncServlets.builder(sync).scim()).build().mounts()
                .stream().collect(Collectors.toMap(DirsyncServlets.Mount::urlPattern, DirsyncServlets.Mount::servlet));
        http = new JettyHarness(servlets, behindProxy);
    }

    @AfterEach
    void stop() throws Exception {
        if (http != null) {
            http.close();
        }
    }

    private HttpResponse<String> scim(String token, String method, String path, String body, String... extra)
            throws Exception {
        List<String> h = new ArrayList<>(List.of("Authorization", "Bearer " + token));
        if (body != null) {
            h.addAll(List.of("Content-Type", "application/scim+json"));
        }
        h.addAll(List.of(extra));
        return http.send(method, SCIM + path, body, h.toArray(String[]::new));
    }

    private static String user(String name) {
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","active":true,
                 "emails":[{"value":"%s","primary":true}]}""".formatted(name, name);
    }

    private static String bulk(int operations, String prefix) {
        StringBuilder ops = new StringBuilder();
        for (int i = 0; i < operations; i++) {
            ops.append(i == 0 ? "" : ",").append("{\"method\":\"POST\",\"path\":\"/Users\",\"bulkId\":\"b").append(i)
                    .append("\",\"data\":").append(user(prefix + i + "@acme.test")).append('}');
        }
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"],\"Operations\":[" + ops + "]}";
    }

    private String created(String token, String path, String body) throws Exception {
        HttpResponse<String> r = scim(token, "POST", path, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).get("id").asText();
    }

    @Test
    void aBulkCostsOneTokenPerOperationNotOnePerRequest() throws Exception {
        start(false, b -> b.scimRateLimit(10, 0.001));

        HttpResponse<String> eight = scim(acme, "POST", "/Bulk", bulk(8, "first"));
        HttpResponse<String> three = scim(acme, "POST", "/Bulk", bulk(3, "second"));
        HttpResponse<String> read = scim(acme, "GET", "/Users?count=1", null);
        HttpResponse<String> tooBig = scim(globex, "POST", "/Bulk", bulk(11, "big"));

        assertThat(eight.statusCode()).as(eight.body()).isEqualTo(200);
        assertThat(users.rows("acme")).hasSize(8);
        assertThat(three.statusCode()).as("8 of 10 operations spent: 3 more are too many").isEqualTo(429);
        assertThat(three.headers().firstValue("Retry-After")).isPresent();
        assertThat(JSON.readTree(three.body()).get("scimType").asText()).isEqualTo("tooMany");
        assertThat(read.statusCode()).as("a request costs one of the two left").isEqualTo(200);
        assertThat(tooBig.statusCode()).as("more operations than the token may ever spend at once").isEqualTo(413);
        assertThat(tooBig.body()).contains("at most 10 operations");
        assertThat(users.rows("acme")).hasSize(8);
        assertThat(users.rows("globex")).isEmpty();
    }

    @Test
    void unknownTokensPastTheirAddressBudgetAre429BeforeTheDatabaseIsAsked() throws Exception {
        start(true, b -> b.unauthenticatedRateLimit(3, 0.001));
        for (int i = 0; i < 3; i++) {
            assertThat(scim("dsync_scim_guess" + i, "GET", "/Users", null, "X-Forwarded-For", "198.51.100.1")
                    .statusCode()).isEqualTo(401);
        }

        state.down(true);
        HttpResponse<String> limited = scim("dsync_scim_guess", "GET", "/Users", null, "X-Forwarded-For", "198.51.100.1");
        HttpResponse<String> looked = scim("dsync_scim_guess", "GET", "/Users", null, "X-Forwarded-For", "198.51.100.7");
        state.down(false);

        assertThat(limited.statusCode()).as("answered without the database, which is down").isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(JSON.readTree(limited.body()).get("scimType").asText()).isEqualTo("tooMany");
        assertThat(looked.statusCode()).as("an address within its budget does ask the database").isEqualTo(503);
    }

    @Test
    void aValidTokenIsNotStarvedByAFloodOfBadOnesFromAnotherAddress() throws Exception {
        start(true, b -> b.unauthenticatedRateLimit(3, 0.001));
        assertThat(scim(globex, "GET", "/Users", null, "X-Forwarded-For", "198.51.100.1").statusCode()).isEqualTo(200);
        int refused = 0;
        for (int i = 0; i < 50; i++) {
            if (scim("dsync_scim_flood" + i, "GET", "/Users", null, "X-Forwarded-For", "198.51.100.1")
                    .statusCode() == 429) {
                refused++;
            }
        }

        HttpResponse<String> newFromThere = scim(acme, "GET", "/Users", null, "X-Forwarded-For", "198.51.100.1");
        HttpResponse<String> elsewhere = scim(acme, "GET", "/Users", null, "X-Forwarded-For", "198.51.100.2");
        HttpResponse<String> knownFromThere = scim(globex, "GET", "/Users", null, "X-Forwarded-For", "198.51.100.1");
        HttpResponse<String> nowKnownFromThere = scim(acme, "GET", "/Users", null, "X-Forwarded-For", "198.51.100.1");

        assertThat(refused).isEqualTo(47);
        assertThat(elsewhere.statusCode()).isEqualTo(200);
        assertThat(knownFromThere.statusCode()).as("a token that authenticated before still gets through").isEqualTo(200);
        assertThat(newFromThere.statusCode()).as("a token not yet seen, from the flooding address, waits")
                .isEqualTo(429);
        assertThat(nowKnownFromThere.statusCode()).as("once it authenticated elsewhere").isEqualTo(200);
    }

    @Test
    void anOrganizationPastItsQuotasGets403NamingTheQuotaWhileAnotherOrganizationWritesOn() throws Exception {
        start(false, b -> b.scimQuotas(new ScimQuotas(3, 1, 2)));
        String u1 = created(acme, "/Users", user("u1@acme.test"));
        String u2 = created(acme, "/Users", user("u2@acme.test"));
        String u3 = created(acme, "/Users", user("u3@acme.test"));
        String group = created(acme, "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"Eng\",\"members\":[{\"value\":\"" + u1 + "\"},{\"value\":\"" + u2 + "\"}]}");

        HttpResponse<String> fourthUser = scim(acme, "POST", "/Users", user("u4@acme.test"));
        HttpResponse<String> secondGroup = scim(acme, "POST", "/Groups",
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"Ops\"}");
        HttpResponse<String> thirdMember = scim(acme, "PATCH", "/Groups/" + group,
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"add\","
                        + "\"path\":\"members\",\"value\":[{\"value\":\"" + u3 + "\"}]}]}");
        HttpResponse<String> inBulk = scim(acme, "POST", "/Bulk", bulk(2, "bulk"));
        HttpResponse<String> otherOrganization = scim(globex, "POST", "/Users", user("g1@globex.test"));

        assertThat(fourthUser.statusCode()).isEqualTo(403);
        JsonNode error = JSON.readTree(fourthUser.body());
        assertThat(error.get("detail").asText()).contains("holds 3 users").contains("quota is 3");
        assertThat(error.has("scimType")).as("RFC 7644 defines scimType for 400 only").isFalse();
        assertThat(secondGroup.statusCode()).isEqualTo(403);
        assertThat(secondGroup.body()).contains("groups");
        assertThat(thirdMember.statusCode()).isEqualTo(403);
        assertThat(thirdMember.body()).contains("group memberships");
        assertThat(inBulk.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(inBulk.body()).get("Operations").findValuesAsText("status")).containsOnly("403");
        assertThat(otherOrganization.statusCode()).as("quotas are per organization").isEqualTo(201);
        assertThat(sync.directory("acme").counts().users()).isEqualTo(3);
        assertThat(sync.directory("acme").counts().memberships()).isEqualTo(2);
    }
}
