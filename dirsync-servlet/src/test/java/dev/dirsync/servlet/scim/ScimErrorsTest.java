package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dirsync.core.state.StateStoreUnavailableException;
import dev.dirsync.core.testkit.OutageStateStore;
import dev.dirsync.servlet.RateLimiter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.dirsync.servlet.scim.ScimClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/** What an IdP is answered when something fails: its own request, SCIM-SDK, dirsync's database or dirsync itself. */
class ScimErrorsTest {
    private static final String DIR = "directory_errors";
    private static final String USER = """
            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "%s"}
            """;
    private ScimServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private ScimClient.Client start(dev.dirsync.core.state.StateStore state) throws Exception {
        server = new ScimServer(state, sync -> Map.of("/scim/v2/*",
                new ScimServlet(sync, new RateLimiter(100_000, 100_000), ScimSettings.defaults())));
        return server.client("Okta", DIR);
    }

    @Test
    void whileTheDatabaseIsDownEveryRequestIs503WithRetryAfterAndSucceedsAgainLater() throws Exception {
        FaultyMirrorStore state = new FaultyMirrorStore();
        ScimClient.Client okta = start(state);
        String id = okta.post("/Users", USER.formatted("ann")).json().path("id").asText();

        state.fail(new StateStoreUnavailableException("connection refused", new java.io.IOException("refused")));
        for (ScimClient.Answer a : new ScimClient.Answer[]{okta.get("/Users/" + id),
                okta.get("/Users?filter=" + q("title pr")), okta.post("/Users", USER.formatted("bob")),
                okta.patch("/Users/" + id, """
                        {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                         "Operations": [{"op": "replace", "path": "title", "value": "Lead"}]}
                        """), okta.delete("/Users/" + id)}) {
            GenericRfcClientTest.assertError(a, 503, null);
            assertThat(a.header("Retry-After")).as(a.toString()).isEqualTo("10");
            assertThat(a.json().path("detail").asText()).contains("try again later");
        }

        state.fail(null);
        assertThat(okta.get("/Users/" + id).status()).isEqualTo(200);
        assertThat(okta.post("/Users", USER.formatted("bob")).status()).isEqualTo(201);
    }

    @Test
    void whenEvenTokensCannotBeCheckedTheAnswerIs503WithRetryAfter() throws Exception {
        OutageStateStore state = new OutageStateStore();
        ScimClient.Client okta = start(state);
        state.down(true);
        ScimClient.Answer a = okta.get("/Users");
        GenericRfcClientTest.assertError(a, 503, null);
        assertThat(a.header("Retry-After")).isEqualTo("10");
    }

    @Test
    void aFailureOfDirsyncItselfIs500AndTellsTheClientNothingInternal() throws Exception {
        FaultyMirrorStore state = new FaultyMirrorStore();
        ScimClient.Client okta = start(state);
        String id = okta.post("/Users", USER.formatted("ann")).json().path("id").asText();

        state.fail(new IllegalStateException("secret table dirsync_mirror_user is corrupt"));
        for (ScimClient.Answer a : new ScimClient.Answer[]{okta.get("/Users/" + id),
                okta.get("/Users?filter=" + q("title pr")), okta.post("/Users", USER.formatted("bob")),
                okta.put("/Users/" + id, USER.formatted("ann"))}) {
            GenericRfcClientTest.assertError(a, 500, null);
            assertThat(a.text()).doesNotContain("secret").doesNotContain("IllegalState");
            assertThat(a.json().path("detail").asText()).isEqualTo(ScimError.UNEXPECTED);
            assertThat(a.header("Retry-After")).isNull();
        }
    }

    @Test
    void refusalsOfScimSdkKeepTheirStatusScimTypeAndDetail() throws Exception {
        ScimClient.Client okta = start(new dev.dirsync.core.state.memory.InMemoryStateStore());
        String id = okta.post("/Users", USER.formatted("ann")).json().path("id").asText();

        GenericRfcClientTest.assertError(okta.get("/Users/nope"), 404, null);
        GenericRfcClientTest.assertError(okta.get("/Users?filter=" + q("userName eq")), 400, "invalidFilter");
        GenericRfcClientTest.assertError(okta.get("/Users?filter=" + q("userName xx \"ann\"")), 400, null);
        GenericRfcClientTest.assertError(okta.get("/Users?sortBy=" + q("nope.nothing")), 400, null);
        ScimClient.Answer taken = okta.post("/Users", USER.formatted("ANN"));
        GenericRfcClientTest.assertError(taken, 409, "uniqueness");
        assertThat(taken.json().path("detail").asText()).contains(id);
        GenericRfcClientTest.assertError(okta.send("PUT", "/Users/" + id, USER.formatted("ann"),
                "If-Match", "W/\"old\""), 412, null);
        ScimClient.Answer invalid = okta.post("/Users", """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "bob", "active": "maybe"}
                """);
        GenericRfcClientTest.assertError(invalid, 400, null);
        JsonNode body = invalid.json();
        assertThat(body.path("detail").asText()).as(invalid.toString()).containsIgnoringCase("active");
    }

    @Test
    void aPatchValueThatIsNullIsTheClientsErrorAndChangesNothing() throws Exception {
        ScimClient.Client okta = start(new dev.dirsync.core.state.memory.InMemoryStateStore());
        String id = okta.post("/Users", """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "ann",
                 "emails": [{"value": "ann@work.test", "type": "work"}]}
                """).json().path("id").asText();
        ScimClient.Answer a = okta.patch("/Users/" + id, """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "add", "path": "emails[type eq \\"work\\"].value", "value": null}]}
                """);
        GenericRfcClientTest.assertError(a, 400, "invalidValue");
        assertThat(okta.get("/Users/" + id).json().path("emails").get(0).path("value").asText())
                .isEqualTo("ann@work.test");
    }
}
