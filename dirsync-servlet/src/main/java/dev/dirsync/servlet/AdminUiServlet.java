package dev.dirsync.servlet;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.audit.AuditEntry;
import dev.dirsync.core.audit.AuditPage;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.Mode;
import dev.dirsync.core.model.Organization;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.read.DirectoryView;
import dev.dirsync.core.read.GroupQuery;
import dev.dirsync.core.read.GroupView;
import dev.dirsync.core.read.Page;
import dev.dirsync.core.read.SyncHealth;
import dev.dirsync.core.read.UserView;
import dev.dirsync.core.spi.AdminAccess;
import dev.dirsync.core.spi.AdminDecision;
import dev.dirsync.core.spi.HostCatalog;
import dev.dirsync.core.state.AppliedProjection;
import dev.dirsync.core.state.DirectoryConnection;
import dev.dirsync.core.state.MirrorUser;
import dev.dirsync.core.state.PreviewEntry;
import dev.dirsync.core.state.ScimCredential;
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
import java.util.List;
import java.util.Map;

import static dev.dirsync.servlet.Html.esc;
import static dev.dirsync.servlet.Html.pill;

/**
 * The embedded Directory Sync UI for a customer's admin: overview and health, users, group mappings with
 * preview, policies, test mode, audit and setup guides. Server-rendered from the read model
 * ({@link DirectorySync#directory}), a page at a time; every change is a call to the JSON admin API (same
 * validation, audit, CSRF and If-Match rules). Guarded by the host's
 * {@link AdminAccess} like the API.
 */
