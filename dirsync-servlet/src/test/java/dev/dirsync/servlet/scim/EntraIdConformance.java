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

import static dev.dirsync.servlet.scim.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Microsoft Entra ID's provisioning sequence, step by step as in Microsoft's "Tutorial: Develop and plan
 * provisioning for a SCIM endpoint" (User and Group operations) plus the non-standard shapes its provisioning
 * service and SCIM validator send. Runs in order over real HTTP against one server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class EntraIdConformance {
    private static final String DIR = "directory_entra";
    private ScimHost server;

    /** The host under test: the Jetty harness, or the demo app. */
    protected abstract ScimHost newHost() throws Exception;
    private ScimClient.Client entra;
    private String userId;
    private String secondUserId;
    private String groupId;

    @BeforeAll
    void start() throws Exception {
        server = newHost();
        entra = server.client("Microsoft Entra ID", DIR);
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    @Test
    @Order(1)
    void createUser() {
        ScimClient.Answer a = entra.post("/Users", """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
                 "userName": "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1",
                 "active": true,
                 "emails": [{"primary": true, "type": "work",
                             "value": "Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com"}],
                 "meta": {"resourceType": "User"},
                 "name": {"formatted": "givenName familyName", "familyName": "familyName", "givenName": "givenName"},
                 "roles": []}
                """);
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        assertThat(a.header("Content-Type")).startsWith("application/scim+json");
        JsonNode u = a.json();
        userId = u.path("id").asText();
        assertThat(userId).isNotBlank();
        assertThat(u.path("userName").asText()).isEqualTo("Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1");
        assertThat(u.path("meta").path("resourceType").asText()).isEqualTo("User");
        assertThat(u.path("meta").path("location").asText()).endsWith("/scim/v2/Users/" + userId);
        assertThat(u.path("meta").path("version").asText()).isEqualTo(a.header("ETag")).startsWith("W/\"");
        assertThat(server.hostUser(DIR, userId)).get().satisfies(row -> {
            assertThat(row.status()).isEqualTo(UserStatus.ACTIVE);
            assertThat(row.email()).isEqualTo("Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com");
        });
    }

    @Test
    @Order(2)
    void getUser() {
        ScimClient.Answer a = entra.get("/Users/" + userId);
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().path("name").path("familyName").asText()).isEqualTo("familyName");
        assertThat(a.json().path("externalId").asText()).isEqualTo("0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef");
    }

    @Test
    @Order(3)
    void getUserByQuery() {
        ScimClient.Answer a = entra.get("/Users?filter=" + q("userName eq \"test_user_AB6490ee-1e48-479e-a20b-2d77186b5dd1\""));
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().path("totalResults").asInt()).isEqualTo(1);
        assertThat(a.json().path("Resources").get(0).path("id").asText()).isEqualTo(userId);
        ScimClient.Answer byExternalId = entra.get("/Users?filter=" + q("externalId eq \"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef\""));
        assertThat(byExternalId.json().path("totalResults").asInt()).as(byExternalId.toString()).isEqualTo(1);
    }

    @Test
    @Order(4)
    void getUserByQueryZeroResults() {
        ScimClient.Answer a = entra.get("/Users?filter=" + q("userName eq \"non-existent user\""));
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().path("totalResults").asInt()).isZero();
        assertThat(a.json().path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");
    }

    @Test
    @Order(5)
    void updateUserMultiValuedProperties() {
        ScimClient.Answer a = entra.patch("/Users/" + userId, """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [
                   {"op": "Replace", "path": "emails[type eq \\"work\\"].value", "value": "updatedEmail@microsoft.com"},
                   {"op": "Replace", "path": "name.familyName", "value": "updatedFamilyName"}]}
                """);
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().path("emails").get(0).path("value").asText()).isEqualTo("updatedEmail@microsoft.com");
        assertThat(a.json().path("name").path("familyName").asText()).isEqualTo("updatedFamilyName");
        assertThat(server.hostUser(DIR, userId).orElseThrow().email()).isEqualTo("updatedEmail@microsoft.com");
    }

    @Test
    @Order(6)
    void updateUserSingleValuedProperties() {
        ScimClient.Answer a = entra.patch("/Users/" + userId, """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "Replace", "path": "userName",
                                 "value": "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com"}]}
                """);
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().path("userName").asText()).isEqualTo("5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com");
    }

    @Test
    @Order(7)
    void pathlessReplaceWithDottedKeysStringBooleansAndEnterpriseUrns() {
        ScimClient.Answer a = entra.patch("/Users/" + userId, """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "Replace", "value": {
                     "name.givenName": "Ann", "displayName": "Ann Updated", "active": "True",
                     "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "Finance",
                     "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "E-17"}},
                   {"op": "Add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
                    "value": "manager-271"}]}
                """);
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        JsonNode u = a.json();
        assertThat(u.path("name").path("givenName").asText()).isEqualTo("Ann");
        assertThat(u.has("name.givenName")).isFalse();
        assertThat(u.path("active").asBoolean()).isTrue();
        JsonNode ext = u.path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        assertThat(ext.path("department").asText()).isEqualTo("Finance");
        assertThat(ext.path("employeeNumber").asText()).isEqualTo("E-17");
        assertThat(ext.path("manager").path("value").asText()).isEqualTo("manager-271");
        assertThat(server.hostUser(DIR, userId).orElseThrow().givenName()).isEqualTo("Ann");
    }

    @Test
    @Order(8)
    void createGroup() {
        ScimClient.Answer second = entra.post("/Users", """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "second@testuser.com",
                 "active": true, "emails": [{"primary": true, "type": "work", "value": "second@testuser.com"}]}
                """);
        assertThat(second.status()).as(second.toString()).isEqualTo(201);
        secondUserId = second.json().path("id").asText();
        ScimClient.Answer a = entra.post("/Groups", """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group",
                             "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/Group"],
                 "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
                 "displayName": "displayName",
                 "meta": {"resourceType": "Group"}}
                """);
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        groupId = a.json().path("id").asText();
        assertThat(a.json().path("displayName").asText()).isEqualTo("displayName");
    }

    @Test
    @Order(9)
    void getGroupExcludingMembers() {
        ScimClient.Answer a = entra.get("/Groups/" + groupId + "?excludedAttributes=members");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().has("members")).isFalse();
        assertThat(a.json().path("externalId").asText()).isEqualTo("8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159");
    }

    @Test
    @Order(10)
    void getGroupByDisplayName() {
        ScimClient.Answer a = entra.get("/Groups?excludedAttributes=members&filter=" + q("displayName eq \"displayName\""));
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().path("totalResults").asInt()).isEqualTo(1);
        assertThat(a.json().path("Resources").get(0).path("id").asText()).isEqualTo(groupId);
    }

    @Test
    @Order(11)
    void updateGroupNonMemberAttributes() {
        ScimClient.Answer a = entra.patch("/Groups/" + groupId, """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "Replace", "path": "displayName",
                                 "value": "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName"}]}
                """);
        assertThat(a.status()).as(a.toString()).isIn(200, 204);
        assertThat(entra.get("/Groups/" + groupId).json().path("displayName").asText())
                .isEqualTo("1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName");
    }

    @Test
    @Order(12)
    void updateGroupAddMembers() {
        ScimClient.Answer a = entra.patch("/Groups/" + groupId, """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "Add", "path": "members",
                                 "value": [{"$ref": null, "value": "%s"}, {"$ref": null, "value": "%s"}]}]}
                """.formatted(userId, secondUserId));
        assertThat(a.status()).as(a.toString()).isIn(200, 204);
        assertThat(members()).containsExactlyInAnyOrder(userId, secondUserId);
    }

    @Test
    @Order(13)
    void updateGroupRemoveMembers() {
        ScimClient.Answer a = entra.patch("/Groups/" + groupId, """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "Remove", "path": "members", "value": [{"$ref": null, "value": "%s"}]}]}
                """.formatted(secondUserId));
        assertThat(a.status()).as(a.toString()).isIn(200, 204);
        assertThat(members()).containsExactly(userId);
        ScimClient.Answer filtered = entra.patch("/Groups/" + groupId, """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "Remove", "path": "members[value eq \\"%s\\"]"}]}
                """.formatted(userId));
        assertThat(filtered.status()).as(filtered.toString()).isIn(200, 204);
        assertThat(members()).isEmpty();
    }

    @Test
    @Order(14)
    void disableUser() {
        ScimClient.Answer a = entra.patch("/Users/" + userId, """
                {"Operations": [{"op": "Replace", "path": "active", "value": "False"}],
                 "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}
                """);
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().path("active").asBoolean(true)).isFalse();
        assertThat(server.hostUser(DIR, userId).orElseThrow().status()).isNotEqualTo(UserStatus.ACTIVE);
        // a deactivated user stays readable and filterable
        assertThat(entra.get("/Users/" + userId).status()).isEqualTo(200);
        assertThat(entra.get("/Users?filter=" + q("active eq false")).json().path("totalResults").asInt()).isEqualTo(1);
    }

    @Test
    @Order(15)
    void deleteUser() {
        assertThat(entra.delete("/Users/" + userId).status()).isEqualTo(204);
        ScimClient.Answer gone = entra.get("/Users/" + userId);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
    }

    @Test
    @Order(16)
    void deleteGroup() {
        assertThat(entra.delete("/Groups/" + groupId).status()).isEqualTo(204);
        assertThat(entra.get("/Groups/" + groupId).status()).isEqualTo(404);
    }

    private java.util.List<String> members() {
        java.util.List<String> out = new java.util.ArrayList<>();
        entra.get("/Groups/" + groupId).json().path("members").forEach(m -> out.add(m.path("value").asText()));
        return out;
    }
}
