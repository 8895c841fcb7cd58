package dev.dirsync.servlet.scim;

import dev.dirsync.core.model.UserStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.dirsync.servlet.scim.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OneLogin's and JumpCloud's SCIM provisioning as their admin guides describe it: both look users up by userName,
 * create with POST, send every later change as a full PUT (deprovisioning as {@code active: false}), and push
 * group membership with PATCH.
 */
public abstract class OneLoginAndJumpCloudConformance {
    private ScimHost server;

    /** The host under test: the Jetty harness, or the demo app. */
    protected abstract ScimHost newHost() throws Exception;

    @BeforeEach
    void start() throws Exception {
        server = newHost();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void oneLoginProvisionsUpdatesWithPutAndDeprovisions() {
        ScimClient.Client onelogin = server.client("OneLogin", "directory_onelogin");
        assertThat(onelogin.get("/Users?filter=" + q("userName eq \"kate@acme.test\"")).json().path("totalResults").asInt())
                .isZero();
        ScimClient.Answer created = onelogin.send("POST", "/Users", """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 "userName": "kate@acme.test", "externalId": "48213", "name": {"givenName": "Kate", "familyName": "Ross"},
                 "emails": [{"value": "kate@acme.test", "primary": true}],
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Sales",
                     "manager": {"value": "mgr-1"}}}
                """, "Content-Type", "application/json");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().path("id").asText();

        ScimClient.Answer put = onelogin.put("/Users/" + id, """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                 "userName": "kate@acme.test", "externalId": "48213", "name": {"givenName": "Kate", "familyName": "Ross-Lee"},
                 "emails": [{"value": "kate@acme.test", "primary": true}], "title": null,
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Marketing", "manager": "mgr-2"}}
                """);
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").path("manager")
                .path("value").asText()).isEqualTo("mgr-2");
        assertThat(server.hostUser("directory_onelogin", id).orElseThrow().familyName()).isEqualTo("Ross-Lee");

        ScimClient.Answer off = onelogin.put("/Users/" + id, """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "kate@acme.test",
                 "active": false, "emails": [{"value": "kate@acme.test", "primary": true}]}
                """);
        assertThat(off.status()).as(off.toString()).isEqualTo(200);
        assertThat(server.hostUser("directory_onelogin", id).orElseThrow().status()).isNotEqualTo(UserStatus.ACTIVE);
    }

    @Test
    void jumpCloudPushesGroupsAndRemovesMembersByReplacingThemWithNone() {
        ScimClient.Client jumpcloud = server.client("JumpCloud", "directory_jumpcloud");
        String a = jumpcloud.post("/Users", user("ann")).json().path("id").asText();
        String b = jumpcloud.post("/Users", user("ben")).json().path("id").asText();
        ScimClient.Answer group = jumpcloud.post("/Groups", """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Engineering",
                 "members": [{"value": "%s"}]}
                """.formatted(a));
        assertThat(group.status()).as(group.toString()).isEqualTo(201);
        String g = group.json().path("id").asText();
        ScimClient.Answer add = jumpcloud.patch("/Groups/" + g, """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "add", "value": {"members": [{"value": "%s"}]}}]}
                """.formatted(b));
        assertThat(add.status()).as(add.toString()).isIn(200, 204);
        assertThat(jumpcloud.get("/Groups/" + g).json().path("members").size()).isEqualTo(2);

        ScimClient.Answer none = jumpcloud.patch("/Groups/" + g, """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "path": "members", "value": []}]}
                """);
        assertThat(none.status()).as(none.toString()).isIn(200, 204);
        assertThat(jumpcloud.get("/Groups/" + g).json().path("members").size()).isZero();
    }

    private static String user(String name) {
        return """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "%s@acme.test",
                 "emails": [{"value": "%s@acme.test", "type": "work", "primary": true}], "active": true}
                """.formatted(name, name);
    }
}