public final class AdminUiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(AdminUiServlet.class);

    private final transient DirectorySync sync;
    private final transient AdminAccess access;
    private final String apiPath;
    private final String scimPath;

    /**
     * @param apiPath where the admin API is mounted (e.g. {@code /dirsync/api}), which the pages call
     * @param scimPath where the SCIM endpoint is mounted, shown in the setup guides
     */
    public AdminUiServlet(DirectorySync sync, AdminAccess access, String apiPath, String scimPath) {
        this.sync = sync;
        this.access = access;
        this.apiPath = apiPath;
        this.scimPath = scimPath;
    }

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
                page(resp, denied.authenticated() ? 403 : 401, "Access denied", null, null,
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
                page(resp, 404, "Not found", null, null, "<div class=\"card\">No organization " + esc(org) + ".</div>");
                return;
            }
            DirectoryView view = sync.directory(o.id());
            String tab = seg.length >= 3 ? seg[2] : "";
            switch (tab) {
                case "" -> overview(req, resp, o, view);
                case "users" -> users(req, resp, o, view);
                case "groups" -> groups(req, resp, o, view);
                case "settings" -> settings(req, resp, o);
                case "audit" -> audit(req, resp, o, view);
                case "setup" -> setup(req, resp, o, view);
                default -> page(resp, 404, "Not found", o, null, "<div class=\"card\">No such page.</div>");
            }
        } catch (ApiException e) {
            page(resp, e.status, "Cannot show this page", o, req, "<div class=\"card error\">" + esc(e.getMessage())
                    + "</div>");
        } catch (StateStoreUnavailableException e) {
            resp.setHeader("Retry-After", "5");
            page(resp, 503, "Unavailable", null, null, "<div class=\"card error\">dirsync's database is unavailable; "
                    + "reload in a moment.</div>");
        } catch (RuntimeException e) {
            log.error("admin UI: GET {} failed", path, e);
            page(resp, 500, "Error", null, null, "<div class=\"card error\">This page failed; see the server log.</div>");
        }
    }

    private String base(HttpServletRequest req) {
        return req.getContextPath() + req.getServletPath();
    }

    private String api(HttpServletRequest req, Organization o, String sub) {
        return req.getContextPath() + apiPath + "/organizations/" + Html.url(o.id()) + (sub.isEmpty() ? "" : "/" + sub);
    }

    private String orgPage(HttpServletRequest req, Organization o, String sub) {
        return base(req) + "/orgs/" + Html.url(o.id()) + (sub.isEmpty() ? "" : "/" + sub);
    }

    private void organizations(HttpServletRequest req, HttpServletResponse resp, String actor) throws IOException {
        Map<String, SyncHealth.Status> health = sync.healthOverview();
        StringBuilder b = new StringBuilder("<div class=\"card\"><table><tr><th>Organization</th><th>Mode</th><th>Health</th></tr>");
        for (Organization o : sync.organizations()) {
            SyncHealth.Status h = health.getOrDefault(o.id(), SyncHealth.Status.NOT_CONNECTED);
            b.append("<tr><td><a href=\"").append(orgPage(req, o, "")).append("\">")
                    .append(esc(o.name())).append("</a> <span class=\"muted\">").append(esc(o.id())).append("</span></td><td>")
                    .append(pill(AdminJson.lower(o.settings().mode()))).append("</td><td>").append(pill(h.code()))
                    .append("</td></tr>");
        }
        b.append("</table></div><p class=\"muted\">Signed in as ").append(esc(actor)).append(".</p>");
        page(resp, 200, "Organizations", null, req, b.toString());
    }

    private void overview(HttpServletRequest req, HttpServletResponse resp, Organization o, DirectoryView view)
            throws IOException {
        SyncHealth health = view.health();
        String mode = AdminJson.lower(o.settings().mode());
        StringBuilder b = new StringBuilder();
        b.append("<div class=\"grid\">")
                .append(stat("Mode", pill(mode)))
                .append(stat("Health", "<span id=\"health-status\">" + pill(health.status().code()) + "</span>"))
                .append(stat("Directory users", String.valueOf(health.usersSynced())))
                .append(stat("Groups", String.valueOf(health.groupsSynced())))
                .append("</div>");
        b.append("<div class=\"card\" id=\"health\"><h2>Sync health</h2><p>").append(pill(health.status().code()))
                .append(" <span id=\"health-reason\">").append(esc(health.reason())).append("</span></p>");
        if (!health.action().isEmpty()) {
            b.append("<p><b>What to do:</b> <span id=\"health-action\">").append(esc(health.action())).append("</span></p>");
        }
        if (health.guardRefusals24h() > 0) {
            b.append("<p class=\"muted\">").append(health.guardRefusals24h()).append(" change(s) refused by the "
                    + "last-admin guard in the last 24 hours (see the <a href=\"").append(orgPage(req, o, "audit"))
                    .append("\">audit log</a>).</p>");
        }
        if (health.directories().isEmpty()) {
            b.append("<p><a href=\"").append(orgPage(req, o, "setup")).append("\">Connect your identity provider</a>.</p>");
        } else {
            b.append("<table><tr><th>Directory</th><th>Source</th><th>Status</th><th>Last event</th></tr>");
            for (SyncHealth.DirectoryHealth d : health.directories()) {
                b.append("<tr><td>").append(esc(d.provider())).append(" <span class=\"muted\">").append(esc(d.directoryId()))
                        .append("</span></td><td>").append(esc(d.kind() == DirectoryConnection.Kind.SCIM ? "SCIM" : "WorkOS"))
                        .append("</td><td>").append(pill(d.removed() ? "removed" : d.status().code()))
                        .append("<br><span class=\"muted\">").append(esc(d.reason())).append("</span></td><td>")
                        .append(Html.time(d.lastEventAt())).append("</td></tr>");
            }
            b.append("</table>");
        }
        b.append("</div><div class=\"card\"><h2>Sync mode</h2><p class=\"muted\">Test mode shows what would change without "
                + "touching anyone; pause holds changes while keeping the directory mirror current.</p><form class=\"inline\">");
        b.append(button("POST " + api(req, o, "test"), "Start test mode", true));
        b.append(button("POST " + api(req, o, "pause"), "Pause", true));
        b.append(button("POST " + api(req, o, "activate"), mode.equals("active") ? "Re-apply now" : "Activate", false));
        b.append("</form><pre id=\"result\" class=\"result\"></pre></div>");
        if (o.settings().mode() == Mode.TEST) {
            List<PreviewEntry> pending = view.pending();
            b.append("<div class=\"card\"><h2>Pending changes (").append(pending.size()).append(")</h2><table>"
                    + "<tr><th>User</th><th>Would change</th></tr>");
            for (PreviewEntry e : pending) {
                b.append("<tr><td>").append(esc(e.desired().identity().email())).append("</td><td>");
                e.changes().forEach(c -> b.append(esc(c.toString())).append("<br>"));
                b.append("</td></tr>");
            }
            b.append("</table></div>");
        }
        page(resp, 200, o.name(), o, req, b.toString());
    }

    /** A page of users at a time ({@link Params#DEFAULT_USERS_LIMIT}), searched and filtered in the store. */
    private void users(HttpServletRequest req, HttpServletResponse resp, Organization o, DirectoryView view)
            throws IOException {
        Page<UserView> page = view.users(Params.userQuery(req));
        String q = Params.text(req, "q");
        String status = Params.text(req, "status");
        StringBuilder b = new StringBuilder("<form class=\"inline\" method=\"get\" id=\"user-search\"><input name=\"q\" "
                + "placeholder=\"Search email or name\" value=\"" + esc(q) + "\"><select name=\"status\">");
        for (String[] s : new String[][]{{"", "any status"}, {"active", "active"}, {"read_only", "read only"},
                {"deactivated", "deactivated"}}) {
            b.append("<option value=\"").append(s[0]).append("\"").append(s[0].equals(status == null ? "" : status)
                    ? " selected" : "").append(">").append(s[1]).append("</option>");
        }
        b.append("</select>");
        for (String keep : List.of("group", "directory")) {
            String v = Params.text(req, keep);
            if (v != null) {
                b.append("<input type=\"hidden\" name=\"").append(keep).append("\" value=\"").append(esc(v)).append("\">");
            }
        }
        b.append("<button class=\"secondary\">Search</button></form><br>"
                + "<table id=\"users\"><tr><th>User</th><th>Directory</th><th>Status</th><th>Role</th><th>Workspaces</th></tr>");
        for (UserView v : page.items()) {
            MirrorUser u = v.user();
            AppliedProjection a = v.applied();
            String st = a != null ? AdminJson.lower(a.projection().status())
                    : u.deleted() || !u.user().active() ? "deactivated" : "not provisioned";
            b.append("<tr><td>").append(esc(u.user().displayName())).append("<br><span class=\"muted\">")
                    .append(esc(u.user().primaryEmail().orElse(""))).append("</span></td><td>")
                    .append(esc(u.user().directoryId())).append("</td><td>").append(pill(st))
                    .append(a != null && a.blocked() != null ? " <span class=\"pill stale\">guarded</span>" : "")
                    .append("</td><td>").append(esc(a == null ? "" : a.projection().role())).append("</td><td>")
                    .append(esc(a == null ? "" : String.join(", ", a.projection().workspaces()))).append("</td></tr>");
        }
        if (page.items().isEmpty()) {
            b.append("<tr><td colspan=\"5\" class=\"muted\">No directory user matches.</td></tr>");
        }
        b.append("</table>").append(pager(req, page, "users"));
        page(resp, 200, "Users", o, req, b.toString());
    }

    /** "1–50 of 120" with Previous / Next links that keep the page's other parameters. */
    private static String pager(HttpServletRequest req, Page<?> page, String what) {
        StringBuilder b = new StringBuilder("<p class=\"muted pager\" id=\"pager\">");
        if (page.items().isEmpty()) {
            b.append(page.total()).append(" ").append(what).append(".");
        } else {
            b.append(page.offset() + 1).append("–").append(page.offset() + page.items().size()).append(" of ")
                    .append(page.total()).append(" ").append(what).append(".");
        }
        if (page.offset() > 0) {
            b.append(" <a rel=\"prev\" href=\"").append(esc(withParam(req, "offset",
                    page.offset() > page.limit() ? String.valueOf(page.offset() - page.limit()) : null)))
                    .append("\">← Previous</a>");
        }
        if (page.hasMore()) {
            b.append(" <a rel=\"next\" href=\"").append(esc(withParam(req, "offset",
                    String.valueOf(page.offset() + page.items().size()))))
                    .append("\">Next →</a>");
        }
        return b.append("</p>").toString();
    }

    /** This page's URL with {@code name} set to {@code value} (left out when null) and {@code drop} left out. */
    private static String withParam(HttpServletRequest req, String name, @Nullable String value, String... drop) {
        List<String> dropped = List.of(drop);
        StringBuilder q = new StringBuilder();
        req.getParameterMap().forEach((n, values) -> {
            if (!n.equals(name) && !dropped.contains(n)) {
                for (String v : values) {
                    q.append(q.length() == 0 ? "?" : "&").append(Html.url(n)).append("=").append(Html.url(v));
                }
            }
        });
        if (value != null) {
            q.append(q.length() == 0 ? "?" : "&").append(Html.url(name)).append("=").append(Html.url(value));
        }
        return req.getRequestURI() + q;
    }

    private void groups(HttpServletRequest req, HttpServletResponse resp, Organization o, DirectoryView view)
            throws IOException {
        OrganizationSettings s = o.settings();
        Page<GroupView> groups = view.groups(GroupQuery.all().page(Params.intParam(req, "offset", 0, 0, Integer.MAX_VALUE),
                Params.intParam(req, "limit", GroupQuery.DEFAULT_LIMIT, 1, GroupQuery.MAX_LIMIT)));
        StringBuilder b = new StringBuilder("<p class=\"muted\">Map a directory group to a role, to workspaces, to both, or "
                + "to nothing. The highest role wins (" + esc(String.join(" > ", s.rolePrecedence())) + "); people in no "
                + "role-mapped group get <b>" + esc(s.defaultRole()) + "</b>. Preview before saving.</p>");
        // with a host catalog, only what the host declares is offered (free text only without one)
        HostCatalog catalog = sync.hostCatalog().orElse(null);
        List<String> roleChoices = catalog == null ? s.rolePrecedence()
                : s.rolePrecedence().stream().filter(catalog.roles(o.id())::contains).toList();
        List<String> workspaceChoices = catalog == null ? null : List.copyOf(catalog.workspaces(o.id()));
        b.append("<table id=\"groups\"><tr><th>Group</th><th>Members</th><th>Mapping</th></tr>");
        for (GroupView gv : groups.items()) {
            String gid = gv.group().group().id();
            String dir = gv.group().group().directoryId();
            GroupMapping m = s.groupMappings().get(gid);
            String formId = "map-" + Integer.toHexString((dir + "/" + gid).hashCode());
            b.append("<tr><td>").append(esc(gv.group().group().displayName())).append("<br><span class=\"muted\">")
                    .append(esc(gid)).append("</span></td><td><a href=\"")
                    .append(esc(orgPage(req, o, "users") + "?group=" + Html.url(gid) + "&directory=" + Html.url(dir)))
                    .append("\">").append(gv.memberCount()).append("</a></td><td><form class=\"inline\" id=\"").append(formId)
                    .append("\" data-if-match=\"").append(esc(SettingsETag.of(o.settingsVersion())))
                    .append("\" data-wrap=\"mappings\" data-key=\"").append(esc(gid))
                    .append("\"><select name=\"role\" data-kind=\"nullable\"><option value=\"\">no role</option>");
            b.append(options(roleChoices, m == null || m.role() == null ? List.of() : List.of(m.role())));
            b.append("</select>");
            if (workspaceChoices == null) {
                b.append("<input name=\"workspaces\" data-kind=\"list\" placeholder=\"workspaces, comma-separated\" value=\"")
                        .append(esc(m == null ? "" : String.join(", ", m.workspaces()))).append("\">");
            } else {
                b.append("<select name=\"workspaces\" data-kind=\"list\" multiple size=\"")
                        .append(Math.max(2, Math.min(4, workspaceChoices.size()))).append("\" title=\"workspaces\">")
                        .append(options(workspaceChoices, m == null ? List.of() : List.copyOf(m.workspaces())))
                        .append("</select>");
            }
            b.append("<button class=\"secondary\" data-wrap-body=\"true\" data-api=\"POST ")
                    .append(esc(api(req, o, "groups/mapping-preview"))).append("\">Preview</button>")
                    .append(button("PUT " + api(req, o, "groups/" + Html.url(gid) + "/mapping"), "Save", false, true))
                    .append("</form></td></tr>");
        }
        if (groups.total() == 0) {
            b.append("<tr><td colspan=\"3\" class=\"muted\">No groups synced yet.</td></tr>");
        }
        b.append("</table>").append(pager(req, groups, "groups")).append("<pre id=\"result\" class=\"result\"></pre>");
        page(resp, 200, "Groups and roles", o, req, b.toString());
    }

    private void settings(HttpServletRequest req, HttpServletResponse resp, Organization o) throws IOException {
        OrganizationSettings s = o.settings();
        StringBuilder b = new StringBuilder("<div class=\"card\"><form id=\"settings\" data-if-match=\""
                + esc(SettingsETag.of(o.settingsVersion())) + "\">");
        b.append("<h2>When someone leaves</h2><p><select name=\"deactivation.policy\">");
        for (String p : List.of("immediate", "grace", "read_only")) {
            b.append("<option").append(p.equals(AdminJson.lower(s.deactivationPolicy())) ? " selected" : "").append(">")
                    .append(p).append("</option>");
        }
        b.append("</select> grace period <input name=\"deactivation.graceDays\" data-kind=\"int\" size=\"4\" value=\"")
                .append(s.gracePeriod().toDays()).append("\"> days</p><p class=\"muted\">Immediate: deactivate, end every "
                + "session and API key. Grace: deactivate and end sessions now, delete after the grace period. Read-only: "
                + "keep sign-in, read-only.</p>");
        b.append("<h2>The last admin</h2><p><select name=\"soleAdmin\">");
        for (String p : List.of("block", "auto_promote")) {
            b.append("<option").append(p.equals(AdminJson.lower(s.soleAdminPolicy())) ? " selected" : "").append(">")
                    .append(p).append("</option>");
        }
        b.append("</select></p><h2>Roles</h2><p>Precedence <input name=\"rolePrecedence\" data-kind=\"list\" value=\"")
                .append(esc(String.join(", ", s.rolePrecedence()))).append("\">");
        HostCatalog catalog = sync.hostCatalog().orElse(null);
        if (catalog == null) {
            b.append(" default <input name=\"defaultRole\" value=\"").append(esc(s.defaultRole()))
                    .append("\" size=\"10\"> admin <input name=\"adminRole\" value=\"").append(esc(s.adminRole()))
                    .append("\" size=\"10\"></p>");
        } else {
            // only the roles this application declares are offered
            List<String> roles = List.copyOf(catalog.roles(o.id()));
            b.append(" default <select name=\"defaultRole\">").append(options(roles, List.of(s.defaultRole())))
                    .append("</select> admin <select name=\"adminRole\">").append(options(roles, List.of(s.adminRole())))
                    .append("</select></p><p class=\"muted\" id=\"catalog-roles\">This application's roles: ")
                    .append(esc(String.join(", ", roles))).append(".</p>");
        }
        b.append("<h2>Sensitive attributes</h2><p>Never stored: <input name=\"sensitiveAttributes\" data-kind=\"list\" size=\"80\" value=\"")
                .append(esc(String.join(", ", s.sensitiveAttributes()))).append("\"></p>");
        b.append(button("PUT " + api(req, o, "settings"), "Save settings", false, true)).append("</form>")
                .append("<pre id=\"result\" class=\"result\"></pre></div>");
        page(resp, 200, "Policies", o, req, b.toString());
    }

    /** Newest first, a keyset page at a time: "Older" follows the page's cursor, however deep. */
    private void audit(HttpServletRequest req, HttpServletResponse resp, Organization o, DirectoryView view)
            throws IOException {
        AuditPage page = view.audit(Params.auditQuery(req, o.id()));
        StringBuilder b = new StringBuilder("<form class=\"inline\" method=\"get\"><input name=\"action\" placeholder=\"action, "
                + "e.g. role_changed\" value=\"" + esc(req.getParameter("action")) + "\"><input name=\"target\" placeholder=\"user\" "
                + "value=\"" + esc(req.getParameter("target")) + "\"><input name=\"actor\" placeholder=\"actor\" value=\""
                + esc(req.getParameter("actor")) + "\"><button class=\"secondary\">Filter</button> <a href=\""
                + esc(api(req, o, "audit.csv")) + "\">Export CSV</a></form><br>");
        b.append("<table id=\"audit\"><tr><th>When</th><th>Who</th><th>What</th><th>User</th><th>Change</th></tr>");
        for (AuditEntry e : page.entries()) {
            b.append("<tr><td>").append(Html.time(e.at())).append("</td><td>").append(esc(e.actor())).append("</td><td>")
                    .append(esc(e.action().code())).append("</td><td>").append(esc(e.targetLabel())).append("</td><td>")
                    .append(esc(e.before().isEmpty() && e.after().isEmpty() ? "" : e.before() + " → " + e.after()))
                    .append(e.detail().isEmpty() ? "" : "<br><span class=\"muted\">" + esc(e.detail()) + "</span>")
                    .append("</td></tr>");
        }
        b.append("</table><p class=\"muted pager\">").append(page.entries().size()).append(" of ").append(page.total())
                .append(req.getParameter("after") == null ? "" : " older").append(" entries.");
        if (req.getParameter("after") != null) {
            b.append(" <a href=\"").append(esc(withParam(req, "after", null, "offset"))).append("\">Newest</a>");
        }
        if (page.nextCursor() != null) {
            b.append(" <a rel=\"next\" href=\"").append(esc(withParam(req, "after", page.nextCursor(), "offset")))
                    .append("\">Older →</a>");
        }
        b.append("</p>");
        page(resp, 200, "Audit log", o, req, b.toString());
    }

    private void setup(HttpServletRequest req, HttpServletResponse resp, Organization o, DirectoryView view)
            throws IOException {
        String scimBase = JsonHttp.baseUrl(req) + scimPath;
        StringBuilder b = new StringBuilder();
        b.append("<div class=\"card\"><h2>Connect through WorkOS</h2><p>Your IT admin connects Okta, Entra ID, Google "
                + "Workspace, OneLogin or JumpCloud in the WorkOS Admin Portal.</p><form class=\"inline\">")
                .append(button("POST " + api(req, o, "setup-link"), "Create setup link", false))
                .append("</form></div>");
        b.append("<div class=\"card\"><h2>Connect with SCIM directly</h2><form class=\"inline\" id=\"scim\">"
                + "<select name=\"provider\"><option>Okta</option><option>Microsoft Entra ID</option><option>OneLogin</option>"
                + "<option>JumpCloud</option><option>SCIM client</option></select>")
                .append(button("POST " + api(req, o, "scim-credentials"), "Create SCIM token", false))
                .append("</form><p class=\"muted\">The token is shown once. SCIM base URL: <code>").append(esc(scimBase))
                .append("</code></p><table><tr><th>Token</th><th>Provider</th><th>Created</th><th>Last used</th><th></th></tr>");
        for (ScimCredential c : view.scimCredentials()) {
            b.append("<tr><td>…").append(esc(c.suffix())).append("</td><td>").append(esc(c.provider())).append("</td><td>")
                    .append(Html.time(c.createdAt())).append("</td><td>").append(Html.time(c.lastUsedAt())).append("</td><td>")
                    .append(c.active() ? "<form class=\"inline\">" + button("DELETE " + api(req, o, "scim-credentials/"
                            + Html.url(c.id())), "Revoke", true, true) + "</form>" : pill("removed")).append("</td></tr>");
        }
        b.append("</table></div><pre id=\"result\" class=\"result\"></pre>");
        b.append(guides(scimBase));
        page(resp, 200, "Setup", o, req, b.toString());
    }

    private static String guides(String scimBase) {
        String url = esc(scimBase);
        return "<div class=\"card\"><h2>Okta</h2><ol class=\"steps\"><li>Applications → Browse App Catalog → "
                + "<i>SCIM 2.0 Test App (Header Auth)</i>, or your app's integration.</li><li>Provisioning → SCIM "
                + "connector base URL <code>" + url + "</code>, unique identifier <code>userName</code>, authentication "
                + "<i>HTTP Header</i> with the token.</li><li>Enable <i>Create Users</i>, <i>Update User Attributes</i>, "
                + "<i>Deactivate Users</i>; push groups under <i>Push Groups</i>.</li></ol>"
                + "<h2>Microsoft Entra ID</h2><ol class=\"steps\"><li>Enterprise applications → New application → "
                + "Create your own application (non-gallery).</li><li>Provisioning → Automatic; Tenant URL <code>" + url
                + "</code>, Secret Token: the token. Test connection.</li><li>Assign users and groups, then start "
                + "provisioning.</li></ol>"
                + "<h2>OneLogin</h2><ol class=\"steps\"><li>Applications → Add App → <i>SCIM Provisioner with SAML "
                + "(SCIM v2 Enterprise)</i>.</li><li>Configuration: SCIM Base URL <code>" + url + "</code>, SCIM Bearer "
                + "Token: the token.</li><li>Provisioning → enable, then assign users.</li></ol>"
                + "<h2>JumpCloud</h2><ol class=\"steps\"><li>SSO Applications → Custom application → Identity "
                + "Management.</li><li>SCIM 2.0, Base URL <code>" + url + "</code>, Token Key: the token; Test "
                + "Connection, then activate.</li><li>Bind user groups to the application.</li></ol>"
                + "<h2>Google Workspace</h2><p>Google does not push SCIM to custom applications: connect it through WorkOS "
                + "(above).</p></div>";
    }

    /**
     * {@code <option>}s for {@code choices}, the {@code selected} ones marked; a selected value that is not a choice
     * (saved before the host's catalog said otherwise) is listed too, so the form shows what is saved.
     */
    private static String options(List<String> choices, List<String> selected) {
        StringBuilder b = new StringBuilder();
        for (String c : choices) {
            b.append("<option").append(selected.contains(c) ? " selected" : "").append(">").append(esc(c)).append("</option>");
        }
        for (String v : selected) {
            if (!choices.contains(v)) {
                b.append("<option selected>").append(esc(v)).append("</option>");
            }
        }
        return b.toString();
    }

    private static String stat(String label, String valueHtml) {
        return "<div class=\"card stat\"><div class=\"label\">" + esc(label) + "</div><div class=\"value\">" + valueHtml
                + "</div></div>";
    }

    private static String button(String api, String label, boolean secondary) {
        return button(api, label, secondary, true);
    }

    private static String button(String api, String label, boolean secondary, boolean reload) {
        return "<button" + (secondary ? " class=\"secondary\"" : "") + " data-api=\"" + esc(api) + "\" data-reload=\""
                + reload + "\">" + esc(label) + "</button>";
    }

    private void page(HttpServletResponse resp, int status, String title, @Nullable Organization o,
                      @Nullable HttpServletRequest req, String body) throws IOException {
        resp.setStatus(status);
        resp.setCharacterEncoding("UTF-8");
        resp.setContentType("text/html");
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("Content-Security-Policy", "default-src 'self'; style-src 'self'; script-src 'self'; "
                + "frame-ancestors 'none'");
        String assets = req == null ? "" : base(req) + "/assets";
        StringBuilder b = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(title)).append(" · Directory Sync</title><meta name=\"viewport\" content=\"width=device-width\">");
        if (req != null) {
            b.append("<link rel=\"stylesheet\" href=\"").append(assets).append("/dirsync.css\">");
        }
        b.append("</head><body><header><span class=\"brand\">Directory Sync</span>");
        if (o != null && req != null) {
            String p = base(req) + "/orgs/" + Html.url(o.id());
            b.append("<nav>");
            for (String[] tab : new String[][]{{"", "Overview"}, {"/users", "Users"}, {"/groups", "Groups"},
                    {"/settings", "Policies"}, {"/audit", "Audit log"}, {"/setup", "Setup"}}) {
                boolean active = title.equals(tab[1]) || (tab[0].isEmpty() && title.equals(o.name()));
                b.append("<a href=\"").append(p).append(tab[0]).append("\"").append(active ? " class=\"active\"" : "")
                        .append(">").append(tab[1]).append("</a>");
            }
            b.append("</nav><span class=\"muted\">").append(esc(o.name())).append("</span>");
        }
        b.append("</header><main><h1>").append(esc(title)).append("</h1>").append(body).append("</main>");
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
