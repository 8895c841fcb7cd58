package dev.dirsync.servlet;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.testkit.RecordingRevokers;
import dev.dirsync.core.workos.WebhookVerifier;
import dev.dirsync.core.workos.WorkosConfig;
import dev.dirsync.core.workos.WorkosSource;
import jakarta.servlet.http.HttpServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fair intake at the WorkOS webhook over real HTTP: forged deliveries are charged to their sender's address,
 * authentic ones to their own organization, so neither a flood nor another tenant's burst answers a tenant 429.
 */
class WebhookFairIntakeTest {
    private static final String SECRET = "whsec_fair_intake";
    private static final String ACME = "org_01HACME";
    private static final String GLOBEX = "org_01HGLOBEX";

    private final InMemoryUserStore users = new InMemoryUserStore();
    private final RecordingRevokers host = new RecordingRevokers();
    private final DirectorySync sync = DirectorySync.builder().stateStore(new InMemoryStateStore()).userStore(users)
            .sessionRevoker(host).apiKeyRevoker(host).notifier(host).build();
    private final WorkosSource workos = WorkosSource.create(sync, WorkosConfig.builder().apiKey("sk_test")
            .apiBaseUrl(URI.create("http://127.0.0.1:9")).webhookSecret(SECRET).build());
    private JettyHarness http;

    private void start(boolean behindProxy, UnaryOperator<DirsyncServlets.Builder> configure) throws Exception {
        sync.createOrganization("acme", "Acme", ACME, OrganizationSettings.defaults());
        sync.createOrganization("globex", "Globex", GLOBEX, OrganizationSettings.defaults());
        Map<String, HttpServlet> servlets = configure.apply(DirsyncServlets.builder(sync).workosWebhook(workos)).build()
                .mounts().stream().collect(Collectors.toMap(DirsyncServlets.Mount::urlPattern,
                        DirsyncServlets.Mount::servlet));
        http = new JettyHarness(servlets, behindProxy);
    }

    @AfterEach
    void stop() throws Exception {
        if (http != null) {
            http.close();
        }
    }

    private static String userCreated(String workosOrg, String eventId, String userId, String email) {
        return """
                {"object":"event","id":"%s","event":"dsync.user.created","created_at":"2026-03-02T09:05:00.000Z",
                 "data":{"object":"directory_user","id":"%s","idp_id":"00u1","directory_id":"directory_%s",
                 "organization_id":"%s","email":"%s","first_name":"Bob","last_name":"Smith","state":"active",
                 "custom_attributes":{},"raw_attributes":{},"role":{"slug":"member"},
                 "created_at":"2026-03-02T09:05:00.000Z","updated_at":"2026-03-02T09:05:00.000Z"}}"""
                .formatted(eventId, userId, workosOrg, workosOrg, email);
    }

    private HttpResponse<String> signed(String body) throws Exception {
        return http.send("POST", "/api/webhooks/workos", body, "Content-Type", "application/json",
                "WorkOS-Signature", WebhookVerifier.sign(body, SECRET, System.currentTimeMillis()));
    }

    private HttpResponse<String> deliver(String workosOrg, int i) throws Exception {
        return signed(userCreated(workosOrg, "event_" + workosOrg + "_" + i, "directory_user_" + workosOrg + "_" + i,
                "user" + i + "@" + workosOrg.toLowerCase() + ".test"));
    }

