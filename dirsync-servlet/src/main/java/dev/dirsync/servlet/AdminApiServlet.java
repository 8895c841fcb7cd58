package dev.dirsync.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.audit.AuditEntry;
import dev.dirsync.core.audit.AuditPage;
import dev.dirsync.core.audit.AuditQuery;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.Organization;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.outcome.Change;
import dev.dirsync.core.spi.AdminAccess;
import dev.dirsync.core.spi.AdminDecision;
import dev.dirsync.core.spi.AdminRequest;
import dev.dirsync.core.state.AppliedProjection;
import dev.dirsync.core.state.DirectoryConnection;
import dev.dirsync.core.state.MirrorGroup;
import dev.dirsync.core.state.MirrorUser;
import dev.dirsync.core.state.PreviewEntry;
import dev.dirsync.core.state.ScimCredential;
import dev.dirsync.core.state.StateStoreUnavailableException;
import dev.dirsync.core.engine.IssuedScimCredential;
import dev.dirsync.core.workos.DirectoryHealthCheck;
import dev.dirsync.core.workos.WorkosSource;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The admin JSON API (organizations, settings, group mappings with preview, users, test mode, audit, health).
 * Every request passes the host's {@link AdminAccess} first; writes must be JSON so a cross-site form cannot
 * forge them.
 */
