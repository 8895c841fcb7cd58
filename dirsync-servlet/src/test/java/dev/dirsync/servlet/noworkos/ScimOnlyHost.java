package dev.dirsync.servlet.noworkos;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.spi.AdminDecision;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.testkit.RecordingRevokers;
import dev.dirsync.servlet.DirsyncServlets;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Supplier;

/**
 * A host that uses direct SCIM only, run by {@code WithoutWorkosJarTest} in a class loader without workos-java
 * and the Kotlin runtime: provisions a user over SCIM and reads the admin API and UI.
 */
public final class ScimOnlyHost implements Supplier<String> {
    @Override
    public String get() {
        try {
            InMemoryUserStore users = new InMemoryUserStore();
            RecordingRevokers host = new RecordingRevokers();
            DirectorySync sync = DirectorySync.builder().stateStore(new InMemoryStateStore()).userStore(users)
                    .sessionRevoker(host).apiKeyRevoker(host).notifier(host).build();
            sync.createOrganization("acme", "Acme");
            String token = sync.issueScimCredential("acme", "scim", "Okta", Source.admin("it@acme.test")).token();
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            server.addConnector(connector);
            ServletContextHandler ctx = new ServletContextHandler();
            for (DirsyncServlets.Mount m : DirsyncServlets.builder(sync).scim().adminApi(r -> AdminDecision.allow("t"))
                    .adminUi("/dirsync").build().mounts()) {
                ctx.addServlet(new ServletHolder(m.name(), m.servlet()), m.urlPattern());
            }
            server.setHandler(ctx);
            server.start();
            try {
                String base = "http://127.0.0.1:" + connector.getLocalPort();
                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/scim/v2/Users"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/scim+json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                                + "\"userName\":\"ada@acme.test\",\"active\":true,"
                                + "\"emails\":[{\"value\":\"ada@acme.test\",\"primary\":true}]}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base
                        + "/dirsync/api/organizations/acme/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> ui = http.send(HttpRequest.newBuilder(URI.create(base
                        + "/dirsync/orgs/acme/users")).GET().build(), HttpResponse.BodyHandlers.ofString());
                return created.statusCode() + " " + health.statusCode() + " " + ui.statusCode() + " "
                        + users.rows("acme").size() + " " + (ui.body().contains("ada@acme.test") ? "listed" : "missing");
            } finally {
                server.stop();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
