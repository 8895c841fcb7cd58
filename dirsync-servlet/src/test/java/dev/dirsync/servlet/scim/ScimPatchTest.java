package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** PATCH as RFC 7644 §3.5.2 has it: what strict clients rely on, and every refusal with its scimType. */
class ScimPatchTest {
    private static final String DIR = "directory_patch";
    private static final String OPS = """
            {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [%s]}
            """;
    private ScimServer server;
    private ScimClient.Client client;
    private String ann;

    @BeforeEach
    void start() throws Exception {
        server = new ScimServer(b -> b.scim().scimRateLimit(10_000, 10_000));
        client = server.client("Generic SCIM", DIR);
        ScimClient.Answer a = client.post("/Users", """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "ann", "title": "Engineer",
                 "name": {"givenName": "Ann", "familyName": "Lee"},
                 "emails": [{"value": "ann@work.test", "type": "work", "primary": true}]}
                """);
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        ann = a.json().path("id").asText();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private ScimClient.Answer patch(String operations) {
        return client.patch("/Users/" + ann, OPS.formatted(operations));
    }

    private JsonNode annNow() {
        return client.get("/Users/" + ann).json();
    }

    @Test
    void aReplaceWhoseValueFilterMatchesNothingIsNoTargetAndChangesNothing() {
        ScimClient.Answer a = patch("""
                {"op": "replace", "path": "emails[type eq \\"home\\"].value", "value": "ann@home.test"}""");
        GenericRfcClientTest.assertError(a, 400, "noTarget");
        assertThat(annNow().path("emails").size()).isEqualTo(1);
        ScimClient.Answer removeAbsent = patch("""
                {"op": "remove", "path": "emails[type eq \\"home\\"]"}""");
        assertThat(removeAbsent.status()).as("removing what is not there is done already").isEqualTo(200);
    }

    @Test
    void entraIdSetsATypedValueByFilterEvenWhenThereIsNoneYet() {
        ScimClient.Client entra = server.client("Microsoft Entra ID", DIR);
        ScimClient.Answer a = entra.patch("/Users/" + ann, OPS.formatted("""
                {"op": "Add", "path": "emails[type eq \\"home\\"].value", "value": "ann@home.test"}"""));
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().path("emails").findValuesAsText("value")).containsExactly("ann@work.test", "ann@home.test");
        assertThat(a.json().path("emails").get(1).path("type").asText()).isEqualTo("home");
    }

