package dev.dirsync.servlet;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.state.StateStore;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.testkit.OutageStateStore;
import dev.dirsync.core.testkit.MutableClock;
import dev.dirsync.core.testkit.RecordingRevokers;
import dev.dirsync.core.workos.WebhookVerifier;
import dev.dirsync.core.workos.WorkosConfig;
import dev.dirsync.core.workos.WorkosSource;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The WorkOS webhook endpoint mounted by DirsyncServlets.register in a real Jetty, fed signed deliveries. */
class WorkosWebhookServletTest {
    private static final String SECRET = "whsec_test_secret";
    private static final String WORKOS_ORG = "org_01HACME";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:10:00Z"));
    private final InMemoryUserStore users = new InMemoryUserStore(clock);
    private final RecordingRevokers host = new RecordingRevokers();
    private final OutageStateStore state = new OutageStateStore();
    private final DirectorySync sync = DirectorySync.builder().stateStore(state).userStore(users)
            .sessionRevoker(host).apiKeyRevoker(host).notifier(host).clock(clock).build();
    private final HttpClient client = HttpClient.newHttpClient();
    private Server server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        sync.createOrganization("acme", "Acme", WORKOS_ORG, OrganizationSettings.defaults());
        WorkosSource workos = WorkosSource.create(sync, WorkosConfig.builder().apiKey("sk_test")
                .apiBaseUrl(URI.create("http://127.0.0.1:9")).webhookSecret(SECRET).build());
        DirsyncServlets servlets = DirsyncServlets.builder(sync).workosWebhook(workos)
                .webhookRateLimit(5, 0.001).maxWebhookBytes(4096).build();
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler ctx = new ServletContextHandler();
        ctx.addEventListener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent sce) {
                servlets.register(sce.getServletContext()); // the one-call registration a host would make
            }
        });
        server.setHandler(ctx);
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    private static String userCreated(String eventId, String userId, String email) {
        return """
                {"object":"event","id":"%s","event":"dsync.user.created","created_at":"2026-03-02T09:05:00.000Z",
                 "data":{"object":"directory_user","id":"%s","idp_id":"00u1","directory_id":"directory_01",
                 "organization_id":"%s","email":"%s","first_name":"Bob","last_name":"Smith","state":"active",
                 "custom_attributes":{},"raw_attributes":{},"role":{"slug":"member"},
                 "created_at":"2026-03-02T09:05:00.000Z","updated_at":"2026-03-02T09:05:00.000Z"}}"""
                .formatted(eventId, userId, WORKOS_ORG, email);
    }

    private HttpResponse<String> post(String body, String signature) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/webhooks/workos"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (signature != null) {
            b.header("WorkOS-Signature", signature);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    // workos-java checks the signature's age against the wall clock, so deliveries are signed "now"
    private String sign(String body) {
        return WebhookVerifier.sign(body, SECRET, System.currentTimeMillis());
    }

    @Test
    void aSignedDeliveryIsAppliedAndItsRedeliveryAcknowledged() throws Exception {
        String body = userCreated("event_01", "directory_user_01", "bob@acme.test");

        HttpResponse<String> first = post(body, sign(body));
        HttpResponse<String> again = post(body, sign(body));

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).contains("\"status\":\"applied\"");
        assertThat(users.byEmail("acme", "bob@acme.test")).isPresent();
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"status\":\"duplicate\"");
        assertThat(users.rows("acme")).hasSize(1);
    }

    @Test
    void aTamperedOrUnsignedOrStaleDeliveryIs401AndStoresNothing() throws Exception {
        String body = userCreated("event_02", "directory_user_02", "eve@acme.test");
        String signature = sign(body);

        assertThat(post(body.replace("eve@", "mallory@"), signature).statusCode()).isEqualTo(401);
        assertThat(post(body, null).statusCode()).isEqualTo(401);
        assertThat(post(body, WebhookVerifier.sign(body, SECRET, System.currentTimeMillis() - 600_000))
                .statusCode()).isEqualTo(401);
        HttpResponse<String> wrongSecret = post(body, WebhookVerifier.sign(body, "whsec_other", System.currentTimeMillis()));
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(wrongSecret.body()).isEqualTo("{\"error\":\"invalid_signature\"}");
        assertThat(users.rows("acme")).isEmpty();
        assertThat(sync.directory("acme").counts()).isEqualTo(dev.dirsync.core.read.DirectoryCounts.EMPTY);
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        String body = userCreated("event_03", "directory_user_03", "big@acme.test").replace("\"custom_attributes\":{}",
                "\"custom_attributes\":{\"blob\":\"" + "x".repeat(5000) + "\"}");
        assertThat(post(body, sign(body)).statusCode()).isEqualTo(413);
        assertThat(users.rows("acme")).isEmpty();
    }

    @Test
    void pastTheBurstBudgetTheAnswerIs429WithRetryAfter() throws Exception {
        String body = userCreated("event_04", "directory_user_04", "burst@acme.test");
        for (int i = 0; i < 5; i++) {
            assertThat(post(body, sign(body)).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> limited = post(body, sign(body));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void whenTheDatabaseIsDownTheAnswerIs503SoWorkosRetriesAndNothingLeaks() throws Exception {
        String body = userCreated("event_05", "directory_user_05", "later@acme.test");
        state.down(true);

        HttpResponse<String> r = post(body, sign(body));

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at dev.");
        state.down(false);
        assertThat(post(body, sign(body)).statusCode()).isEqualTo(200);
        assertThat(users.byEmail("acme", "later@acme.test")).isPresent();
    }

    @Test
    void onlyPostIsAccepted() throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/api/webhooks/workos")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
    }

    @Test
    void nothingButTheWebhookIsMountedUnlessAskedFor() throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/dirsync/api/organizations"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
    }
}
