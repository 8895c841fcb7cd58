package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dirsync.core.model.UserStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.ArrayList;
import java.util.List;

import static dev.dirsync.servlet.scim.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/** Okta's requests as in its "SCIM 2.0 protocol reference" (users, then Group Push), in order, over real HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class OktaConformance {
    private static final String DIR = "directory_okta";
    private ScimHost server;

    /** The host under test: the Jetty harness, or the demo app. */
    protected abstract ScimHost newHost() throws Exception;
    private ScimClient.Client okta;
    private String userId;
    private String otherId;
    private String groupId;

    @BeforeAll
    void start() throws Exception {
        server = newHost();
        okta = server.client("Okta", DIR);
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    @Test
    @Order(1)
    void determineIfTheUserAlreadyExists() {
        ScimClient.Answer a = okta.get("/Users?filter=" + q("userName eq \"test.user@okta.local\"") + "&startIndex=1&count=100");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().path("totalResults").asInt()).isZero();
        assertThat(a.json().path("startIndex").asInt()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void createTheUser() {
        ScimClient.Answer a = okta.post("/Users", """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                 "userName": "test.user@okta.local",
                 "name": {"givenName": "Test", "familyName": "User"},
                 "emails": [{"primary": true, "value": "test.user@okta.local", "type": "work"}],
                 "displayName": "Test User", "locale": "en-US", "externalId": "00ujl29u0le5T6Aj10h7",
                 "groups": [], "password": "1mz050nq", "active": true}
                """);
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        userId = a.json().path("id").asText();
        assertThat(a.text()).doesNotContain("1mz050nq").doesNotContain("password");
        assertThat(server.mirrorText()).doesNotContain("1mz050nq");
        assertThat(server.hostUser(DIR, userId).orElseThrow().status()).isEqualTo(UserStatus.ACTIVE);
    }

    @Test
    @Order(3)
    void aSecondCreateOfTheSameUserNameIsAUniquenessConflict() {
        ScimClient.Answer a = okta.post("/Users", """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "TEST.USER@okta.local"}
                """);
        assertThat(a.status()).as(a.toString()).isEqualTo(409);
        assertThat(a.json().path("scimType").asText()).isEqualTo("uniqueness");
    }

    @Test
    @Order(4)
    void retrieveASpecificUser() {
        ScimClient.Answer a = okta.get("/Users/" + userId);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().path("displayName").asText()).isEqualTo("Test User");
        assertThat(a.json().has("password")).isFalse();
    }

    @Test
    @Order(5)
    void updateASpecificUserWithPut() {
        ScimClient.Answer a = okta.put("/Users/" + userId, """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "%s",
                 "userName": "test.user@okta.local",
                 "name": {"givenName": "Another", "familyName": "User"},
                 "emails": [{"primary": true, "value": "test.user@okta.local", "type": "work"}],
                 "displayName": "Another User", "locale": "en-US", "externalId": "00ujl29u0le5T6Aj10h7",
                 "groups": [], "password": "t1meMa$heen", "active": true}
                """.formatted(userId));
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().path("name").path("givenName").asText()).isEqualTo("Another");
        assertThat(server.hostUser(DIR, userId).orElseThrow().givenName()).isEqualTo("Another");
    }

    @Test
    @Order(6)
    void retrieveUsers() {
        okta.post("/Users", """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "other.user@okta.local",
                 "emails": [{"primary": true, "value": "other.user@okta.local", "type": "work"}], "active": true}
                """);
        ScimClient.Answer page1 = okta.get("/Users?startIndex=1&count=1");
        ScimClient.Answer page2 = okta.get("/Users?startIndex=2&count=1");
        assertThat(page1.json().path("totalResults").asInt()).as(page1.toString()).isEqualTo(2);
        assertThat(page1.json().path("itemsPerPage").asInt()).isEqualTo(1);
        assertThat(page2.json().path("startIndex").asInt()).isEqualTo(2);
        otherId = page1.json().path("Resources").get(0).path("id").asText().equals(userId)
                ? page2.json().path("Resources").get(0).path("id").asText()
                : page1.json().path("Resources").get(0).path("id").asText();
        assertThat(otherId).isNotEqualTo(userId).isNotBlank();
    }

    @Test
    @Order(7)
    void createGroup() {
        ScimClient.Answer a = okta.post("/Groups", """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Test SCIMv2", "members": []}
                """);
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        groupId = a.json().path("id").asText();
        ScimClient.Answer twin = okta.post("/Groups", """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Test SCIMv2"}
                """);
        assertThat(twin.status()).as(twin.toString()).isEqualTo(409);
        assertThat(twin.json().path("scimType").asText()).isEqualTo("uniqueness");
    }

    @Test
    @Order(8)
    void retrieveGroups() {
        ScimClient.Answer a = okta.get("/Groups?startIndex=1&count=100&excludedAttributes=members");
        assertThat(a.json().path("totalResults").asInt()).as(a.toString()).isEqualTo(1);
        assertThat(a.json().path("Resources").get(0).has("members")).isFalse();
    }

    @Test
    @Order(9)
    void updateGroupMembership() {
        ScimClient.Answer add = okta.patch("/Groups/" + groupId, """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "add", "path": "members",
                                 "value": [{"value": "%s", "display": "test.user@okta.local"},
                                           {"value": "%s", "display": "other.user@okta.local"}]}]}
                """.formatted(userId, otherId));
        assertThat(add.status()).as(add.toString()).isIn(200, 204);
        String versionAfterAdd = okta.get("/Groups/" + groupId).header("ETag");
        ScimClient.Answer again = okta.patch("/Groups/" + groupId, """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "add", "path": "members", "value": [{"value": "%s"}]}]}
                """.formatted(userId));
        assertThat(again.status()).as(again.toString()).isIn(200, 204);
        assertThat(okta.get("/Groups/" + groupId).header("ETag")).as("adding a present member is a no-op")
                .isEqualTo(versionAfterAdd);
        ScimClient.Answer swap = okta.patch("/Groups/" + groupId, """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "remove", "path": "members[value eq \\"%s\\"]"},
                                {"op": "add", "path": "members", "value": [{"value": "%s"}]}]}
                """.formatted(otherId, userId));
        assertThat(swap.status()).as(swap.toString()).isIn(200, 204);
        assertThat(members()).containsExactly(userId);
    }

    @Test
    @Order(10)
    void updateGroupName() {
        ScimClient.Answer a = okta.patch("/Groups/" + groupId, """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "value": {"id": "%s", "displayName": "Test SCIMv2 renamed"}}]}
                """.formatted(groupId));
        assertThat(a.status()).as(a.toString()).isIn(200, 204);
        assertThat(okta.get("/Groups/" + groupId).json().path("displayName").asText()).isEqualTo("Test SCIMv2 renamed");
        assertThat(members()).containsExactly(userId);
    }

    @Test
    @Order(11)
    void replaceGroupWithPut() {
        ScimClient.Answer a = okta.put("/Groups/" + groupId, """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "id": "%s",
                 "displayName": "Test SCIMv2 renamed", "members": [{"value": "%s"}]}
                """.formatted(groupId, otherId));
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(members()).containsExactly(otherId);
    }

    @Test
    @Order(12)
    void deactivateTheUser() {
        ScimClient.Answer a = okta.patch("/Users/" + userId, """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "value": {"active": false}}]}
                """);
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().path("active").asBoolean(true)).isFalse();
        assertThat(server.hostUser(DIR, userId).orElseThrow().status()).isNotEqualTo(UserStatus.ACTIVE);
        assertThat(server.sessionsRevoked(DIR, userId)).isTrue();
        ScimClient.Answer still = okta.get("/Users?filter=" + q("userName eq \"test.user@okta.local\""));
        assertThat(still.json().path("totalResults").asInt()).as("deactivated users stay findable").isEqualTo(1);
    }

    @Test
    @Order(13)
    void deleteTheGroup() {
        assertThat(okta.delete("/Groups/" + groupId).status()).isEqualTo(204);
        assertThat(okta.get("/Groups/" + groupId).status()).isEqualTo(404);
        assertThat(okta.delete("/Groups/" + groupId).status()).isEqualTo(404);
    }

    private List<String> members() {
        List<String> out = new ArrayList<>();
        JsonNode g = okta.get("/Groups/" + groupId).json();
        g.path("members").forEach(m -> out.add(m.path("value").asText()));
        return out;
    }
}
