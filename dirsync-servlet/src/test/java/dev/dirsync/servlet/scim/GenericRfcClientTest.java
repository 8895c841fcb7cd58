package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dirsync.servlet.DirsyncServlets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.dirsync.servlet.scim.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/** A strict RFC 7644 client: filters, paging, sorting, projections, ETags, errors, authentication, isolation. */
class GenericRfcClientTest {
    private static final String DIR = "directory_rfc";
    private ScimServer server;
    private ScimClient.Client client;

    @BeforeEach
    void start() throws Exception {
        server = new ScimServer(b -> b.scim().scimRateLimit(1_000, 1_000));
        client = server.client("Generic SCIM", DIR);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private String user(String name, String title, boolean active, String... extra) {
        ScimClient.Answer a = client.post("/Users", """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "%s", "title": "%s",
                 "active": %s, "name": {"givenName": "%s"},
                 "emails": [{"value": "%s@work.test", "type": "work", "primary": true},
                            {"value": "%s@home.test", "type": "home", "primary": false}] %s}
                """.formatted(name, title, active, name, name, name, String.join("", extra)));
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json().path("id").asText();
    }

    private List<String> userNames(String query) {
        ScimClient.Answer a = client.get("/Users?" + query);
        assertThat(a.status()).as(query + " -> " + a).isEqualTo(200);
        List<String> out = new ArrayList<>();
        a.json().path("Resources").forEach(r -> out.add(r.path("userName").asText()));
        assertThat(a.json().path("totalResults").asInt()).isEqualTo(out.size());
        return out;
    }

    @Test
    void filtersSupportEveryOperatorGroupingAndComplexAttributeFilters() {
        user("ann", "Engineer", true);
        user("bob", "Engineering Manager", true);
        user("cid", "Designer", false);
        assertThat(userNames("filter=" + q("title co \"Engineer\"") + "&sortBy=userName")).containsExactly("ann", "bob");
        assertThat(userNames("filter=" + q("title sw \"Eng\" and not (title ew \"Manager\")"))).containsExactly("ann");
        assertThat(userNames("filter=" + q("userName ne \"ann\"") + "&sortBy=userName&sortOrder=descending"))
                .containsExactly("cid", "bob");
        assertThat(userNames("filter=" + q("title pr and (active eq false or userName eq \"ANN\")") + "&sortBy=userName"))
                .containsExactly("ann", "cid");
        assertThat(userNames("filter=" + q("userName gt \"ann\" and userName le \"bob\""))).containsExactly("bob");
        assertThat(userNames("filter=" + q("userName ge \"bob\" and userName lt \"cid\""))).containsExactly("bob");
        assertThat(userNames("filter=" + q("emails[type eq \"work\" and value co \"bob\"]"))).containsExactly("bob");
        assertThat(userNames("filter=" + q("emails.value ew \"home.test\" and name.givenName eq \"cid\""))).containsExactly("cid");
        assertThat(userNames("filter=" + q("meta.lastModified gt \"2000-01-01T00:00:00Z\"")).size()).isEqualTo(3);
    }

    @Test
    void pagingCountsEverythingAndReturnsOnlyThePage() {
        for (int i = 0; i < 5; i++) {
            user("u" + i, "T", true);
        }
        ScimClient.Answer a = client.get("/Users?startIndex=4&count=2&sortBy=userName");
        assertThat(a.json().path("totalResults").asInt()).isEqualTo(5);
        assertThat(a.json().path("itemsPerPage").asInt()).isEqualTo(2);
        assertThat(a.json().path("startIndex").asInt()).isEqualTo(4);
        assertThat(a.json().path("Resources").get(0).path("userName").asText()).isEqualTo("u3");
        assertThat(client.get("/Users?count=0").json().path("totalResults").asInt()).isEqualTo(5);
    }

    @Test
    void attributesAndExcludedAttributesShapeTheAnswer() {
        String id = user("ann", "Engineer", true);
        JsonNode only = client.get("/Users/" + id + "?attributes=userName").json();
        assertThat(only.has("userName")).isTrue();
        assertThat(only.has("title")).isFalse();
        assertThat(only.path("id").asText()).isEqualTo(id);
        JsonNode without = client.get("/Users/" + id + "?excludedAttributes=emails,title").json();
        assertThat(without.has("emails")).isFalse();
        assertThat(without.has("userName")).isTrue();
    }

    @Test
    void searchWithPostTakesTheFilterFromTheBody() {
        user("ann", "Engineer", true);
        user("bob", "Designer", true);
        ScimClient.Answer a = client.post("/Users/.search", """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                 "filter": "userName eq \\"bob\\"", "startIndex": 1, "count": 10}
                """);
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().path("totalResults").asInt()).isEqualTo(1);
    }