    @Test
    void aFloodOfUnsignedRequestsNeverAnswersAnotherOrganizationsSignedDeliveriesWith429() throws Exception {
        start(false, b -> b); // the defaults a host gets
        String garbage = userCreated(GLOBEX, "event_forged", "directory_user_forged", "mallory@globex.test");
        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicLong sent = new AtomicLong();
        AtomicLong throttled = new AtomicLong();
        AtomicLong other = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> flooders = new ArrayList<>();
        long began = System.nanoTime();
        for (int t = 0; t < 6; t++) {
            flooders.add(pool.submit(() -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20); // bounded even if the test fails
                try (RawHttpFlood flood = new RawHttpFlood(http.base, "POST", "/api/webhooks/workos", garbage,
                        "Content-Type", "application/json", "WorkOS-Signature", "t=1, v1=00")) {
                    while (flooding.get() && System.nanoTime() < deadline) {
                        int status = flood.send();
                        sent.incrementAndGet();
                        if (status == 429) {
                            throttled.incrementAndGet();
                        } else if (status != 401) {
                            other.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        // past the 2,000-request burst a single shared budget would have had, then deliver for acme meanwhile
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (sent.get() < 3_000 && System.nanoTime() < waitUntil) {
            Thread.sleep(10);
        }
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            statuses.add(deliver(ACME, i).statusCode());
        }
        long floodSent = sent.get();
        double seconds = (System.nanoTime() - began) / 1e9;
        flooding.set(false);
        for (Future<?> f : flooders) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        System.out.printf("flood: %d unsigned requests in %.1f s (%.0f/s), %d answered 429%n", floodSent, seconds,
                floodSent / seconds, throttled.get());
        assertThat(statuses).as("acme's signed deliveries during the flood").containsOnly(200);
        assertThat(floodSent / seconds).as("unsigned requests per second").isGreaterThanOrEqualTo(1_000);
        assertThat(throttled.get()).as("the flood is throttled at its own address").isPositive();
        assertThat(other.get()).as("forged deliveries are only ever 401 or 429").isZero();
        assertThat(users.rows("acme")).hasSize(100);
        assertThat(users.rows("globex")).as("nothing forged was applied").isEmpty();
    }

    @Test
    void aTenantOverItsOwnBudgetGets429WhileAnotherTenantsDeliveriesPass() throws Exception {
        start(false, b -> b.webhookRateLimit(5, 0.001));
        for (int i = 0; i < 5; i++) {
            assertThat(deliver(ACME, i).statusCode()).isEqualTo(200);
        }

        HttpResponse<String> over = deliver(ACME, 5);
        HttpResponse<String> other = deliver(GLOBEX, 0);

        assertThat(over.statusCode()).isEqualTo(429);
        assertThat(over.headers().firstValue("Retry-After")).hasValueSatisfying(v ->
                assertThat(Long.parseLong(v)).isPositive());
        assertThat(over.body()).contains("this organization's webhook budget");
        assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
        assertThat(users.rows("globex")).hasSize(1);
        assertThat(users.rows("acme")).hasSize(5);
    }

    @Test
    void forgedDeliveriesPastTheirAddressBudgetAre429WhileSignedOnesFromTheSameAddressPass() throws Exception {
        start(false, b -> b.unauthenticatedRateLimit(3, 0.001));
        String body = userCreated(ACME, "event_x", "directory_user_x", "x@acme.test");
        for (int i = 0; i < 3; i++) {
            assertThat(http.send("POST", "/api/webhooks/workos", body).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> limited = http.send("POST", "/api/webhooks/workos", body);
        HttpResponse<String> spoofed = http.send("POST", "/api/webhooks/workos", body, "X-Forwarded-For", "203.0.113.9");
        HttpResponse<String> authentic = signed(body);

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(spoofed.statusCode()).as("dirsync never trusts X-Forwarded-For by itself").isEqualTo(429);
        assertThat(authentic.statusCode()).as(authentic.body()).isEqualTo(200);
        assertThat(workos.webhooks().signatureFailures()).as("every forged delivery counts for health").isEqualTo(5);
    }

    @Test
    void behindAProxyThatSetsTheClientAddressEachClientHasItsOwnFailureBudget() throws Exception {
        start(true, b -> b.unauthenticatedRateLimit(2, 0.001));
        String body = userCreated(ACME, "event_y", "directory_user_y", "y@acme.test");
        for (int i = 0; i < 2; i++) {
            http.send("POST", "/api/webhooks/workos", body, "X-Forwarded-For", "198.51.100.1");
        }

        assertThat(http.send("POST", "/api/webhooks/workos", body, "X-Forwarded-For", "198.51.100.1").statusCode())
                .isEqualTo(429);
        assertThat(http.send("POST", "/api/webhooks/workos", body, "X-Forwarded-For", "198.51.100.2").statusCode())
                .as("another client behind the same proxy").isEqualTo(401);
    }
}
