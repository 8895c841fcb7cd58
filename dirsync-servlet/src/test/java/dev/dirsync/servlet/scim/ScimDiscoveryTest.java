package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The discovery endpoints checked against what RFC 7643 §5-7 requires of them, and that they tell the truth. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScimDiscoveryTest {
    private static final Set<String> ATTRIBUTE_TYPES = Set.of("string", "boolean", "decimal", "integer", "dateTime",
            "reference", "complex", "binary");
    private ScimServer server;
    private ScimClient.Client client;

    @BeforeAll
    void start() throws Exception {
        server = new ScimServer();
        client = server.client("Okta", "directory_okta");
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    @Test
    void serviceProviderConfigHasEveryRequiredFeatureAndOurLimits() {
        ScimClient.Answer a = client.get("/ServiceProviderConfig");
        assertThat(a.status()).isEqualTo(200);
        JsonNode c = a.json();
        assertThat(c.path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
        for (String feature : List.of("patch", "bulk", "filter", "changePassword", "sort", "etag")) {
            assertThat(c.path(feature).path("supported").isBoolean()).as(feature + ".supported").isTrue();
        }
        assertThat(c.path("patch").path("supported").asBoolean()).isTrue();
        assertThat(c.path("changePassword").path("supported").asBoolean()).isFalse();
        assertThat(c.path("etag").path("supported").asBoolean()).isTrue();
        assertThat(c.path("filter").path("maxResults").asInt()).isEqualTo(ScimSettings.DEFAULT_MAX_RESULTS);
        assertThat(c.path("bulk").path("maxOperations").asInt()).isEqualTo(ScimSettings.DEFAULT_MAX_BULK_OPERATIONS);
        assertThat(c.path("bulk").path("maxPayloadSize").asInt()).isEqualTo(ScimSettings.DEFAULT_MAX_PAYLOAD_BYTES);
        JsonNode scheme = c.path("authenticationSchemes").get(0);
        assertThat(scheme.path("type").asText()).isEqualTo("oauthbearertoken");
        assertThat(scheme.path("name").asText()).isNotBlank();
        assertThat(scheme.path("description").asText()).isNotBlank();
    }

    @Test
    void resourceTypesNameUsersAndGroupsWithTheirSchemas() {
        ScimClient.Answer a = client.get("/ResourceTypes");
        assertThat(a.status()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        for (JsonNode rt : a.json().path("Resources")) {
            assertThat(rt.path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:schemas:core:2.0:ResourceType");
            assertThat(rt.path("name").asText()).isNotBlank();
            assertThat(rt.path("endpoint").asText()).startsWith("/");
            assertThat(rt.path("schema").asText()).startsWith("urn:");
            names.add(rt.path("name").asText());
            if (rt.path("name").asText().equals("User")) {
                assertThat(rt.path("schemaExtensions").get(0).path("schema").asText())
                        .isEqualTo("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
                assertThat(rt.path("schemaExtensions").get(0).path("required").isBoolean()).isTrue();
            }
        }
        assertThat(names).contains("User", "Group");
        assertThat(client.get("/ResourceTypes/User").json().path("endpoint").asText()).isEqualTo("/Users");
    }

    @Test
    void schemasDescribeEveryAttributeAsRfc7643Section7Requires() {
        ScimClient.Answer a = client.get("/Schemas");
        assertThat(a.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode schema : a.json().path("Resources")) {
            ids.add(schema.path("id").asText());
            assertThat(schema.path("attributes").isArray()).isTrue();
            schema.path("attributes").forEach(attr -> checkAttribute(schema.path("id").asText(), attr));
        }
        assertThat(ids).contains("urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "urn:ietf:params:scim:schemas:core:2.0:Group");
        JsonNode user = client.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User").json();
        List<String> userAttributes = new ArrayList<>();
        user.path("attributes").forEach(x -> userAttributes.add(x.path("name").asText()));
        assertThat(userAttributes).contains("userName", "name", "emails", "active").doesNotContain("password");
        JsonNode group = client.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group").json();
        assertThat(attribute(group, "displayName").path("caseExact").asBoolean(true))
                .as("RFC 7643 §4.2: group names ignore case").isFalse();
    }

    @Test
    void resourceTypesAreExactlyUserWithTheEnterpriseExtensionAndGroup() {
        JsonNode list = client.get("/ResourceTypes").json();
        assertThat(list.path("totalResults").asInt()).isEqualTo(2);
        assertThat(list.path("Resources").findValuesAsText("id")).containsExactly("User", "Group");
        assertThat(list.path("Resources").get(0).path("schemaExtensions").findValuesAsText("schema"))
                .containsExactly("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        assertThat(client.get("/ResourceTypes/Group").json().path("schema").asText())
                .isEqualTo("urn:ietf:params:scim:schemas:core:2.0:Group");
        GenericRfcClientTest.assertError(client.get("/ResourceTypes/Schema"), 404, null);
    }

    @Test
    void noResponseCarriesAVendorExtensionAndTheConfigHasOnlyRfcKeys() {
        for (String path : List.of("/ServiceProviderConfig", "/ResourceTypes", "/ResourceTypes/User", "/Schemas")) {
            assertThat(client.get(path).text()).as(path).doesNotContain("urn:gold").doesNotContainIgnoringCase("gold");
        }
        JsonNode c = client.get("/ServiceProviderConfig").json();
        List<String> keys = new ArrayList<>();
        c.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactlyInAnyOrder("schemas", "documentationUri", "patch", "bulk", "filter",
                "changePassword", "sort", "etag", "authenticationSchemes", "meta");
        assertThat(names(c.path("patch"))).containsExactly("supported");
        assertThat(names(c.path("bulk"))).containsExactlyInAnyOrder("supported", "maxOperations", "maxPayloadSize");
        assertThat(names(c.path("filter"))).containsExactlyInAnyOrder("supported", "maxResults");
        assertThat(c.path("sort").path("supported").asBoolean()).isTrue();
        assertThat(c.path("bulk").path("supported").asBoolean()).isTrue();
    }

    @Test
    void referencesAndAttributeTypesAreThoseOfRfc7643Section8_7_1() {
        JsonNode user = client.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User").json();
        assertThat(texts(sub(attribute(user, "groups"), "$ref").path("referenceTypes"))).containsExactly("Group");
        assertThat(attribute(user, "groups").path("mutability").asText()).isEqualTo("readOnly");
        for (String multi : List.of("entitlements", "roles", "x509Certificates")) {
            assertThat(sub(attribute(user, multi), "display").path("type").asText()).as(multi).isEqualTo("string");
        }
        JsonNode group = client.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group").json();
        // members are users only: dirsync has no nested groups, so a client never builds a group member
        assertThat(texts(sub(attribute(group, "members"), "$ref").path("referenceTypes"))).containsExactly("User");
        JsonNode enterprise = client.get("/Schemas/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").json();
        assertThat(texts(sub(attribute(enterprise, "manager"), "$ref").path("referenceTypes"))).containsExactly("User");
        assertThat(client.get("/Schemas").text()).doesNotContain("\"resource\"");
    }

    @Test
    void everyListedSchemaCanBeReadByIdAndTheCoreSchemasAreListed() {
        JsonNode list = client.get("/Schemas").json();
        List<String> ids = texts(list.path("Resources").findParents("attributes").stream()
                .map(s -> s.path("id")).collect(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance::arrayNode,
                        com.fasterxml.jackson.databind.node.ArrayNode::add, com.fasterxml.jackson.databind.node.ArrayNode::addAll));
        assertThat(ids).contains("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig",
                "urn:ietf:params:scim:schemas:core:2.0:ResourceType", "urn:ietf:params:scim:schemas:core:2.0:Schema");
        assertThat(list.path("totalResults").asInt()).isEqualTo(ids.size()).isEqualTo(6);
        for (String id : ids) {
            ScimClient.Answer one = client.get("/Schemas/" + id);
            assertThat(one.status()).as(id).isEqualTo(200);
            assertThat(one.json().path("id").asText()).isEqualTo(id);
            assertThat(one.json().path("meta").path("location").asText()).isEqualTo(server.base + "/Schemas/" + id);
        }
        GenericRfcClientTest.assertError(client.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:Meta"), 404, null);
    }

    @Test
    void metaTimestampsAreThoseOfThisServerNotPlaceholders() {
        for (String path : List.of("/ServiceProviderConfig", "/ResourceTypes/User",
                "/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group")) {
            JsonNode meta = client.get(path).json().path("meta");
            java.time.Instant created = java.time.Instant.parse(meta.path("created").asText());
            assertThat(created).as(path).isAfter(java.time.Instant.now().minus(java.time.Duration.ofHours(1)))
                    .isBeforeOrEqualTo(java.time.Instant.now());
            assertThat(meta.path("lastModified").asText()).isEqualTo(meta.path("created").asText());
            assertThat(meta.path("location").asText()).isEqualTo(server.base + path);
        }
    }

    @Test
    void aFilterOnDiscoveryIsRefusedWith403() {
        for (String path : List.of("/Schemas", "/ResourceTypes", "/ServiceProviderConfig")) {
            GenericRfcClientTest.assertError(client.get(path + "?filter=" + ScimClient.q("name eq \"User\"")), 403, null);
        }
    }

    private static JsonNode attribute(JsonNode schema, String name) {
        for (JsonNode a : schema.path("attributes")) {
            if (a.path("name").asText().equals(name)) {
                return a;
            }
        }
        throw new AssertionError(name + " not in " + schema.path("id"));
    }

    private static JsonNode sub(JsonNode attribute, String name) {
        for (JsonNode a : attribute.path("subAttributes")) {
            if (a.path("name").asText().equals(name)) {
                return a;
            }
        }
        throw new AssertionError(name + " not in " + attribute.path("name"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static void checkAttribute(String schema, JsonNode attr) {
        String where = schema + ":" + attr.path("name").asText();
        assertThat(attr.path("name").asText()).as(where).isNotBlank();
        assertThat(ATTRIBUTE_TYPES).as(where + " type").contains(attr.path("type").asText());
        assertThat(attr.path("multiValued").isBoolean()).as(where + " multiValued").isTrue();
        assertThat(attr.path("required").isBoolean()).as(where + " required").isTrue();
        assertThat(Set.of("readOnly", "readWrite", "immutable", "writeOnly")).as(where + " mutability")
                .contains(attr.path("mutability").asText());
        assertThat(Set.of("always", "never", "default", "request")).as(where + " returned")
                .contains(attr.path("returned").asText());
        if (attr.path("type").asText().equals("complex")) {
            assertThat(attr.path("subAttributes").isArray()).as(where + " subAttributes").isTrue();
            attr.path("subAttributes").forEach(sub -> checkAttribute(where, sub));
        } else if (attr.path("type").asText().equals("string")) {
            assertThat(attr.path("caseExact").isBoolean()).as(where + " caseExact").isTrue();
            assertThat(Set.of("none", "server", "global")).as(where + " uniqueness").contains(attr.path("uniqueness").asText());
        }
    }

    @Test
    void discoveryIsReadOnly() {
        for (String path : List.of("/ServiceProviderConfig", "/ResourceTypes", "/Schemas")) {
            for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
                ScimClient.Answer a = client.send(method, path, method.equals("DELETE") ? null : "{}");
                GenericRfcClientTest.assertError(a, 405, null);
                assertThat(a.header("Allow")).isEqualTo("GET");
            }
        }
    }
}
