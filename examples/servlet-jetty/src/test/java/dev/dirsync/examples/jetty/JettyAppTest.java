package dev.dirsync.examples.jetty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.workos.WebhookVerifier;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The plain Jetty app over real HTTP: signed webhooks provision and offboard, the admin API shows the audit. */
class JettyAppTest {
    private static final String SECRET = "whsec_jetty_test";
    private static final String TOKEN = "jetty-admin-token";
    private static final String DIRECTORY = "directory_01JETTYOKTA";

    private final Accounts accounts = new Accounts();
    private final HttpClient http = HttpClient.newHttpClient();
    private Server server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:jetty_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        server = JettyApp.start(0, h2, accounts, SECRET, TOKEN);
        base = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void signedWebhooksProvisionAndOffboardAndTheAdminApiShowsIt() throws Exception {
        assertThat(webhook("event_1", "dsync.activated", """
                {"object":"directory","id":"%s","organization_id":"%s","name":"Okta","state":"active",
                 "type":"okta scim v2.0","domains":[]}""".formatted(DIRECTORY, JettyApp.WORKOS_ORGANIZATION), SECRET)
                .statusCode()).isEqualTo(200);
        HttpResponse<String> created = webhook("event_2", "dsync.user.created", user("active", "09:05"), SECRET);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(accounts.all()).singleElement().satisfies(a -> {
            assertThat(a.email).isEqualTo("grace@acme.test");
            assertThat(a.status).isEqualTo(UserStatus.ACTIVE);
            a.sessions.set(2); // she signs in twice
        });

        assertThat(webhook("event_3", "dsync.user.updated", user("inactive", "09:10"), "whsec_forged").statusCode())
                .isEqualTo(401);
        assertThat(accounts.all().get(0).status).isEqualTo(UserStatus.ACTIVE);
        assertThat(webhook("event_3", "dsync.user.updated", user("inactive", "09:10"), SECRET).statusCode())
                .isEqualTo(200);
        assertThat(accounts.all().get(0).status).isEqualTo(UserStatus.DEACTIVATED);
        assertThat(accounts.all().get(0).sessions.get()).isZero();

        String audit = "/dirsync/api/organizations/" + JettyApp.ORGANIZATION + "/audit";
        assertThat(get(audit, null).statusCode()).isEqualTo(401);
        HttpResponse<String> r = get(audit, "Bearer " + TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode entries = new ObjectMapper().readTree(r.body()).path("entries");
        assertThat(entries.findValuesAsText("action")).contains("user_provisioned", "user_deactivated");
    }

    private static String user(String state, String time) {
        return """
                {"object":"directory_user","id":"directory_user_grace","idp_id":"00ugrace","directory_id":"%s",
                 "organization_id":"%s","first_name":"Grace","last_name":"Hopper","email":"grace@acme.test",
                 "state":"%s","created_at":"2026-03-02T09:00:00.000Z","updated_at":"2026-03-02T%s:00.000Z",
                 "emails":[{"primary":true,"type":"work","value":"grace@acme.test"}],"raw_attributes":{},
                 "custom_attributes":{}}""".formatted(DIRECTORY, JettyApp.WORKOS_ORGANIZATION, state, time);
    }

    private HttpResponse<String> webhook(String id, String type, String data, String secret) throws Exception {
        String body = "{\"object\":\"event\",\"id\":\"" + id + "\",\"event\":\"" + type + "\",\"data\":" + data
                + ",\"created_at\":\"2026-03-02T09:00:00.000Z\"}";
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/webhooks/workos"))
                .header("WorkOS-Signature", WebhookVerifier.sign(body, secret, System.currentTimeMillis()))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String auth) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path));
        if (auth != null) {
            r.header("Authorization", auth);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }
}
