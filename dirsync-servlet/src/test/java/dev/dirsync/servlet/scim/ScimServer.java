package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.testkit.MutableClock;
import dev.dirsync.core.testkit.RecordingRevokers;
import dev.dirsync.servlet.DirsyncServlets;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A host application with dirsync's SCIM endpoint on a real Jetty (mounted by {@link DirsyncServlets}), an
 * organization "acme" and a SCIM token per IdP, plus an HTTP client that speaks to it like that IdP.
 */
final class ScimServer implements AutoCloseable {
    static final String ORG = "acme";
    private static final ObjectMapper JSON = new ObjectMapper();

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    final InMemoryUserStore users = new InMemoryUserStore(clock);
    final RecordingRevokers host = new RecordingRevokers();
    final DirectorySync sync = DirectorySync.builder().stateStore(new InMemoryStateStore()).userStore(users)
            .sessionRevoker(host).apiKeyRevoker(host).auditSink(host).notifier(host).clock(clock).build();
    private final Server server = new Server();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String base;

    ScimServer() throws Exception {
        this(DirsyncServlets.Builder::scim);
    }

    ScimServer(java.util.function.UnaryOperator<DirsyncServlets.Builder> configure) throws Exception {
        sync.createOrganization(ORG, "Acme Inc.");
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler ctx = new ServletContextHandler();
        ctx.setContextPath("/");
        for (DirsyncServlets.Mount m : configure.apply(DirsyncServlets.builder(sync)).build().mounts()) {
            ctx.addServlet(new ServletHolder(m.name(), m.servlet()), m.urlPattern());
        }
        server.setHandler(ctx);
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort() + "/scim/v2";
    }

    /** Issues a SCIM token for a directory of "acme", as the admin does in the Directory Sync settings. */
    Client client(String provider, String directoryId) {
        String token = sync.issueScimCredential(ORG, directoryId, provider, Source.admin("admin@acme.test")).token();
        return new Client(token);
    }

    Optional<InMemoryUserStore.Row> hostUser(String directoryId, String scimId) {
        return users.byDirectoryUser(new DirectoryUserKey(ORG, directoryId, scimId));
    }

    /** A JSON string literal. */
    static String json(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** One answer: status, headers and the body as JSON (missing if empty or not JSON). */
    record Answer(int status, java.net.http.HttpHeaders headers, String text) {
        JsonNode json() {
            try {
                return text.isBlank() ? MissingNode.getInstance() : JSON.readTree(text);
            } catch (Exception e) {
                return MissingNode.getInstance();
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + text;
        }
    }

    /** An IdP's HTTP client with its bearer token. */
    final class Client {
        final String token;

        Client(String token) {
            this.token = token;
        }

        Answer send(String method, String path, String body, String... headers) {
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body));
                if (token != null) {
                    b.header("Authorization", "Bearer " + token);
                }
                boolean typed = false;
                for (int i = 0; i < headers.length; i += 2) {
                    b.header(headers[i], headers[i + 1]);
                    typed |= headers[i].equalsIgnoreCase("Content-Type");
                }
                if (body != null && !typed) {
                    b.header("Content-Type", "application/scim+json");
                }
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                return new Answer(r.statusCode(), r.headers(), r.body());
            } catch (Exception e) {
                throw new AssertionError(method + " " + path + " failed: " + e, e);
            }
        }

        Answer get(String path) {
            return send("GET", path, null);
        }

        Answer post(String path, String body) {
            return send("POST", path, body);
        }

        Answer put(String path, String body) {
            return send("PUT", path, body);
        }

        Answer patch(String path, String body) {
            return send("PATCH", path, body);
        }

        Answer delete(String path) {
            return send("DELETE", path, null);
        }
    }
}