    @Test
    void ifMatchWithAnOldVersionIsPreconditionFailedAndTheCurrentVersionPasses() {
        String id = user("ann", "Engineer", true);
        String v1 = client.get("/Users/" + id).header("ETag");
        String patch = """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "path": "title", "value": "%s"}]}
                """;
        ScimClient.Answer ok = client.send("PATCH", "/Users/" + id, patch.formatted("Lead"), "If-Match", v1);
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        String v2 = ok.header("ETag");
        assertThat(v2).isNotEqualTo(v1).isEqualTo(ok.json().path("meta").path("version").asText());
        ScimClient.Answer stale = client.send("PATCH", "/Users/" + id, patch.formatted("CTO"), "If-Match", v1);
        assertThat(stale.status()).as(stale.toString()).isEqualTo(412);
        ScimClient.Answer stalePut = client.send("PUT", "/Users/" + id,
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"ann\"}", "If-Match", v1);
        assertThat(stalePut.status()).as(stalePut.toString()).isEqualTo(412);
        assertThat(client.get("/Users/" + id).json().path("title").asText()).isEqualTo("Lead");
    }

    @Test
    void aClientThatGetsEditsAndPutsTheWholeResourceIsNotHeldToTheMetaItEchoes() {
        String id = user("ann", "Engineer", true);
        JsonNode read = client.get("/Users/" + id).json();
        client.patch("/Users/" + id, """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "path": "nickName", "value": "Annie"}]}
                """);
        ((com.fasterxml.jackson.databind.node.ObjectNode) read).put("title", "Lead");
        ScimClient.Answer put = client.put("/Users/" + id, read.toString());
        assertThat(put.status()).as("meta is read-only and ignored in a PUT body: " + put).isEqualTo(200);
        assertThat(put.json().path("title").asText()).isEqualTo("Lead");
        assertThat(put.json().path("meta").path("version").asText()).isNotEqualTo(read.path("meta").path("version").asText());
        ScimClient.Answer stale = client.send("PUT", "/Users/" + id, read.toString(), "If-Match",
                read.path("meta").path("version").asText());
        assertError(stale, 412, null);
    }

    @Test
    void everySubAttributeOfTheServedSchemaIsKeptOnCreate() {
        ScimClient.Answer a = client.post("/Users", """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "ann",
                 "emails": [{"value": "ann@work.test", "display": "Work mail", "type": "work"}],
                 "roles": [{"value": "admin", "display": "Administrator"}]}
                """);
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        assertThat(a.json().path("emails").get(0).path("display").asText()).isEqualTo("Work mail");
        assertThat(a.json().path("roles").get(0).path("display").asText()).isEqualTo("Administrator");
    }

    @Test
    void aPutNamingAnotherIdIsRefusedWithMutability() {
        String id = user("ann", "Engineer", true);
        assertError(client.put("/Users/" + id, """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "someone-else", "userName": "ann"}
                """), 400, "mutability");
        assertThat(client.put("/Users/" + id, """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "%s", "userName": "ann"}
                """.formatted(id)).status()).isEqualTo(200);
        String group = client.post("/Groups", """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Eng"}
                """).json().path("id").asText();
        JsonNode g = client.get("/Groups/" + group).json();
        client.patch("/Groups/" + group, """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "add", "path": "members", "value": [{"value": "%s"}]}]}
                """.formatted(id));
        assertThat(client.put("/Groups/" + group, g.toString()).status()).as("the group's own meta is ignored too")
                .isEqualTo(200);
        assertError(client.put("/Groups/" + group, """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "id": "x", "displayName": "Eng"}
                """), 400, "mutability");
    }