public final class AdminApiServlet extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(AdminApiServlet.class);
    private static final long serialVersionUID = 1L;
    private static final int MAX_BODY = 256 * 1024;

    static final String CSRF_COOKIE = "dirsync_csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";

    private final transient DirectorySync sync;
    private final transient AdminAccess access;
    private final transient @Nullable WorkosSource workos;
    private final String scimPath;
    private final transient SyncJobs jobs;

    public AdminApiServlet(DirectorySync sync, AdminAccess access) {
        this(sync, access, null, DirsyncServlets.DEFAULT_SCIM_PATH);
    }

    /**
     * @param workos the WorkOS source, for force sync, setup links and directory health; null without WorkOS
     * @param scimPath where the SCIM endpoint is mounted, to tell admins their SCIM base URL
     */
    public AdminApiServlet(DirectorySync sync, AdminAccess access, @Nullable WorkosSource workos, String scimPath) {
        this.sync = sync;
        this.access = access;
        this.workos = workos;
        this.scimPath = scimPath;
        this.jobs = new SyncJobs();
    }

    @Override
    public void destroy() {
        jobs.shutdown();
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        List<String> seg = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                seg.add(java.net.URLDecoder.decode(s, StandardCharsets.UTF_8));
            }
        }
        try {
            String org = seg.size() >= 2 && seg.get(0).equals("organizations") ? seg.get(1) : null;
            String actor = authorize(req, path, org);
            if (!"GET".equals(req.getMethod()) && !"HEAD".equals(req.getMethod())) {
                requireJson(req);
                Csrf.check(req);
            } else {
                Csrf.issueIfMissing(req, resp);
            }
            route(req, resp, seg, path, actor);
        } catch (ApiException e) {
            error(resp, e.status, e.code, e.getMessage(), e.field);
        } catch (StateStoreUnavailableException e) {
            log.warn("admin API: state store unavailable: {}", e.toString());
            error(resp, 503, "unavailable", "dirsync's database is unavailable; try again shortly", null);
        } catch (RuntimeException e) {
            log.error("admin API: {} {} failed", req.getMethod(), path, e);
            error(resp, 500, "internal_error", "the request failed; see the server log (no details are sent to clients)",
                    null);
        }
    }

    private String authorize(HttpServletRequest req, String path, @Nullable String org) {
        AdminDecision d = access.decide(new AdminRequest(req.getMethod(), path, org, req.getUserPrincipal(),
                req::getHeader, req::getAttribute));
        if (d instanceof AdminDecision.Allowed a) {
            return a.actor();
        }
        AdminDecision.Denied denied = (AdminDecision.Denied) d;
        throw new ApiException(denied.authenticated() ? 403 : 401, denied.authenticated() ? "forbidden" : "unauthenticated",
                denied.reason(), null);
    }

    private static void requireJson(HttpServletRequest req) {
        String ct = req.getContentType();
        if (ct == null || !ct.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(415, "unsupported_media_type",
                    "send changes as Content-Type: application/json (an empty body may be {})", null);
        }
    }

    private void route(HttpServletRequest req, HttpServletResponse resp, List<String> seg, String path, String actor)
            throws IOException {
        String m = req.getMethod();
        Source who = Source.admin(actor);
        if (seg.size() == 1 && seg.get(0).equals("organizations")) {
            switch (m) {
                case "GET" -> json(resp, 200, Map.of("organizations",
                        sync.organizations().stream().map(AdminJson::organization).toList()));
                case "POST" -> createOrganization(req, resp);
                default -> throw ApiException.methodNotAllowed(m, path);
            }
            return;
        }
        if (seg.size() < 2 || !seg.get(0).equals("organizations")) {
            throw ApiException.notFound("no admin API resource at " + path + "; see README § Admin API");
        }
        Organization org = sync.organization(seg.get(1))
                .orElseThrow(() -> ApiException.notFound("no organization '" + seg.get(1) + "'"));
        String id = org.id();
        String sub = seg.size() == 2 ? "" : String.join("/", seg.subList(2, seg.size()));
        if (seg.size() == 4 && seg.get(2).equals("sync") && m.equals("GET")) {
            json(resp, 200, jobs.status(id, seg.get(3), workos));
            return;
        }
        if (seg.size() == 4 && seg.get(2).equals("scim-credentials") && m.equals("DELETE")) {
            if (!sync.revokeScimCredential(id, seg.get(3), who)) {
                throw ApiException.notFound("no active SCIM credential '" + seg.get(3) + "' in organization " + id);
            }
            resp.setStatus(204);
            return;
        }
        switch (m + " " + (seg.size() >= 5 && seg.get(2).equals("groups") && seg.get(4).equals("mapping")
                ? "groups/{group}/mapping" : sub)) {
            case "GET " -> json(resp, 200, AdminJson.organization(org));
            case "GET settings" -> json(resp, 200, AdminJson.settings(org.settings()));
            case "PUT settings" -> {
                OrganizationSettings next = AdminJson.mergeSettings(org.settings(), body(req));
                List<Change> changes = sync.updateSettings(id, next, who);
                Map<String, Object> out = new LinkedHashMap<>(AdminJson.settings(next));
                out.put("changes", changes.stream().map(AdminJson::change).toList());
                json(resp, 200, out);
            }
            case "GET groups" -> json(resp, 200, Map.of("groups", groups(org)));
            case "PUT groups/{group}/mapping" -> {
                GroupMapping gm = AdminJson.groupMapping(seg.get(3), body(req), "mapping");
                List<Change> changes;
                try {
                    changes = sync.updateSettings(id, org.settings().withGroupMapping(gm), who);
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest(e.getMessage());
                }
                json(resp, 200, Map.of("mapping", AdminJson.mapping(gm), "changes",
                        changes.stream().map(AdminJson::change).toList()));
            }
            case "POST groups/mapping-preview" -> {
                JsonNode b = body(req);
                if (!b.has("mappings") || !b.get("mappings").isObject()) {
                    throw ApiException.invalidField("mappings", "send {\"mappings\": {groupId: {role, workspaces}}}");
                }
                OrganizationSettings proposed = org.settings();
                try {
                    for (var it = b.get("mappings").fields(); it.hasNext(); ) {
                        var e = it.next();
                        proposed = proposed.withGroupMapping(AdminJson.groupMapping(e.getKey(), e.getValue(),
                                "mappings." + e.getKey()));
                    }
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest(e.getMessage());
                }
                json(resp, 200, Map.of("changes", sync.previewSettings(id, proposed).stream()
                        .map(AdminJson::change).toList()));
            }
            case "GET users" -> json(resp, 200, users(req, id));
            case "GET preview" -> json(resp, 200, Map.of("mode", AdminJson.lower(org.settings().mode()),
                    "pending", sync.preview(id).stream().map(AdminApiServlet::preview).toList()));
            case "POST activate", "POST resume" -> json(resp, 200, modeResult(id, sync.activate(id, who)));
            case "POST pause" -> json(resp, 200, modeResult(id, sync.pause(id, who)));
            case "POST test" -> json(resp, 200, modeResult(id, sync.startTest(id, who)));
            case "GET audit" -> {
                AuditPage page = sync.audit(auditQuery(req, id));
                json(resp, 200, Map.of("total", page.total(), "offset", page.offset(), "limit", page.limit(),
                        "entries", page.entries().stream().map(AdminJson::audit).toList()));
            }
            case "GET audit.csv" -> exportAudit(req, resp, id, true);
            case "GET audit.jsonl" -> exportAudit(req, resp, id, false);
            case "GET health" -> json(resp, 200, health(id));
            case "POST sync" -> json(resp, 202, startSync(id, req));
            case "POST setup-link" -> json(resp, 200, setupLink(id, req));
            case "GET scim-credentials" -> json(resp, 200, Map.of("credentials",
                    sync.scimCredentials(id).stream().map(AdminApiServlet::credential).toList()));
            case "POST scim-credentials" -> issueCredential(id, req, resp, who);
            default -> throw sub.isEmpty() || knownSub(sub) ? ApiException.methodNotAllowed(m, path)
                    : ApiException.notFound("no admin API resource at " + path + "; see README § Admin API");
        }
    }

    private static boolean knownSub(String sub) {
        return List.of("settings", "groups", "groups/mapping-preview", "users", "preview", "activate", "resume", "pause",
                "test", "audit", "audit.csv", "audit.jsonl", "health", "sync", "setup-link", "scim-credentials")
                .contains(sub) || sub.matches("groups/[^/]+/mapping") || sub.matches("(sync|scim-credentials)/[^/]+");
    }

    private void createOrganization(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        JsonNode b = body(req);
        String id = AdminJson.text(b.path("id").isMissingNode() ? com.fasterxml.jackson.databind.node.NullNode.getInstance()
                : b.get("id"), "id");
        if (!id.matches("[A-Za-z0-9_.:-]{1,128}")) {
            throw ApiException.invalidField("id", "id may hold letters, digits and _ . : - (at most 128)");
        }
        String name = b.has("name") ? AdminJson.text(b.get("name"), "name") : id;
        String workos = AdminJson.optionalText(b, "workosOrganizationId");
        try {
            Organization o = sync.createOrganization(id, name, workos, OrganizationSettings.defaults());
            resp.setHeader("Location", req.getRequestURI() + "/" + id);
            json(resp, 201, AdminJson.organization(o));
        } catch (IllegalStateException e) {
            throw ApiException.conflict(e.getMessage());
        }
    }

    private List<Map<String, Object>> groups(Organization org) {
        return sync.stateStore().inTransaction(tx -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (MirrorGroup g : tx.mirror().groups(org.id())) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", g.group().id());
                m.put("directoryId", g.group().directoryId());
                m.put("displayName", g.group().displayName());
                m.put("deleted", g.deleted());
                m.put("memberCount", tx.mirror().userIdsInGroup(org.id(), g.group().directoryId(), g.group().id()).size());
                GroupMapping gm = org.settings().groupMappings().get(g.group().id());
                m.put("mapping", gm == null ? null : AdminJson.mapping(gm));
                out.add(m);
            }
            return out;
        });
    }

    private Map<String, Object> users(HttpServletRequest req, String org) {
        String q = req.getParameter("q") == null ? "" : req.getParameter("q").trim().toLowerCase(Locale.ROOT);
        int offset = intParam(req, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = intParam(req, "limit", 50, 1, 500);
        Map<DirectoryUserKey, AppliedProjection> applied = new HashMap<>();
        for (AppliedProjection a : sync.projections(org)) {
            applied.put(a.key(), a);
        }
        List<Map<String, Object>> matching = new ArrayList<>();
        for (MirrorUser u : sync.directoryUsers(org)) {
            String email = u.user().primaryEmail().orElse("");
            String name = u.user().displayName();
            if (!q.isEmpty() && !email.toLowerCase(Locale.ROOT).contains(q) && !name.toLowerCase(Locale.ROOT).contains(q)
                    && !u.user().normalizedUserName().contains(q)) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", u.user().id());
            m.put("directoryId", u.user().directoryId());
            m.put("userName", u.user().userName());
            m.put("email", email.isEmpty() ? null : email);
            m.put("name", name);
            m.put("active", u.user().active() && !u.deleted());
            m.put("deleted", u.deleted());
            AppliedProjection a = applied.get(u.key());
            if (a == null) {
                m.put("projected", null);
            } else {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("appUserId", a.appUserId());
                p.put("status", AdminJson.lower(a.projection().status()));
                p.put("role", a.projection().role());
                p.put("workspaces", a.projection().workspaces());
                p.put("purged", a.purged());
                p.put("blocked", a.blocked());
                m.put("projected", p);
            }
            matching.add(m);
        }
        List<Map<String, Object>> page = matching.stream().skip(offset).limit(limit).toList();
        return Map.of("total", matching.size(), "offset", offset, "limit", limit, "users", page);
    }

    private static Map<String, Object> preview(PreviewEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("directoryUserId", e.key().userId());
        m.put("user", e.desired().identity().email());
        m.put("changes", e.changes().stream().map(AdminJson::change).toList());
        return m;
    }

    private Map<String, Object> modeResult(String org, List<Change> changes) {
        return Map.of("mode", AdminJson.lower(sync.organization(org).orElseThrow().settings().mode()),
                "changes", changes.stream().map(AdminJson::change).toList());
    }

    /** Per-organization sync health: the worst directory decides the status. */
    private Map<String, Object> health(String org) {
        List<DirectoryConnection> conns = sync.stateStore().inTransaction(tx -> tx.connections().list(org));
        Map<String, DirectoryHealthCheck.DirectoryHealth> workosHealth = new HashMap<>();
        List<String> problems = new ArrayList<>();
        if (workos != null && conns.stream().anyMatch(c -> c.kind() == DirectoryConnection.Kind.WORKOS)) {
            try {
                for (DirectoryHealthCheck.DirectoryHealth h : workos.health().check(org).directories()) {
                    workosHealth.put(h.directoryId(), h);
                }
            } catch (RuntimeException e) {
                problems.add("WorkOS could not be asked about the directory state: " + e.getMessage());
            }
        }
        List<Map<String, Object>> dirs = new ArrayList<>();
        String status = conns.isEmpty() ? "not_connected" : "healthy";
        Instant lastEvent = null;
        for (DirectoryConnection c : conns) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("directoryId", c.directoryId());
            m.put("source", AdminJson.lower(c.kind()));
            m.put("provider", c.provider());
            m.put("state", AdminJson.lower(c.state()));
            m.put("lastEventAt", c.lastEventAt() == null ? null : c.lastEventAt().toString());
            String dirStatus = c.state() == DirectoryConnection.State.DELETED ? "removed" : "healthy";
            DirectoryHealthCheck.DirectoryHealth h = workosHealth.get(c.directoryId());
            if (h != null) {
                dirStatus = AdminJson.lower(h.status());
                if (h.status() != DirectoryHealthCheck.Status.HEALTHY) {
                    problems.add(c.provider() + " directory " + c.directoryId() + ": " + h.detail());
                }
            }
            m.put("status", dirStatus);
            dirs.add(m);
            status = worse(status, dirStatus);
            if (c.lastEventAt() != null && (lastEvent == null || c.lastEventAt().isAfter(lastEvent))) {
                lastEvent = c.lastEventAt();
            }
        }
        long users = sync.directoryUsers(org).stream().filter(u -> !u.deleted()).count();
        long groups = sync.directoryGroups(org).stream().filter(g -> !g.deleted()).count();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", status);
        out.put("source", conns.isEmpty() ? null : AdminJson.lower(conns.get(0).kind()));
        out.put("lastEventAt", lastEvent == null ? null : lastEvent.toString());
        out.put("usersSynced", users);
        out.put("groupsSynced", groups);
        out.put("problems", problems);
        out.put("directories", dirs);
        return out;
    }

    private static final List<String> SEVERITY = List.of("not_connected", "healthy", "removed", "pending", "stale",
            "broken");

    private static String worse(String a, String b) {
        return SEVERITY.indexOf(b) > SEVERITY.indexOf(a) ? b : a;
    }

    private WorkosSource requireWorkos(String what) {
        if (workos == null) {
            throw new ApiException(409, "not_configured", what + " needs the WorkOS source: configure a WorkOS API "
                    + "key (WorkosConfig / dirsync.workos.api-key)", null);
        }
        return workos;
    }

    private Map<String, Object> startSync(String org, HttpServletRequest req) throws IOException {
        WorkosSource source = requireWorkos("force sync");
        JsonNode b = body(req);
        String only = AdminJson.optionalText(b, "directoryId");
        List<String> dirs = sync.stateStore().inTransaction(tx -> tx.connections().list(org)).stream()
                .filter(c -> c.kind() == DirectoryConnection.Kind.WORKOS && c.state() == DirectoryConnection.State.ACTIVE)
                .map(DirectoryConnection::directoryId).filter(d -> only == null || only.equals(d)).toList();
        if (dirs.isEmpty()) {
            throw ApiException.conflict(only == null ? "organization " + org + " has no connected WorkOS directory"
                    : "organization " + org + " has no connected WorkOS directory '" + only + "'");
        }
        return jobs.start(org, dirs, source);
    }

    private Map<String, Object> setupLink(String org, HttpServletRequest req) throws IOException {
        WorkosSource source = requireWorkos("an Admin Portal link");
        JsonNode b = body(req);
        try {
            URI link = source.setup().adminPortalLink(org, uri(b, "returnUrl"), uri(b, "successUrl"));
            return Map.of("link", link.toString(), "intent", "dsync");
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw ApiException.conflict(e.getMessage());
        }
    }

    private static @Nullable URI uri(JsonNode b, String field) {
        String v = AdminJson.optionalText(b, field);
        if (v == null) {
            return null;
        }
        try {
            URI u = new URI(v);
            if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme())) {
                throw ApiException.invalidField(field, field + " must be an http(s) URL");
            }
            return u;
        } catch (java.net.URISyntaxException e) {
            throw ApiException.invalidField(field, field + " is not a URL: " + e.getMessage());
        }
    }

    private void issueCredential(String org, HttpServletRequest req, HttpServletResponse resp, Source who)
            throws IOException {
        JsonNode b = body(req);
        String directoryId = b.has("directoryId") ? AdminJson.text(b.get("directoryId"), "directoryId") : "scim";
        if (!directoryId.matches("[A-Za-z0-9_.:-]{1,128}")) {
            throw ApiException.invalidField("directoryId", "directoryId may hold letters, digits and _ . : - (at most 128)");
        }
        String provider = b.has("provider") ? AdminJson.text(b.get("provider"), "provider") : "SCIM client";
        IssuedScimCredential issued;
        try {
            issued = sync.issueScimCredential(org, directoryId, provider, who);
        } catch (IllegalStateException e) {
            throw ApiException.conflict(e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>(credential(issued.credential()));
        out.put("scimBaseUrl", baseUrl(req) + scimPath);
        out.put("token", issued.token()); // shown this once; only its hash is kept
        resp.setHeader("Location", req.getRequestURI() + "/" + issued.credential().id());
        json(resp, 201, out);
    }

    /** The application's origin and context path as the caller reached it, default ports left out. */
    static String baseUrl(HttpServletRequest req) {
        int port = req.getServerPort();
        boolean defaultPort = ("http".equals(req.getScheme()) && port == 80) || ("https".equals(req.getScheme()) && port == 443);
        return req.getScheme() + "://" + req.getServerName() + (defaultPort ? "" : ":" + port) + req.getContextPath();
    }

    private static Map<String, Object> credential(ScimCredential c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("suffix", c.suffix());
        m.put("directoryId", c.directoryId());
        m.put("provider", c.provider());
        m.put("active", c.active());
        m.put("createdAt", c.createdAt().toString());
        m.put("lastUsedAt", c.lastUsedAt() == null ? null : c.lastUsedAt().toString());
        m.put("revokedAt", c.revokedAt() == null ? null : c.revokedAt().toString());
        return m;
    }

    static AuditQuery auditQuery(HttpServletRequest req, String org) {
        AuditQuery q = AuditQuery.of(org).page(intParam(req, "offset", 0, 0, Integer.MAX_VALUE),
                intParam(req, "limit", AuditQuery.DEFAULT_LIMIT, 1, AuditQuery.MAX_LIMIT));
        if (req.getParameter("action") != null) {
            try {
                q = q.withAction(AuditAction.fromCode(req.getParameter("action")));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidField("action", e.getMessage());
            }
        }
        q = q.withActor(req.getParameter("actor")).withTarget(req.getParameter("target"));
        return q.between(instant(req, "since"), instant(req, "until"));
    }

    private void exportAudit(HttpServletRequest req, HttpServletResponse resp, String org, boolean csv) throws IOException {
        AuditQuery q = auditQuery(req, org);
        resp.setStatus(200);
        resp.setCharacterEncoding("UTF-8");
        resp.setContentType(csv ? "text/csv" : "application/x-ndjson");
        resp.setHeader("Content-Disposition", "attachment; filename=\"dirsync-audit-" + org + (csv ? ".csv" : ".jsonl") + "\"");
        PrintWriter w = resp.getWriter();
        if (csv) {
            w.print("id,at,actor,action,target_directory_user_id,target_app_user_id,target,before,after,source_event_id,detail\r\n");
        }
        int offset = 0;
        while (true) {
            AuditPage page = sync.audit(q.page(offset, AuditQuery.MAX_LIMIT));
            for (AuditEntry e : page.entries()) {
                if (csv) {
                    w.print(String.join(",", Csv.cell(e.id()), Csv.cell(e.at().toString()), Csv.cell(e.actor()),
                            Csv.cell(e.action().code()), Csv.cell(e.targetDirectoryUserId()), Csv.cell(e.targetAppUserId()),
                            Csv.cell(e.targetLabel()), Csv.cell(AdminJson.write(e.before())), Csv.cell(AdminJson.write(e.after())),
                            Csv.cell(e.sourceEventId()), Csv.cell(e.detail())) + "\r\n");
                } else {
                    w.print(AdminJson.write(AdminJson.audit(e)) + "\n");
                }
            }
            offset += page.entries().size();
            if (page.entries().isEmpty() || offset >= page.total()) {
                break;
            }
        }
        w.flush();
    }

    private static @Nullable Instant instant(HttpServletRequest req, String name) {
        String v = req.getParameter(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(v.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.invalidField(name, name + " must be an ISO-8601 instant such as 2026-01-05T00:00:00Z");
        }
    }

    private static int intParam(HttpServletRequest req, String name, int def, int min, int max) {
        String v = req.getParameter(name);
        if (v == null || v.isBlank()) {
            return def;
        }
        try {
            int i = Integer.parseInt(v.trim());
            if (i < min || i > max) {
                throw ApiException.invalidField(name, name + " must be between " + min + " and " + max);
            }
            return i;
        } catch (NumberFormatException e) {
            throw ApiException.invalidField(name, name + " must be a whole number");
        }
    }

    private static JsonNode body(HttpServletRequest req) throws IOException {
        byte[] bytes = req.getInputStream().readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw new ApiException(413, "payload_too_large", "request body exceeds " + MAX_BODY + " bytes", null);
        }
        return AdminJson.parse(bytes);
    }

    static void json(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setCharacterEncoding("UTF-8");
        resp.setContentType("application/json");
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write(AdminJson.write(body));
    }

    private static void error(HttpServletResponse resp, int status, String code, String message, @Nullable String field)
            throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        resp.reset();
        if (status == 503) {
            resp.setHeader("Retry-After", "5");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        if (field != null) {
            body.put("field", field);
        }
        json(resp, status, body);
    }
}
