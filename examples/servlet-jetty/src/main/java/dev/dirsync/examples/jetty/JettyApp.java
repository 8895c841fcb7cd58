package dev.dirsync.examples.jetty;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.spi.AdminAccess;
import dev.dirsync.core.spi.AdminDecision;
import dev.dirsync.core.workos.WorkosConfig;
import dev.dirsync.core.workos.WorkosSource;
import dev.dirsync.jdbi.JdbiStateStore;
import dev.dirsync.servlet.DirsyncServlets;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * dirsync in a plain Jetty 12 application: the engine over the host's accounts, state in H2 through dirsync-jdbi,
 * and one {@link DirsyncServlets#register} call that mounts the WorkOS webhook and the admin API.
 */
public final class JettyApp {
    public static final String ORGANIZATION = "acme";
    public static final String WORKOS_ORGANIZATION = "org_01JETTYACME";

    private JettyApp() {
    }

    public static void main(String[] args) throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:./target/jetty-demo/dirsync;LOCK_TIMEOUT=10000");
        Server server = start(Integer.parseInt(env("PORT", "8081")), h2, new Accounts(),
                env("DIRSYNC_WORKOS_WEBHOOK_SECRET", "whsec_demo_local_only"),
                env("DIRSYNC_DEMO_ADMIN_TOKEN", "demo-admin-token"));
        server.join();
    }

    /** Starts the application on {@code port} (0: any free port); stop it with {@link Server#stop()}. */
    public static Server start(int port, DataSource dataSource, Accounts accounts, String webhookSecret,
                               String adminToken) throws Exception {
        DirectorySync sync = DirectorySync.builder()
                .stateStore(JdbiStateStore.create(dataSource))
                .userStore(accounts).sessionRevoker(accounts).apiKeyRevoker(accounts)
                .build();
        if (sync.organization(ORGANIZATION).isEmpty()) {
            sync.createOrganization(ORGANIZATION, "Acme", WORKOS_ORGANIZATION, OrganizationSettings.defaults());
        }
        WorkosSource workos = WorkosSource.create(sync, WorkosConfig.builder().webhookSecret(webhookSecret).build());
        DirsyncServlets dirsync = DirsyncServlets.builder(sync)
                .workosWebhook(workos)             // POST /api/webhooks/workos
                .adminApi(bearerToken(adminToken)) // /dirsync/api/*
                .build();

        Server server = new Server();
        ServerConnector http = new ServerConnector(server);
        http.setPort(port);
        server.addConnector(http);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addEventListener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                dirsync.register(event.getServletContext());
            }
        });
        server.setHandler(context);
        server.start();
        return server;
    }

    /** Admin access for whoever sends the token; a real host asks its own authentication. */
    static AdminAccess bearerToken(String token) {
        byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        return request -> {
            String header = request.header().apply("Authorization");
            return header != null && MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8))
                    ? AdminDecision.allow("admin") : AdminDecision.unauthenticated("send Authorization: Bearer <token>");
        };
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
