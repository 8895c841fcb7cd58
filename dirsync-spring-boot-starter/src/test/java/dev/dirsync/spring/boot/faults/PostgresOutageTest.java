package dev.dirsync.spring.boot.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.spi.AdminAccess;
import dev.dirsync.core.spi.AdminDecision;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.testkit.RecordingRevokers;
import dev.dirsync.spring.boot.TestEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL going away, as the demo runs it (Spring transactions on a HikariCP pool with its default 30-s
 * connection timeout): webhooks answer 503 with Retry-After and SCIM a 503 within seconds, not after the pool's
 * timeout, and work resumes when the database is back. The outage is a proxy this test controls, never the server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "dirsync.workos.webhook-secret=" + PostgresOutageTest.SECRET,
        "dirsync.admin.enabled=true",
        "dirsync.scim.enabled=true",
        "spring.datasource.hikari.maximum-pool-size=4"})
class PostgresOutageTest {
    static final String SECRET = "whsec_outage";
    private static final String WORKOS_ORG = "org_01HOUTAGE";
    private static final String PREFIX = "o" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
    /** Far below HikariCP's 30 s, generous above dirsync's 2 s: a behaviour check, not a stopwatch. */
    private static final Duration QUICKLY = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TcpProxy proxy;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class HostApp {
        @Bean
        InMemoryUserStore userStore() {
            return new InMemoryUserStore();
        }

        @Bean
        RecordingRevokers revokers() {
            return new RecordingRevokers();
        }

        @Bean
        AdminAccess adminAccess() {
            return r -> AdminDecision.allow("ops");
        }
    }

    static String realUrl() {
        String url = System.getenv("DIRSYNC_TEST_POSTGRES_URL");
        return url == null || url.isBlank()
                ? "jdbc:postgresql://127.0.0.1:5432/dirsync_test?user=dirsync&password=dirsync" : url;
    }

    @DynamicPropertySource
    static void throughTheProxy(DynamicPropertyRegistry registry) throws Exception {
        URI real = URI.create(realUrl().substring("jdbc:".length()));
        proxy = new TcpProxy(real.getHost(), real.getPort() < 0 ? 5432 : real.getPort());
        String proxied = realUrl().replace(real.getHost() + (real.getPort() < 0 ? "" : ":" + real.getPort()),
                "127.0.0.1:" + proxy.port());
        registry.add("spring.datasource.url", () -> proxied);
        registry.add("dirsync.storage.table-prefix", () -> PREFIX);
    }

    @AfterAll
    static void dropTablesAndProxy() throws Exception {
        proxy.close();
        try (Connection c = DriverManager.getConnection(realUrl()); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    if (rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
                        tables.add(rs.getString("TABLE_NAME"));
                    }
                }
            }
            for (String t : tables) {
                s.execute("drop table if exists " + t);
            }
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    DirectorySync sync;
    @Autowired
    InMemoryUserStore users;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private record Timed(HttpResponse<String> response, Duration took) {
    }

    private Timed webhook(String body) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = TestEvents.post(http, url("/api/webhooks/workos"), body, SECRET);
        return new Timed(r, Duration.ofNanos(System.nanoTime() - t0));
    }

    private Timed scimList(String token) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("/scim/v2/Users")))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return new Timed(r, Duration.ofNanos(System.nanoTime() - t0));
    }

    private static String user(int i) {
        return TestEvents.userCreated("event_outage_" + i, WORKOS_ORG, "directory_user_outage_" + i,
                "person" + i + "@outage.test");
    }

    @Test
    void webhooksAndScimAnswer503WithinSecondsWhileTheDatabaseIsAwayAndWorkResumesAfter() throws Exception {
        sync.createOrganization("outage", "Outage Co", WORKOS_ORG, dev.dirsync.core.model.OrganizationSettings.defaults());
        String scimToken = sync.issueScimCredential("outage", "directory_scim", "Okta", Source.SYSTEM).token();
        assertThat(webhook(TestEvents.activated("event_outage_act", WORKOS_ORG)).response().statusCode()).isEqualTo(200);
        assertThat(webhook(user(1)).response().statusCode()).isEqualTo(200);

        proxy.blackhole();
        List<String> measured = new ArrayList<>();
        // one at a time: the first meets the dead pooled connections, the next ones a pool that cannot connect
        for (int i = 2; i <= 4; i++) {
            Timed t = webhook(user(i));
            measured.add("webhook " + i + ": " + t.response().statusCode() + " in " + t.took().toMillis() + " ms");
            assertThat(t.response().statusCode()).as(t.response().body()).isEqualTo(503);
            assertThat(t.response().headers().firstValue("Retry-After")).isPresent();
            assertThat(t.took()).isLessThan(QUICKLY);
        }
        Timed scim = scimList(scimToken);
        measured.add("SCIM: " + scim.response().statusCode() + " in " + scim.took().toMillis() + " ms");
        assertThat(scim.response().statusCode()).as(scim.response().body()).isEqualTo(503);
        assertThat(scim.response().headers().firstValue("Retry-After")).isPresent();
        assertThat(scim.took()).isLessThan(QUICKLY);

        Thread.sleep(6_000); // past the breaker's 5 s: the next one probes the database, and waits for it at most 2 s
        // a burst: none of them waits for the pool's 30 s, so no servlet thread is pinned for long
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Timed>> burst = new ArrayList<>();
            for (int i = 10; i < 18; i++) {
                int n = i;
                burst.add(pool.submit(() -> webhook(user(n))));
            }
            long slowest = 0;
            for (Future<Timed> f : burst) {
                Timed t = f.get();
                assertThat(t.response().statusCode()).as(t.response().body()).isEqualTo(503);
                assertThat(t.took()).isLessThan(QUICKLY);
                slowest = Math.max(slowest, t.took().toMillis());
            }
            measured.add("burst of 8 after the breaker reopened: all 503, slowest " + slowest + " ms");
        } finally {
            pool.shutdownNow();
        }

        proxy.forward();
        long t0 = System.nanoTime();
        HttpResponse<String> resumed = null;
        while (System.nanoTime() - t0 < Duration.ofSeconds(60).toNanos()) {
            resumed = webhook(user(2)).response(); // WorkOS redelivers what was answered 503
            if (resumed.statusCode() == 200) {
                break;
            }
            Thread.sleep(500);
        }
        measured.add("resumed after " + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms");
        System.out.println("[outage] " + String.join("; ", measured));
        assertThat(resumed).isNotNull();
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        assertThat(JSON.readTree(resumed.body()).path("status").asText()).isEqualTo("applied");
        for (int i = 3; i <= 4; i++) {
            assertThat(webhook(user(i)).response().statusCode()).isEqualTo(200);
        }
        assertThat(scimList(scimToken).response().statusCode()).isEqualTo(200);
        assertThat(users.rows("outage")).as("each user once, nothing lost").hasSize(4);
        assertThat(sync.directoryUsers("outage")).hasSize(4);
    }
}
