package dev.dirsync.servlet;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.Organization;
import dev.dirsync.core.read.DirectoryView;
import dev.dirsync.core.read.Page;
import dev.dirsync.core.read.SyncHealth;
import dev.dirsync.core.read.UserView;
import dev.dirsync.core.spi.AdminAccess;
import dev.dirsync.core.spi.AdminDecision;
import dev.dirsync.core.state.StateStoreUnavailableException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static dev.dirsync.servlet.Html.esc;
import static dev.dirsync.servlet.Html.pill;

/**
 * The embedded Directory Sync UI for a customer's admin: overview and health, people, group mappings with
 * preview, policies, audit and setup with guides. Server-rendered from the read model
 * ({@link DirectorySync#directory}), a page at a time; every change is a call to the JSON admin API (same
 * validation, audit, CSRF and If-Match rules). Guarded by the host's {@link AdminAccess} like the API: a visitor
 * it does not allow gets no page.
 */
public final class AdminUiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(AdminUiServlet.class);

    private final transient DirectorySync sync;
    private final transient AdminAccess access;
    private final String apiPath;
    private final String scimPath;
    private final @Nullable String publicBaseUrl;

    /**
     * @param apiPath where the admin API is mounted (e.g. {@code /dirsync/api}), which the pages call
     * @param scimPath where the SCIM endpoint is mounted, shown in the setup guides
     */
    public AdminUiServlet(DirectorySync sync, AdminAccess access, String apiPath, String scimPath) {
        this(sync, access, apiPath, scimPath, null);
    }

    /**
     * @param publicBaseUrl the application's public base URL for the SCIM base URL in the setup guides; null to
     *        derive it from each request (see {@link DirsyncServlets.Builder#publicBaseUrl})
     */
    public AdminUiServlet(DirectorySync sync, AdminAccess access, String apiPath, String scimPath,
                          @Nullable String publicBaseUrl) {
        this.sync = sync;
        this.access = access;
        this.apiPath = apiPath;
        this.scimPath = scimPath;
        this.publicBaseUrl = publicBaseUrl;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws jakarta.servlet.ServletException,
            IOException {
        resp.setHeader("X-Content-Type-Options", "nosniff"); // pages, assets and errors alike
        super.service(req, resp);
    }

    /** The pages of an organization: path under it, navigation label. */
    private static final String[][] TABS = {{"", "Overview"}, {"users", "People"}, {"groups", "Groups"},
            {"settings", "Policies"}, {"drift", "Drift"}, {"audit", "Audit log"}, {"access", "Who had access"},
            {"setup", "Setup"}};

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        if (path.startsWith("/assets/")) {
            asset(path.substring("/assets/".length()), resp);
            return;
        }
        String[] seg = path.replaceAll("^/+|/+$", "").split("/");
        Organization o = null;
        try {
            String org = seg.length >= 2 && seg[0].equals("orgs") ? URLDecoder.decode(seg[1], StandardCharsets.UTF_8) : null;
            // the list of every organization is the platform's; an organization's pages are its admins'
            AdminDecision d = AdminAuth.decide(access, req, path, org, org == null
                    ? dev.dirsync.core.spi.AdminRequest.Scope.PLATFORM : dev.dirsync.core.spi.AdminRequest.Scope.ORGANIZATION);
            if (d instanceof AdminDecision.Denied denied) {
                page(resp, denied.authenticated() ? 403 : 401, "Access denied", null, null, "",
                        "<div class=\"card error\">" + esc(denied.reason()) + "</div>");
                return;
            }
            Csrf.issueIfMissing(req, resp);
            String actor = ((AdminDecision.Allowed) d).actor();
            if (org == null) {
                organizations(req, resp, actor);
                return;
            }
            o = sync.organization(org).orElse(null);
            if (o == null) {
                page(resp, 404, "Not found", null, null, "", "<div class=\"card\">No organization " + esc(org) + ".</div>");
                return;
            }
            DirectoryView view = sync.directory(o.id());
            UiContext c = new UiContext(req, o, view, apiPath, scimPath, publicBaseUrl);
            String tab = seg.length >= 3 ? seg[2] : "";
            if (tab.equals("users") && seg.length == 5) {
                person(resp, c, URLDecoder.decode(seg[3], StandardCharsets.UTF_8),
                        URLDecoder.decode(seg[4], StandardCharsets.UTF_8));
                return;
            }
            if (seg.length > 3) {
                page(resp, 404, "Not found", o, req, "", "<div class=\"card\">No such page.</div>");
                return;
            }
            switch (tab) {
                case "" -> page(resp, 200, o.name(), o, req, "", OverviewPage.render(c));
                case "users" -> page(resp, 200, "People", o, req, "users", PeoplePage.list(c));
                case "groups" -> page(resp, 200, "Groups and roles", o, req, "groups", GroupsPage.render(c));
                case "settings" -> page(resp, 200, "Policies", o, req, "settings", PoliciesPage.render(c, sync.hostCatalog().orElse(null)));
                case "drift" -> page(resp, 200, "Drift", o, req, "drift", DriftPage.render(c));
                case "audit" -> page(resp, 200, "Audit log", o, req, "audit", AuditLogPage.render(c));
                case "access" -> page(resp, 200, "Who had access on…", o, req, "access", WhoHadAccessPage.render(c));
                case "setup" -> page(resp, 200, "Setup", o, req, "setup", SetupPage.render(c));
                default -> page(resp, 404, "Not found", o, req, "", "<div class=\"card\">No such page.</div>");
            }
        } catch (ApiException e) {
            page(resp, e.status, "Cannot show this page", o, req, "", "<div class=\"card error\">" + esc(e.getMessage())
                    + "</div>");
        } catch (StateStoreUnavailableException e) {
            resp.setHeader("Retry-After", "5");
            page(resp, 503, "Unavailable", null, null, "", "<div class=\"card error\">dirsync's database is unavailable; "
                    + "reload in a moment.</div>");
        } catch (RuntimeException e) {
            log.error("admin UI: GET {} failed", path, e);
            page(resp, 500, "Error", null, null, "", "<div class=\"card error\">This page failed; see the server log.</div>");
        }
    }

    private void person(HttpServletResponse resp, UiContext c, String directoryId, String userId) throws IOException {
        UserView v = c.view.user(new DirectoryUserKey(c.org.id(), directoryId, userId)).orElse(null);
        if (v == null) {
            page(resp, 404, "Not found", c.org, c.req, "users", "<div class=\"card\">No directory user " + esc(userId)
                    + " in directory " + esc(directoryId) + ".</div>");
            return;
        }
        page(resp, 200, v.user().user().displayName(), c.org, c.req, "users", PeoplePage.person(c, v));
    }

    private void organizations(HttpServletRequest req, HttpServletResponse resp, String actor) throws IOException {
        Map<String, SyncHealth.Status> health = sync.healthOverview();
        StringBuilder b = new StringBuilder("<div class=\"card\"><table class=\"cards\"><thead><tr><th scope=\"col\">"
                + "Organization</th><th scope=\"col\">Mode</th><th scope=\"col\">Health</th></tr></thead><tbody>");
        for (Organization o : sync.organizations()) {
            SyncHealth.Status h = health.getOrDefault(o.id(), SyncHealth.Status.NOT_CONNECTED);
            b.append("<tr><td data-label=\"Organization\"><a href=\"").append(base(req)).append("/orgs/")
                    .append(Html.url(o.id())).append("\">").append(esc(o.name())).append("</a> <span class=\"muted\">")
                    .append(esc(o.id())).append("</span></td><td data-label=\"Mode\">")
                    .append(pill(AdminJson.lower(o.settings().mode()))).append("</td><td data-label=\"Health\">")
                    .append(pill(h.code())).append("</td></tr>");
        }
        b.append("</tbody></table></div><p class=\"muted\">Signed in as ").append(esc(actor)).append(".</p>");
        page(resp, 200, "Organizations", null, req, "", b.toString());
    }

    private static String base(HttpServletRequest req) {
        return req.getContextPath() + req.getServletPath();
    }

    /** "1–50 of 120 users" with Previous / Next links that keep the page's other parameters. */
    static String pager(UiContext c, Page<?> page, String what) {
        StringBuilder b = new StringBuilder("<p class=\"muted pager\" id=\"pager\">");
        if (page.items().isEmpty()) {
            b.append(page.total()).append(" ").append(what).append(".");
        } else {
            b.append(page.offset() + 1).append("–").append(page.offset() + page.items().size()).append(" of ")
                    .append(page.total()).append(" ").append(what).append(".");
        }
        if (page.offset() > 0) {
            b.append(" <a rel=\"prev\" href=\"").append(esc(c.withParam("offset",
                    page.offset() > page.limit() ? String.valueOf(page.offset() - page.limit()) : null)))
                    .append("\">← Previous</a>");
        }
        if (page.hasMore()) {
            b.append(" <a rel=\"next\" href=\"").append(esc(c.withParam("offset",
                    String.valueOf(page.offset() + page.items().size()))))
                    .append("\">Next →</a>");
        }
        return b.append("</p>").toString();
    }

    private void page(HttpServletResponse resp, int status, String title, @Nullable Organization o,
                      @Nullable HttpServletRequest req, String tab, String body) throws IOException {
        resp.setStatus(status);
        resp.setCharacterEncoding("UTF-8");
        resp.setContentType("text/html");
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("Content-Security-Policy", "default-src 'self'; style-src 'self'; script-src 'self'; "
                + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
        String assets = req == null ? "" : base(req) + "/assets";
        StringBuilder b = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(title)).append(" · Directory Sync</title><meta name=\"viewport\" "
                        + "content=\"width=device-width, initial-scale=1\">");
        if (req != null) {
            b.append("<link rel=\"stylesheet\" href=\"").append(assets).append("/dirsync.css\">");
        }
        b.append("</head><body><a class=\"skip\" href=\"#main\">Skip to content</a><header><span class=\"brand\">"
                + "Directory Sync</span>");
        if (o != null && req != null) {
            String p = base(req) + "/orgs/" + Html.url(o.id());
            b.append("<span class=\"org\">").append(esc(o.name())).append("</span><nav aria-label=\"Directory Sync\">");
            for (String[] t : TABS) {
                b.append("<a href=\"").append(p).append(t[0].isEmpty() ? "" : "/" + t[0]).append("\"")
                        .append(t[0].equals(tab) ? " aria-current=\"page\"" : "").append(">").append(t[1]).append("</a>");
            }
            b.append("</nav>");
        }
        b.append("</header><main id=\"main\" tabindex=\"-1\"><h1>").append(esc(title)).append("</h1>").append(body)
                .append("</main>");
        if (req != null) {
            b.append("<script src=\"").append(assets).append("/dirsync.js\"></script>");
        }
        b.append("</body></html>");
        resp.getWriter().write(b.toString());
    }

    private void asset(String name, HttpServletResponse resp) throws IOException {
        String type = name.equals("dirsync.css") ? "text/css" : name.equals("dirsync.js") ? "text/javascript" : null;
        if (type == null) {
            resp.sendError(404);
            return;
        }
        try (InputStream in = AdminUiServlet.class.getResourceAsStream("ui/" + name)) {
            if (in == null) {
                resp.sendError(404);
                return;
            }
            resp.setContentType(type);
            resp.setCharacterEncoding("UTF-8");
            resp.setHeader("Cache-Control", "public, max-age=300");
            in.transferTo(resp.getOutputStream());
        }
    }
}
