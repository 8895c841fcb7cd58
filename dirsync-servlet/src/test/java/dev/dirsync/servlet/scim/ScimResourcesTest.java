package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.dirsync.servlet.scim.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/** What a resource says about its relations, which paths are resources, and /Bulk as RFC 7644 §3.7 describes it. */
class ScimResourcesTest {
    private static final String DIR = "directory_resources";
    private ScimServer server;
    private ScimClient.Client client;

    @BeforeEach
    void start() throws Exception {
        server = new ScimServer(b -> b.scim().scimRateLimit(10_000, 10_000));
        client = server.client("Generic SCIM", DIR);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private String user(String name) {
        ScimClient.Answer a = client.post("/Users", """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "%s"}""".formatted(name));
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json().path("id").asText();
    }

    private String group(String name, String... members) {
        StringBuilder m = new StringBuilder();
        for (String id : members) {
            m.append(m.length() == 0 ? "" : ",").append("{\"value\":\"").append(id).append("\"}");
        }
        ScimClient.Answer a = client.post("/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"" + name + "\",\"members\":[" + m + "]}");
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json().path("id").asText();
    }

    @Test
    void aUserListsItsGroupsReadOnlyAndTheyCanBeFilteredOn() {
        String ann = user("ann");
        String bob = user("bob");
        String eng = group("Engineering", ann, bob);
        String ops = group("Ops", ann);
        JsonNode a = client.get("/Users/" + ann).json();
        assertThat(a.path("groups").findValuesAsText("value")).containsExactlyInAnyOrder(eng, ops);
        JsonNode first = a.path("groups").get(0);
        assertThat(first.path("$ref").asText()).isEqualTo(server.base + "/Groups/" + first.path("value").asText());
        assertThat(first.path("display").asText()).isIn("Engineering", "Ops");
        assertThat(first.path("type").asText()).isEqualTo("direct");
        JsonNode members = client.get("/Groups/" + eng).json().path("members");
        assertThat(members.get(0).path("$ref").asText()).startsWith(server.base + "/Users/");

        JsonNode inOps = client.get("/Users?filter=" + q("groups.value eq \"" + ops + "\"")).json();
        assertThat(inOps.path("Resources").findValuesAsText("userName")).containsExactly("ann");
        assertThat(client.get("/Users?filter=" + q("groups[display eq \"engineering\"]")).json()
                .path("totalResults").asInt()).isEqualTo(2);
        assertThat(client.get("/Users?sortBy=userName").json().path("Resources").get(1).path("groups").size())
                .as("bob, in a page without filter").isEqualTo(1);

        // read-only: ignored in a PUT, refused in a PATCH
        ScimClient.Answer put = client.put("/Users/" + bob, """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "bob",
                 "groups": [{"value": "%s"}]}""".formatted(ops));
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().path("groups").findValuesAsText("value")).containsExactly(eng);
        client.delete("/Groups/" + ops);
        assertThat(client.get("/Users/" + ann).json().path("groups").findValuesAsText("value")).containsExactly(eng);
    }

    @Test
    void onlyTheIdOfAResourceIsAResource() {
        String ann = user("ann");
        for (String path : List.of("/Users/%23", "/Users/%3Fx", "/Users/" + ann + "%20",
                "/Users/" + ann + "/name", "/Groups/%23", "/Users/nope", "/Nope")) {
            GenericRfcClientTest.assertError(client.get(path), 404, null);
        }
        GenericRfcClientTest.assertError(client.delete("/Users/%23"), 404, null);
        GenericRfcClientTest.assertError(client.get("/Users/.search"), 405, null);
        assertThat(client.get("/Users/" + ann).status()).isEqualTo(200);
    }