    @Test
    void entraIdAppRoleAssignmentsBecomeRolesWithTheirValue() {
        ScimClient.Client entra = server.client("Microsoft Entra ID", DIR);
        ScimClient.Answer a = entra.patch("/Users/" + ann, OPS.formatted("""
                {"op": "Add", "path": "roles", "value": [{"value":
                  "{\\"id\\":\\"827f0d2e\\",\\"value\\":\\"Admin\\",\\"displayName\\":\\"App Admin\\"}"}]}"""));
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().path("roles").get(0).path("value").asText()).isEqualTo("Admin");
        assertThat(a.json().path("roles").get(0).path("display").asText()).isEqualTo("App Admin");
    }

    @Test
    void malformedPatchBodiesAreInvalidSyntaxNever500() {
        GenericRfcClientTest.assertError(client.patch("/Users/" + ann, """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": []}"""), 400,
                "invalidSyntax");
        GenericRfcClientTest.assertError(client.patch("/Users/" + ann, """
                {"schemas": "urn:ietf:params:scim:api:messages:2.0:PatchOp",
                 "Operations": [{"op": "replace", "path": "title", "value": "X"}]}"""), 400, "invalidSyntax");
        GenericRfcClientTest.assertError(client.patch("/Users/" + ann, """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                 "Operations": [{"op": "replace", "path": "title", "value": "X"}]}"""), 400, "invalidSyntax");
        GenericRfcClientTest.assertError(client.patch("/Users/" + ann, """
                {"Operations": [{"op": "replace", "path": "title", "value": "X"}]}"""), 400, "invalidSyntax");
        GenericRfcClientTest.assertError(client.patch("/Users/" + ann, "[1, 2]"), 400, "invalidSyntax");
        GenericRfcClientTest.assertError(client.patch("/Users/" + ann, "{not json"), 400, "invalidSyntax");
        GenericRfcClientTest.assertError(patch("""
                {"op": "copy", "path": "title", "value": "X"}"""), 400, "invalidSyntax");
        GenericRfcClientTest.assertError(patch("""
                {"op": "remove"}"""), 400, "noTarget");
        GenericRfcClientTest.assertError(patch("""
                {"op": "add", "path": "title"}"""), 400, "invalidValue");
        assertThat(annNow().path("title").asText()).isEqualTo("Engineer");
    }

    @Test
    void aPathNamingNoAttributeIsInvalidPath() {
        GenericRfcClientTest.assertError(patch("""
                {"op": "replace", "path": "nickname.first", "value": "X"}"""), 400, "invalidPath");
        GenericRfcClientTest.assertError(patch("""
                {"op": "replace", "path": "favouriteColour", "value": "X"}"""), 400, "invalidPath");
        GenericRfcClientTest.assertError(patch("""
                {"op": "replace", "path": "emails[type eq \\"work\\"", "value": "X"}"""), 400, "invalidPath");
        GenericRfcClientTest.assertError(patch("""
                {"op": "replace", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:shoeSize",
                 "value": "X"}"""), 400, "invalidPath");
        GenericRfcClientTest.assertError(patch("""
                {"op": "replace", "path": "emails[kind eq \\"work\\"].value", "value": "X"}"""), 400, "invalidPath");
    }

    @Test
    void aMalformedPatchOfAnIdThatDoesNotExistIs400AndAGoodOne404() {
        GenericRfcClientTest.assertError(client.patch("/Users/00000000-0000-0000-0000-000000000000", OPS.formatted("""
                {"op": "add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeNumber",
                 "value": 10}""")), 400, "invalidPath");
        GenericRfcClientTest.assertError(client.patch("/Groups/00000000-0000-0000-0000-000000000000", OPS.formatted("""
                {"op": "replace", "path": "displayName"}""")), 400, "invalidValue");
        GenericRfcClientTest.assertError(client.patch("/Users/00000000-0000-0000-0000-000000000000", OPS.formatted("""
                {"op": "replace", "path": "emails[type eq \\"home\\"].value", "value": "x@y.test"}""")), 404, null);
    }

    @Test
    void whatClientsSerializeLooselyIsReadAsTheRfcMeansIt() {
        ScimClient.Answer nullPath = patch("""
                {"op": "add", "path": null, "value": {"displayName": "Ann L."}}""");
        assertThat(nullPath.json().path("displayName").asText()).as(nullPath.toString()).isEqualTo("Ann L.");
        ScimClient.Answer arrayForOne = patch("""
                {"op": "replace", "path": "emails[type eq \\"work\\"]",
                 "value": [{"value": "ann@new.test", "type": "work", "primary": true}]}""");
        assertThat(arrayForOne.json().path("emails").findValuesAsText("value")).as(arrayForOne.toString())
                .containsExactly("ann@new.test");
        GenericRfcClientTest.assertError(patch("""
                {"op": "add", "path": "urn:ietf:params:scim:schemas:core:2.0:Group:displayName", "value": "x"}"""),
                400, "invalidPath");
        GenericRfcClientTest.assertError(client.put("/Users/" + ann, """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "ann",
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "R&D"}}"""),
                400, "invalidSyntax");
    }

    @Test
    void aValueOfTheWrongTypeIsInvalidValue() {
        GenericRfcClientTest.assertError(patch("""
                {"op": "replace", "path": "active", "value": "maybe"}"""), 400, "invalidValue");
        GenericRfcClientTest.assertError(patch("""
                {"op": "replace", "path": "title", "value": 42}"""), 400, "invalidValue");
        GenericRfcClientTest.assertError(patch("""
                {"op": "replace", "path": "name", "value": "Ann Lee"}"""), 400, "invalidValue");
        GenericRfcClientTest.assertError(patch("""
                {"op": "add", "path": "emails", "value": [{"value": "x@y.test", "primary": "yes"}]}"""), 400,
                "invalidValue");
        GenericRfcClientTest.assertError(patch("""
                {"op": "replace", "value": {"userName": ["ann"]}}"""), 400, "invalidValue");
        GenericRfcClientTest.assertError(patch("""
                {"op": "replace", "value": {"shoeSize": 42}}"""), 400, "invalidValue");
    }

    @Test
    void readOnlyAndSetImmutableAttributesAreRefusedWithMutability() {
        GenericRfcClientTest.assertError(patch("""
                {"op": "replace", "path": "id", "value": "mine"}"""), 400, "mutability");
        GenericRfcClientTest.assertError(patch("""
                {"op": "replace", "path": "meta.lastModified", "value": "2020-01-01T00:00:00Z"}"""), 400, "mutability");
        GenericRfcClientTest.assertError(patch("""
                {"op": "add", "path": "groups", "value": [{"value": "g1"}]}"""), 400, "mutability");
        GenericRfcClientTest.assertError(patch("""
                {"op": "replace", "value": {"id": "another"}}"""), 400, "mutability");
        String group = client.post("/Groups", """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Eng",
                 "members": [{"value": "%s"}]}""".formatted(ann)).json().path("id").asText();
        GenericRfcClientTest.assertError(client.patch("/Groups/" + group, OPS.formatted("""
                {"op": "replace", "path": "members[value eq \\"%s\\"].value", "value": "someone"}""".formatted(ann))),
                400, "mutability");
        assertThat(annNow().path("id").asText()).isEqualTo(ann);
    }

    @Test
    void addingAValueThatIsThereAlreadyChangesNothingNotEvenLastModified() {
        server.clock.advance(java.time.Duration.ofMinutes(5));
        JsonNode before = annNow();
        ScimClient.Answer a = patch("""
                {"op": "add", "path": "emails", "value": [{"value": "ann@work.test", "type": "work"}]}""");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().path("emails").size()).isEqualTo(1);
        assertThat(a.json().path("meta").path("lastModified").asText())
                .isEqualTo(before.path("meta").path("lastModified").asText());
        assertThat(a.header("ETag")).isEqualTo(before.path("meta").path("version").asText());
        ScimClient.Answer same = patch("""
                {"op": "replace", "path": "title", "value": "Engineer"}""");
        assertThat(same.header("ETag")).isEqualTo(before.path("meta").path("version").asText());
    }

    @Test
    void whenOneOperationFailsNoneIsApplied() {
        ScimClient.Answer a = patch("""
                {"op": "replace", "path": "title", "value": "CTO"},
                {"op": "add", "path": "emails", "value": [{"value": "ann@new.test", "type": "other"}]},
                {"op": "replace", "path": "active", "value": "sometimes"}""");
        GenericRfcClientTest.assertError(a, 400, "invalidValue");
        JsonNode now = annNow();
        assertThat(now.path("title").asText()).isEqualTo("Engineer");
        assertThat(now.path("emails").size()).isEqualTo(1);
    }

    @Test
    void operationsFollowRfc7644Semantics() {
        ScimClient.Answer a = patch("""
                {"op": "add", "path": "emails", "value": [{"value": "ann@home.test", "type": "home", "primary": true}]},
                {"op": "replace", "path": "name", "value": {"givenName": "Anna"}},
                {"op": "replace", "path": "emails[type eq \\"work\\"].value", "value": "anna@work.test"},
                {"op": "add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
                 "value": "R&D"},
                {"op": "remove", "path": "title"}""");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        JsonNode u = a.json();
        assertThat(u.path("name").path("givenName").asText()).isEqualTo("Anna");
        assertThat(u.path("name").path("familyName").asText()).as("a complex replace keeps what it does not name")
                .isEqualTo("Lee");
        assertThat(u.path("emails").findValuesAsText("value")).containsExactly("anna@work.test", "ann@home.test");
        assertThat(u.path("emails").get(0).path("primary").asBoolean()).as("one primary at most").isFalse();
        assertThat(u.path("emails").get(1).path("primary").asBoolean()).isTrue();
        assertThat(u.has("title")).isFalse();
        assertThat(u.path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").path("department").asText())
                .isEqualTo("R&D");
        assertThat(u.path("schemas").findValuesAsText("")).isEmpty();
        assertThat(u.path("schemas").toString()).contains("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        ScimClient.Answer removeByFilter = patch("""
                {"op": "remove", "path": "emails[value ew \\"home.test\\"]"}""");
        assertThat(removeByFilter.json().path("emails").findValuesAsText("value")).containsExactly("anna@work.test");
    }
}
