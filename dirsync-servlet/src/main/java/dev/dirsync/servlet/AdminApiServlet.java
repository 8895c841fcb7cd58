package dev.dirsync.servlet;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.BindingConflict;
import dev.dirsync.core.CatalogViolation;
import dev.dirsync.core.SettingsVersionConflict;
import dev.dirsync.core.spi.AdminAccess;
import dev.dirsync.core.state.StateStoreUnavailableException;
import dev.dirsync.core.workos.WorkosSource;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The admin JSON API (organizations, settings, group mappings with preview, users, test mode, force sync, SCIM
 * credentials, setup link, audit, health); see README § Admin API. Every request passes the host's
 * {@link AdminAccess} first; a write's body must be JSON (or absent) and a browser's must carry the CSRF token,
 * so a cross-site form cannot forge it. One handler per resource does the rest.
 */
public final class AdminApiServlet extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(AdminApiServlet.class);
    private static final long serialVersionUID = 1L;
    private static final int MAX_BODY = 256 * 1024;

    private final transient DirectorySync sync;
    private final transient AdminAccess access;
    private final transient SyncJobs jobs = new SyncJobs();
    private final transient AdminRouter router = new AdminRouter();

    public AdminApiServlet(DirectorySync sync, AdminAccess access) {
        this(sync, access, null, DirsyncServlets.DEFAULT_SCIM_PATH);
    }

    /**
     * @param workos the WorkOS source, for force sync, setup links and directory health; null without WorkOS
     * @param scimPath where the SCIM endpoint is mounted, to tell admins their SCIM base URL
     */
    public AdminApiServlet(DirectorySync sync, AdminAccess access, @Nullable WorkosSource workos, String scimPath) {
        this(sync, access, workos, scimPath, null);
    }

    /**
     * @param publicBaseUrl the application's public base URL for the SCIM base URL shown to admins; null to derive
     *        it from each request (see {@link DirsyncServlets.Builder#publicBaseUrl})
     */
    public AdminApiServlet(DirectorySync sync, AdminAccess access, @Nullable WorkosSource workos, String scimPath,
                           @Nullable String publicBaseUrl) {
        this.sync = sync;
        this.access = access;
        new OrganizationsHandler(sync).routes(router);
        new SettingsHandler(sync).routes(router);
        new GroupsHandler(sync).routes(router);
        new UsersHandler().routes(router);
        new ModeHandler(sync).routes(router);
        new SyncJobsHandler(workos, jobs).routes(router);
        new JobsHandler(sync).routes(router);
        new ScimCredentialsHandler(sync, scimPath, publicBaseUrl).routes(router);
        new SetupLinkHandler(workos).routes(router);
        new AuditHandler().routes(router);
        new AccessHandler().routes(router);
        new HealthHandler(workos).routes(router);
        new StatusHandler().routes(router);
        new CatalogHandler(sync).routes(router);
        new DriftHandler(sync).routes(router);
        new WorkosLinkHandler(sync, workos).routes(router);
        new InboxHandler(sync, workos).routes(router);
    }

    @Override
    public void destroy() {
        jobs.shutdown();
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("X-Content-Type-Options", "nosniff");
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        String method = req.getMethod();
        try {
            List<String> seg = segments(path);
            String org = seg.size() >= 2 && seg.get(0).equals("organizations") ? seg.get(1) : null;
            String actor = AdminAuth.actor(access, req, path, org, router.scope(method, seg, org));
            byte[] body = new byte[0];
            if ("GET".equals(method) || "HEAD".equals(method)) {
                Csrf.issueIfMissing(req, resp);
            } else {
                String type = req.getContentType();
                if (type != null && !JsonHttp.isJson(type)) {
                    throw ApiException.unsupportedMediaType();
                }
                Csrf.check(req);
                body = JsonHttp.readBody(req, MAX_BODY);
                if (body.length > 0 && type == null) {
                    throw ApiException.unsupportedMediaType();
                }
            }
            AdminRouter.Match match = router.match(method, seg, path);
            ApiCall call = new ApiCall(sync, req, resp, path, match.vars(), actor, body);
            if (call.hasVar("org")) {
                call.org(); // 404 for an organization that does not exist, before any handler runs
            }
            match.handler().handle(call);
        } catch (ApiException e) {
            e.render(resp);
        } catch (SettingsVersionConflict e) {
            SettingsETag.stale(e).render(resp);
        } catch (BindingConflict e) {
            // the message names the WorkOS organization or directory, never the tenant that holds it
            ApiException.conflict(e.getMessage()).render(resp);
        } catch (CatalogViolation e) {
            ApiException.notInCatalog(e.field(), e.getMessage(), e.allowed()).render(resp);
        } catch (StateStoreUnavailableException e) {
            log.warn("admin API: state store unavailable: {}", e.toString());
            ApiException.unavailable().render(resp);
        } catch (RuntimeException e) {
            log.error("admin API: {} {} failed", method, path, e);
            ApiException.internal().render(resp);
        }
    }

    /** The path's segments, each percent-decoded once more (the UI encodes ids as form values). */
    private static List<String> segments(String path) {
        List<String> seg = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                try {
                    seg.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw ApiException.notFound("no admin API resource at " + path + " (malformed %-escape)");
                }
            }
        }
        return seg;
    }
}
