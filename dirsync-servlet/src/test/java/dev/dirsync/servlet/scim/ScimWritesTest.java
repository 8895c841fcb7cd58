package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.SourceVersion;
import dev.dirsync.core.model.UserStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** How SCIM writes reach the engine: atomic read-modify-write, ordering, bulk, and the sole-admin guard. */
class ScimWritesTest {
    private static final String DIR = "directory_okta";
    private ScimServer server;
    private ScimClient.Client okta;

    @BeforeEach
    void start() throws Exception {
        server = new ScimServer(b -> b.scim().scimRateLimit(10_000, 10_000));
        okta = server.client("Okta", DIR);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private String user(String name) {
        ScimClient.Answer a = okta.post("/Users", """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "%s@acme.test",
                 "emails": [{"value": "%s@acme.test", "type": "work", "primary": true}], "active": true}
                """.formatted(name, name));
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json().path("id").asText();
    }

    private String group(String name) {
        ScimClient.Answer a = okta.post("/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"" + name + "\"}");
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json().path("id").asText();
    }

    private static String addMember(String userId) {
        return """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "add", "path": "members", "value": [{"value": "%s"}]}]}
                """.formatted(userId);
    }

    @Test
    void concurrentPatchesOfOneGroupLoseNoMember() throws Exception {
        String g = group("Everyone");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(user("u" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<ScimClient.Answer>> answers = new ArrayList<>();
            for (String id : ids) {
                answers.add(pool.submit(() -> okta.patch("/Groups/" + g, addMember(id))));
            }
            for (Future<ScimClient.Answer> a : answers) {
                assertThat(a.get().status()).as(a.get().toString()).isIn(200, 204);
            }
        } finally {
            pool.shutdownNow();
        }
        Set<String> members = new HashSet<>();
        okta.get("/Groups/" + g).json().path("members").forEach(m -> members.add(m.path("value").asText()));
        assertThat(members).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void writesInTheSameInstantAreOrderedByTheirEventIds() {
        // the test clock does not move: every write below has the same receipt time
        String id = user("ann");
        List<String> versions = new ArrayList<>();
        for (String title : List.of("One", "Two", "Three")) {
            ScimClient.Answer a = okta.patch("/Users/" + id, """
                    {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                     "Operations": [{"op": "replace", "path": "title", "value": "%s"}]}
                    """.formatted(title));
            assertThat(a.status()).as(a.toString()).isEqualTo(200);
            versions.add(a.header("ETag"));
        }
        assertThat(okta.get("/Users/" + id).json().path("title").asText()).isEqualTo("Three");
        assertThat(new HashSet<>(versions)).hasSize(3);
        assertThat(server.sync.directoryUsers(ScimHost.ORG).get(0).version().time())
                .isEqualTo(server.clock.instant());
    }

    @Test
    void aVersionNeverFallsBehindTheMirrorEvenWhenAnotherInstanceWonTheSameMicrosecond() {
        Instant t = Instant.parse("2026-03-02T09:00:00.000001Z");
        Versions v = new Versions("acme", DIR, Source.scim("Okta"), t);
        SourceVersion otherInstance = new SourceVersion(t, "scim:ffffffff-ffff-7fff-bfff-ffffffffffff");
        EventMeta next = v.next(otherInstance);
        assertThat(otherInstance.isOlderThan(next.version())).isTrue();
        assertThat(next.occurredAt()).isEqualTo(t.plusNanos(1000));
        EventMeta after = v.next();
        assertThat(next.version().isOlderThan(after.version())).isTrue();
        SourceVersion older = new SourceVersion(t.minusSeconds(1), "x");
        assertThat(new Versions("acme", DIR, Source.scim("Okta"), t).next(older).occurredAt()).isEqualTo(t);
    }

    @Test
    void bulkResolvesBulkIdsAndStopsAfterFailOnErrors() {
        ScimClient.Answer a = okta.post("/Bulk", """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "failOnErrors": 1,
                 "Operations": [
                   {"method": "POST", "path": "/Users", "bulkId": "ann",
                    "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "ann@acme.test",
                             "active": "True", "password": "secret"}},
                   {"method": "POST", "path": "/Groups", "bulkId": "eng",
                    "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Eng",
                             "members": [{"type": "User", "value": "bulkId:ann"}]}},
                   {"method": "POST", "path": "/Users", "bulkId": "dup",
                    "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "ANN@acme.test"}},
                   {"method": "POST", "path": "/Users", "bulkId": "never",
                    "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "zed@acme.test"}}]}
                """);
        // RFC 7644 §3.7.3: stopped after failOnErrors errors, 200 with the operations done and the error
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:BulkResponse");
        JsonNode ops = a.json().path("Operations");
        assertThat(ops.size()).as(a.toString()).isEqualTo(3);
        assertThat(ops.get(0).path("status").asText()).isEqualTo("201");
        assertThat(ops.get(1).path("status").asText()).isEqualTo("201");
        assertThat(ops.get(2).path("status").asText()).isEqualTo("409");
        assertThat(ops.get(2).path("bulkId").asText()).isEqualTo("dup");
        assertThat(ops.get(2).path("response").path("scimType").asText()).isEqualTo("uniqueness");
        String annId = ops.get(0).path("location").asText().replaceAll(".*/", "");
        String engLocation = ops.get(1).path("location").asText();
        JsonNode eng = okta.get(engLocation.substring(engLocation.indexOf("/Groups"))).json();
        assertThat(eng.path("members").get(0).path("value").asText()).isEqualTo(annId);
        assertThat(server.hostRow(DIR, annId)).isPresent();
        assertThat(okta.get("/Users?filter=" + ScimClient.q("userName eq \"zed@acme.test\"")).json()
                .path("totalResults").asInt()).as("failOnErrors=1 stops after the first error").isZero();
    }

    @Test
    void deactivatingTheSoleAdminIsRefusedWithWhatTheCustomersAdminMustDo() {
        String admins = group("App Admins");
        server.sync.updateSettings(ScimHost.ORG, server.sync.organization(ScimHost.ORG).orElseThrow().settings()
                .withGroupMapping(GroupMapping.role(admins, "admin")), Source.admin("owner@acme.test"));
        String boss = user("boss");
        assertThat(okta.patch("/Groups/" + admins, addMember(boss)).status()).isIn(200, 204);
        assertThat(server.hostRow(DIR, boss).orElseThrow().role).isEqualTo("admin");
        String deactivate = """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "path": "active", "value": false}]}
                """;

        ScimClient.Answer refused = okta.patch("/Users/" + boss, deactivate);
        GenericRfcClientTest.assertError(refused, 409, null);
        assertThat(refused.json().path("detail").asText()).contains("another person an admin");
        assertThat(server.hostRow(DIR, boss).orElseThrow().status).isEqualTo(UserStatus.ACTIVE);
        GenericRfcClientTest.assertError(okta.patch("/Users/" + boss, deactivate), 409, null);

        String heir = user("heir");
        okta.patch("/Groups/" + admins, addMember(heir));
        assertThat(server.hostRow(DIR, boss).orElseThrow().status).isEqualTo(UserStatus.DEACTIVATED);
        assertThat(okta.patch("/Users/" + boss, deactivate).status()).isEqualTo(200);
    }

    @Test
    void deletingAUserDeactivatesItInTheHostAndTakesItOutOfItsGroups() {
        String g = group("Eng");
        String ann = user("ann");
        okta.patch("/Groups/" + g, addMember(ann));
        String before = okta.get("/Groups/" + g).header("ETag");

        assertThat(okta.delete("/Users/" + ann).status()).isEqualTo(204);

        assertThat(okta.get("/Users/" + ann).status()).isEqualTo(404);
        assertThat(okta.get("/Groups/" + g).json().path("members").size()).isZero();
        assertThat(okta.get("/Groups/" + g).header("ETag")).isNotEqualTo(before);
        assertThat(server.hostRow(DIR, ann).orElseThrow().status).isNotEqualTo(UserStatus.ACTIVE);
        assertThat(server.sync.audit(dev.dirsync.core.audit.AuditQuery.of(ScimHost.ORG)).entries())
                .anySatisfy(e -> assertThat(e.actor()).isEqualTo("Okta via SCIM"));
    }
}
