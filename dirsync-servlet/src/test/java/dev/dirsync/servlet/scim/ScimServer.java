package dev.dirsync.servlet.scim;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.state.StateStore;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.testkit.MutableClock;
import dev.dirsync.core.testkit.RecordingRevokers;
import dev.dirsync.servlet.DirsyncServlets;
import jakarta.servlet.http.HttpServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A host application with dirsync's SCIM endpoint on a real Jetty (mounted by {@link DirsyncServlets}), an
 * organization "acme" and a SCIM token per IdP, plus an HTTP client that speaks to it like that IdP.
 */
public final class ScimServer implements ScimHost {

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    final InMemoryUserStore users;
    final RecordingRevokers host = new RecordingRevokers();
    final DirectorySync sync;
    private final Server server = new Server();
    public final String base;

    ScimServer() throws Exception {
        this(DirsyncServlets.Builder::scim);
    }

    ScimServer(UnaryOperator<DirsyncServlets.Builder> configure) throws Exception {
        this(new InMemoryStateStore(), sync -> configure.apply(DirsyncServlets.builder(sync)).build().mounts()
                .stream().collect(Collectors.toMap(DirsyncServlets.Mount::urlPattern, DirsyncServlets.Mount::servlet)));
    }

    /** With this state store and these servlets by URL pattern; SCIM is expected at {@code /scim/v2/*}. */
    ScimServer(StateStore state, Function<DirectorySync, Map<String, HttpServlet>> servlets) throws Exception {
        this(state, InMemoryUserStore::new, servlets);
    }

    /** With the host's user table made by {@code userStore} (from the server's clock). */
    ScimServer(StateStore state, Function<java.time.Clock, InMemoryUserStore> userStore,
               Function<DirectorySync, Map<String, HttpServlet>> servlets) throws Exception {
        users = userStore.apply(clock);
        sync = DirectorySync.builder().stateStore(state).userStore(users)
                .sessionRevoker(host).apiKeyRevoker(host).auditSink(host).notifier(host).clock(clock).build();
        sync.createOrganization(ORG, "Acme Inc.");
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler ctx = new ServletContextHandler();
        ctx.setContextPath("/");
        servlets.apply(sync).forEach((pattern, servlet) -> ctx.addServlet(new ServletHolder(servlet), pattern));
        server.setHandler(ctx);
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort() + "/scim/v2";
    }

    /** Issues a SCIM token for a directory of "acme", as the admin does in the Directory Sync settings. */
    @Override
    public ScimClient.Client client(String provider, String directoryId) {
        String token = sync.issueScimCredential(ORG, directoryId, provider, Source.admin("admin@acme.test")).token();
        return new ScimClient.Client(base, token);
    }

    /** A client with any token (or none), for authentication tests. */
    ScimClient.Client clientWithToken(String token) {
        return new ScimClient.Client(base, token);
    }

    Optional<InMemoryUserStore.Row> hostRow(String directoryId, String scimId) {
        return users.byDirectoryUser(new DirectoryUserKey(ORG, directoryId, scimId));
    }

    @Override
    public Optional<HostUser> hostUser(String directoryId, String scimId) {
        return hostRow(directoryId, scimId).map(r -> new HostUser(r.email, r.givenName, r.familyName, r.status));
    }

    @Override
    public boolean sessionsRevoked(String directoryId, String scimId) {
        return hostRow(directoryId, scimId).map(r -> host.revokedSessions.contains(r.id)).orElse(false);
    }

    @Override
    public String mirrorText() {
        return sync.directoryUsers(ORG).toString();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
