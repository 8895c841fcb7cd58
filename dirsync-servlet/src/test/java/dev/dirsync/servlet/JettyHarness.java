package dev.dirsync.servlet;

import jakarta.servlet.http.HttpServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A real Jetty on a free loopback port with the servlets under test, and an HTTP client for it. */
final class JettyHarness implements AutoCloseable {
    private final Server server = new Server();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String base;

    JettyHarness(Map<String, HttpServlet> servletsByPath) throws Exception {
        this(servletsByPath, false);
    }

    /** Every servlet of {@code servlets} at its URL pattern, as a host mounts them. */
    static JettyHarness of(DirsyncServlets servlets) throws Exception {
        Map<String, HttpServlet> byPath = new java.util.LinkedHashMap<>();
        servlets.mounts().forEach(m -> byPath.put(m.urlPattern(), m.servlet()));
        return new JettyHarness(byPath);
    }

    /**
     * @param behindProxy as a host behind a reverse proxy configures Jetty: {@code Forwarded}/{@code X-Forwarded-*}
     *        headers set the request's client address and scheme ({@code getRemoteAddr()}, {@code isSecure()})
     */
    JettyHarness(Map<String, HttpServlet> servletsByPath, boolean behindProxy) throws Exception {
        HttpConfiguration config = new HttpConfiguration();
        if (behindProxy) {
            config.addCustomizer(new ForwardedRequestCustomizer());
        }
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler ctx = new ServletContextHandler();
        ctx.setContextPath("/");
        servletsByPath.forEach((path, servlet) -> ctx.addServlet(new ServletHolder(servlet), path));
        server.setHandler(ctx);
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort();
    }

    HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