    @Test
    void customExtensionsAndUnknownSchemasAreKeptAsCustomAttributes() {
        String ext = "urn:ietf:params:scim:schemas:extension:acme:2.0:User";
        ScimClient.Answer a = client.post("/Users", """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "%s", "urn:okta:custom:whatever"],
                 "userName": "ann", "id": "client-chosen", "meta": {"version": "W/\\"x\\""},
                 "%s": {"badge": "B-17", "floor": 3}}
                """.formatted(ext, ext));
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        String id = a.json().path("id").asText();
        assertThat(id).isNotEqualTo("client-chosen");
        ScimClient.Answer patch = client.patch("/Users/" + id, """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "path": "%s:badge", "value": "B-18"}]}
                """.formatted(ext));
        assertThat(patch.status()).as(patch.toString()).isEqualTo(200);
        assertThat(server.sync.directoryUsers(ScimHost.ORG).get(0).user().customAttributes())
                .containsEntry(ext, java.util.Map.of("badge", "B-18", "floor", 3));
    }

    @Test
    void errorsUseTheScimErrorSchemaWithTheRightStatus() {
        String id = user("ann", "Engineer", true);
        assertError(client.get("/Users?filter=" + q("userName eq")), 400, "invalidFilter");
        assertError(client.post("/Users", "{not json"), 400, null);
        assertError(client.get("/Users/nope"), 404, null);
        assertError(client.patch("/Users/" + id, """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "path": "emails[type eq \\"work\\"", "value": "x"}]}
                """), 400, null);
        assertError(client.post("/ServiceProviderConfig", "{}"), 405, null);
        assertError(client.send("DELETE", "/Schemas", null), 405, null);
        assertError(server.clientWithToken("scim_wrong").get("/Users"), 401, null);
        assertError(server.clientWithToken(null).get("/Users"), 401, null);
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        try (ScimServer small = new ScimServer(b -> b.scim(new ScimSettings(200, 10, 2048, 1000)))) {
            ScimClient.Client c = small.client("Generic SCIM", DIR);
            assertError(c.post("/Users", "{\"userName\": \"" + "x".repeat(4000) + "\"}"), 413, null);
        }
    }

    @Test
    void overTheBurstBudgetIs429WithRetryAfter() throws Exception {
        try (ScimServer limited = new ScimServer(b -> b.scim().scimRateLimit(2, 0.01))) {
            ScimClient.Client c = limited.client("Generic SCIM", DIR);
            c.get("/Users");
            c.get("/Users");
            ScimClient.Answer a = c.get("/Users");
            assertError(a, 429, "tooMany");
            assertThat(a.header("Retry-After")).isNotBlank();
        }
    }

    @Test
    void aTokenOfOneOrganizationNeverSeesAnother() {
        user("ann", "Engineer", true);
        server.sync.createOrganization("globex", "Globex");
        String token = server.sync.issueScimCredential("globex", "directory_globex", "Okta",
                dev.dirsync.core.event.Source.admin("x")).token();
        ScimClient.Client globex = server.clientWithToken(token);
        assertThat(globex.get("/Users").json().path("totalResults").asInt()).isZero();
        String annId = client.get("/Users?filter=" + q("userName eq \"ann\"")).json().path("Resources").get(0).path("id").asText();
        assertThat(globex.get("/Users/" + annId).status()).isEqualTo(404);
        assertThat(globex.delete("/Users/" + annId).status()).isEqualTo(404);
        assertThat(client.get("/Users/" + annId).status()).isEqualTo(200);
    }

    @Test
    void discoveryWithDirsyncServletsDefaultPath() {
        assertThat(DirsyncServlets.DEFAULT_SCIM_PATH).isEqualTo("/scim/v2");
        assertThat(client.get("/ServiceProviderConfig").status()).isEqualTo(200);
    }

    static void assertError(ScimClient.Answer a, int status, String scimType) {
        assertThat(a.status()).as(a.toString()).isEqualTo(status);
        assertThat(a.header("Content-Type")).as(a.toString()).startsWith("application/scim+json");
        JsonNode e = a.json();
        assertThat(e.path("schemas").get(0).asText()).as(a.toString()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(e.path("status").asText()).isEqualTo(Integer.toString(status));
        assertThat(e.path("detail").asText()).isNotBlank();
        if (scimType != null) {
            assertThat(e.path("scimType").asText()).as(a.toString()).isEqualTo(scimType);
        }
    }
}
