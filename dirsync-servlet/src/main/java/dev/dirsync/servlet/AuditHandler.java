package dev.dirsync.servlet;

import dev.dirsync.core.audit.AuditEntry;
import dev.dirsync.core.audit.AuditPage;
import dev.dirsync.core.audit.AuditQuery;
import dev.dirsync.core.read.DirectoryView;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /organizations/{org}/audit}: search, newest first, paged by offset or by the previous page's
 * {@code nextCursor} ({@code ?after=}); {@code audit.csv} and {@code audit.jsonl} stream every match, a keyset
 * page at a time, without counting.
 */
final class AuditHandler {
    private static final String CSV_HEADER =
            "id,at,actor,action,target_directory_user_id,target_app_user_id,target,before,after,source_event_id,detail\r\n";

    void routes(AdminRouter r) {
        r.get("organizations/{org}/audit", this::search)
                .get("organizations/{org}/audit.csv", c -> export(c, true))
                .get("organizations/{org}/audit.jsonl", c -> export(c, false));
    }

    private void search(ApiCall c) throws IOException {
        AuditPage page = c.view().audit(Params.auditQuery(c.req, c.orgId()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", page.total());
        out.put("offset", page.offset());
        out.put("limit", page.limit());
        out.put("nextCursor", page.nextCursor());
        out.put("entries", page.entries().stream().map(AdminJson::audit).toList());
        c.json(200, out);
    }

    private void export(ApiCall c, boolean csv) throws IOException {
        String org = c.orgId();
        // the filters of the search; paging is the export's own: whole keyset pages, no COUNT, no OFFSET
        AuditQuery q = Params.auditQuery(c.req, org).page(0, AuditQuery.MAX_LIMIT).after(null).withoutTotal();
        DirectoryView view = c.view();
        AuditPage first = view.audit(q); // before the status: an outage here is still a clean 503
        c.resp.setStatus(200);
        c.resp.setCharacterEncoding("UTF-8");
        c.resp.setContentType(csv ? "text/csv" : "application/x-ndjson");
        c.resp.setHeader("Cache-Control", "no-store");
        c.resp.setHeader("Content-Disposition", attachment("dirsync-audit-" + org + (csv ? ".csv" : ".jsonl")));
        PrintWriter w = c.resp.getWriter();
        if (csv) {
            w.print(CSV_HEADER);
        }
        for (AuditPage page = first; ; page = view.audit(q.after(page.nextCursor()))) {
            for (AuditEntry e : page.entries()) {
                w.print(csv ? csvLine(e) : AdminJson.write(AdminJson.audit(e)) + "\n");
            }
            if (page.nextCursor() == null) {
                break;
            }
        }
        w.flush();
    }

    /**
     * {@code Content-Disposition} for a download named after an organization id, which the host chose and may hold
     * anything (RFC 6266): quotes, backslashes and control characters (CR/LF could split the header) are dropped;
     * a plain-ASCII {@code filename} for old clients, {@code filename*=UTF-8''...} percent-encoded (RFC 8187) for
     * the exact name.
     */
    static String attachment(String filename) {
        String clean = filename.replaceAll("[\\p{Cntrl}\"\\\\]", "");
        String ascii = clean.replaceAll("[^A-Za-z0-9_.+-]", "_");
        StringBuilder encoded = new StringBuilder();
        for (byte b : clean.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char ch = (char) (b & 0xff);
            if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')
                    || "!#$&+-.^_`|~".indexOf(ch) >= 0) {
                encoded.append(ch);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }

    private static String csvLine(AuditEntry e) {
        return String.join(",", Csv.cell(e.id()), Csv.cell(e.at().toString()), Csv.cell(e.actor()),
                Csv.cell(e.action().code()), Csv.cell(e.targetDirectoryUserId()), Csv.cell(e.targetAppUserId()),
                Csv.cell(e.targetLabel()), Csv.cell(AdminJson.write(e.before())), Csv.cell(AdminJson.write(e.after())),
                Csv.cell(e.sourceEventId()), Csv.cell(e.detail())) + "\r\n";
    }
}