    @Test
    void bulkResolvesReferencesInAnyOrderAndAnswersEachOperation() {
        String zed = user("zed");
        ScimClient.Answer a = client.post("/Bulk", """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
                 "Operations": [
                   {"method": "POST", "path": "/Groups", "bulkId": "eng",
                    "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Eng",
                             "members": [{"value": "bulkId:ann"}]}},
                   {"method": "POST", "path": "/Users", "bulkId": "ann",
                    "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "ann"}},
                   {"method": "PATCH", "path": "/Users/bulkId:ann",
                    "data": {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                             "Operations": [{"op": "replace", "path": "title", "value": "Lead"}]}},
                   {"method": "PATCH", "path": "/Users/%s",
                    "data": {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                             "Operations": [{"op": "replace", "path": "nope", "value": "x"}]}},
                   {"method": "PUT", "path": "/Users/%s", "version": "W/\\"stale\\"",
                    "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "zed"}},
                   {"method": "POST", "path": "/Users", "bulkId": "x",
                    "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "bulkId:y"}},
                   {"method": "DELETE", "path": "/Users/bulkId:never"},
                   {"method": "GET", "path": "/Users"}]}
                """.formatted(zed, zed));
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        JsonNode ops = a.json().path("Operations");
        assertThat(ops.size()).isEqualTo(8);
        assertThat(ops.get(0).path("bulkId").asText()).as("ann is created before the group that needs her")
                .isEqualTo("ann");
        assertThat(ops.get(0).path("status").asText()).isEqualTo("201");
        assertThat(ops.get(0).path("location").asText()).startsWith(server.base + "/Users/");
        assertThat(ops.get(0).path("version").asText()).startsWith("W/");
        assertThat(statuses(ops)).containsExactly("201", "200", "400", "412", "409", "409", "400", "201");
        assertThat(ops.get(7).path("bulkId").asText()).isEqualTo("eng");
        String annId = ops.get(0).path("location").asText().replaceAll(".*/", "");
        assertThat(client.get("/Users/" + annId).json().path("title").asText()).isEqualTo("Lead");
        assertThat(client.get("/Users/" + annId).json().path("groups").size()).isEqualTo(1);
        assertThat(ops.get(2).path("response").path("scimType").asText()).isEqualTo("invalidPath");
    }

    @Test
    void bulkLimitsAndEnvelopeAreChecked() throws Exception {
        GenericRfcClientTest.assertError(client.post("/Bulk", """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": []}"""), 400,
                "invalidSyntax");
        GenericRfcClientTest.assertError(client.post("/Bulk", """
                {"schemas": "urn:ietf:params:scim:api:messages:2.0:BulkRequest", "Operations": [{}]}"""), 400,
                "invalidSyntax");
        GenericRfcClientTest.assertError(client.post("/Bulk", """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "failOnErrors": "1",
                 "Operations": [{"method": "DELETE", "path": "/Users/x"}]}"""), 400, "invalidValue");
        GenericRfcClientTest.assertError(client.get("/Bulk"), 405, null);
        try (ScimServer small = new ScimServer(b -> b.scim(new ScimSettings(200, 2, 4 * 1024 * 1024, 1000)))) {
            ScimClient.Client c = small.client("Generic SCIM", DIR);
            GenericRfcClientTest.assertError(c.post("/Bulk", """
                    {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
                     "Operations": [{"method": "DELETE", "path": "/Users/a"}, {"method": "DELETE", "path": "/Users/b"},
                                    {"method": "DELETE", "path": "/Users/c"}]}"""), 413, null);
        }
        ScimClient.Answer circular = client.post("/Bulk", """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
                 "Operations": [
                   {"method": "POST", "path": "/Groups", "bulkId": "a", "data": {"displayName": "A",
                    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "externalId": "bulkId:b"}},
                   {"method": "POST", "path": "/Groups", "bulkId": "b", "data": {"displayName": "B",
                    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "externalId": "bulkId:a"}}]}""");
        assertThat(circular.status()).isEqualTo(200);
        assertThat(statuses(circular.json().path("Operations"))).containsExactly("409", "409");
    }

    private static List<String> statuses(JsonNode operations) {
        List<String> out = new java.util.ArrayList<>();
        operations.forEach(op -> out.add(op.path("status").asText()));
        return out;
    }
}
