package dev.dirsync.examples.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.dirsync.core.workos.WebhookVerifier;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The floor dirsync's webhook intake is measured against: a bare JDK {@code HttpServer} that does the least any
 * receiver must do per delivery, namely verify the WorkOS HMAC (with dirsync's own {@link WebhookVerifier}), read the
 * event id from the JSON and store one row (one INSERT/MERGE, autocommit) in the same database, through the same
 * pool size the demo's Spring Boot gets by default (HikariCP, 10 connections).
 *
 * <pre>
 * FloorServer --port=38081 --url=jdbc:h2:file:/tmp/floor/db --user=sa --password= --secret=whsec_demo_local_only
 * </pre>
 */
public final class FloorServer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FloorServer() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Args.parse(args);
        int port = Integer.parseInt(a.getOrDefault("port", "38081"));
        String url = a.getOrDefault("url", "jdbc:h2:file:./target/floor/db;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE");
        String secret = a.getOrDefault("secret", "whsec_demo_local_only");
        int threads = Integer.parseInt(a.getOrDefault("threads", "32"));

        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setUsername(a.getOrDefault("user", "sa"));
        hc.setPassword(a.getOrDefault("password", ""));
        hc.setMaximumPoolSize(Integer.parseInt(a.getOrDefault("pool", "10")));
        HikariDataSource ds = new HikariDataSource(hc);
        boolean postgres = url.startsWith("jdbc:postgresql:");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS floor_events (event_id VARCHAR(191) PRIMARY KEY, "
                    + "event_type VARCHAR(64) NOT NULL, received_at TIMESTAMP NOT NULL)");
        }
        String insert = postgres
                ? "INSERT INTO floor_events (event_id, event_type, received_at) VALUES (?, ?, ?) ON CONFLICT (event_id) DO NOTHING"
                : "MERGE INTO floor_events (event_id, event_type, received_at) KEY (event_id) VALUES (?, ?, ?)";
        WebhookVerifier verifier = new WebhookVerifier(List.of(secret), WebhookVerifier.DEFAULT_TOLERANCE,
                Clock.systemUTC());

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        server.setExecutor(pool);
        server.createContext("/", exchange -> {
            try (exchange) {
                handle(exchange, verifier, ds, insert);
            } catch (RuntimeException | SQLException e) {
                e.printStackTrace();
                reply(exchange, 503, "{\"error\":\"unavailable\"}");
            }
        });
        server.start();
        System.out.println("floor server on http://127.0.0.1:" + port + "/ (" + url + ")");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            pool.shutdownNow();
            ds.close();
        }));
    }

    private static void handle(HttpExchange exchange, WebhookVerifier verifier, HikariDataSource ds, String insert)
            throws IOException, SQLException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            reply(exchange, 405, "{}");
            return;
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        WebhookVerifier.Check check = verifier.verify(body, exchange.getRequestHeaders().getFirst("WorkOS-Signature"));
        if (!(check instanceof WebhookVerifier.Check.Valid)) {
            reply(exchange, 401, "{\"error\":\"invalid_signature\"}");
            return;
        }
        JsonNode event = JSON.readTree(body);
        String id = event.path("id").asText();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(insert)) {
            ps.setString(1, id);
            ps.setString(2, event.path("event").asText());
            ps.setTimestamp(3, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        }
        reply(exchange, 200, "{\"status\":\"stored\",\"eventId\":" + JSON.writeValueAsString(id) + "}");
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] out = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, out.length);
        try (OutputStream o = exchange.getResponseBody()) {
            o.write(out);
        }
    }
}
