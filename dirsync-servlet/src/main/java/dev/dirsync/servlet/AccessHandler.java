package dev.dirsync.servlet;

import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.read.AccessPage;
import dev.dirsync.core.read.AccessQuery;
import dev.dirsync.core.read.DirectoryView;
import dev.dirsync.core.state.AccessInterval;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /organizations/{org}/access?at=}: who had access at an instant (role, workspaces, status as dirsync had
 * applied them, with the audit entries behind each value), paged by the previous page's {@code next}
 * ({@code ?after=}); {@code access.csv} streams every match, a keyset page at a time.
 */
final class AccessHandler {
    private static final String CSV_HEADER = "directory_id,user_id,app_user_id,email,role,workspaces,status,since,until,"
            + "role_audit_id,workspaces_audit_id,status_audit_id\r\n";

    void routes(AdminRouter r) {
        r.get("organizations/{org}/access", this::list)
                .get("organizations/{org}/access.csv", this::csv);
    }

    /** {@code ?at=&role=&workspace=&limit=&after=}; {@code at} is required. */
    static AccessQuery query(ApiCall c, int limit) {
        Instant at = Params.instant(c.req, "at");
        if (at == null) {
            throw ApiException.invalidField("at", "at is required: the ISO-8601 instant to answer for, such as "
                    + "2026-01-05T09:30:00Z");
        }
        return new AccessQuery(at, Params.text(c.req, "role"), Params.text(c.req, "workspace"),
                cursor(c.orgId(), Params.text(c.req, "after")), limit);
    }

    private void list(ApiCall c) throws IOException {
        AccessQuery q = query(c, Params.intParam(c.req, "limit", AccessQuery.DEFAULT_LIMIT, 1, AccessQuery.MAX_LIMIT));
        AccessPage page = c.view().accessAt(q);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("at", q.at().toString());
        out.put("role", q.role());
        out.put("workspace", q.workspace());
        out.put("next", page.next() == null ? null : cursor(page.next()));
        out.put("people", page.items().stream().map(AccessHandler::json).toList());
        c.json(200, out);
    }

    private void csv(ApiCall c) throws IOException {
        AccessQuery q = query(c, AccessQuery.MAX_LIMIT).after(null);
        DirectoryView view = c.view();
        AccessPage first = view.accessAt(q); // before the status: an outage here is still a clean 503
        c.resp.setStatus(200);
        c.resp.setCharacterEncoding("UTF-8");
        c.resp.setContentType("text/csv");
        c.resp.setHeader("Cache-Control", "no-store");
        c.resp.setHeader("Content-Disposition", AuditHandler.attachment("dirsync-access-" + c.orgId() + "-"
                + q.at().toString().replace(':', '-') + ".csv"));
        PrintWriter w = c.resp.getWriter();
        w.print(CSV_HEADER);
        for (AccessPage page = first; ; page = view.accessAt(q.after(page.next()))) {
            for (AccessInterval i : page.items()) {
                w.print(String.join(",", Csv.cell(i.key().directoryId()), Csv.cell(i.key().userId()),
                        Csv.cell(i.appUserId()), Csv.cell(i.label()), Csv.cell(i.role()),
                        Csv.cell(String.join(" ", i.workspaces())), Csv.cell(AdminJson.lower(i.status())),
                        Csv.cell(i.from().toString()), Csv.cell(i.to() == null ? null : i.to().toString()),
                        Csv.cell(i.roleAuditId()), Csv.cell(i.workspacesAuditId()), Csv.cell(i.statusAuditId()))
                        + "\r\n");
            }
            if (page.next() == null) {
                break;
            }
        }
        w.flush();
    }

    static Map<String, Object> json(AccessInterval i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("directoryId", i.key().directoryId());
        m.put("userId", i.key().userId());
        m.put("appUserId", i.appUserId());
        m.put("email", i.label());
        m.put("role", i.role());
        m.put("workspaces", i.workspaces());
        m.put("status", AdminJson.lower(i.status()));
        m.put("since", i.from().toString());
        m.put("until", i.to() == null ? null : i.to().toString());
        Map<String, Object> audit = new LinkedHashMap<>(); // ids of the audit entries that set each value
        audit.put("role", i.roleAuditId());
        audit.put("workspaces", i.workspacesAuditId());
        audit.put("status", i.statusAuditId());
        m.put("auditIds", audit);
        return m;
    }

    /** The opaque {@code next}/{@code after} cursor: the last person's key, base64url. */
    static String cursor(DirectoryUserKey k) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((k.directoryId() + "\n" + k.userId())
                .getBytes(StandardCharsets.UTF_8));
    }

    static @Nullable DirectoryUserKey cursor(String org, @Nullable String after) {
        if (after == null) {
            return null;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8);
            int nl = s.indexOf('\n');
            if (nl < 0) {
                throw new IllegalArgumentException("no separator");
            }
            return new DirectoryUserKey(org, s.substring(0, nl), s.substring(nl + 1));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("after", "after must be the next value of the previous page");
        }
    }
}
