package dev.dirsync.servlet;

import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.audit.AuditEntry;
import dev.dirsync.core.audit.AuditPage;
import dev.dirsync.core.audit.AuditQuery;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.state.DirectoryConnection;
import org.jspecify.annotations.Nullable;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.dirsync.servlet.Html.esc;

/**
 * The audit log as sentences ("Role changed for Frances Founder: admin → member, via Okta"), filtered by action,
 * person, actor and time range, newest first a keyset page at a time, with a CSV export of exactly the filtered
 * entries (the export link carries the same filters as instants).
 */
final class AuditLogPage {
    private AuditLogPage() {
    }

    private static final String[][] RANGES = {{"", "Any time"}, {"24h", "Last 24 hours"}, {"7d", "Last 7 days"},
            {"30d", "Last 30 days"}, {"90d", "Last 90 days"}, {"custom", "Between dates"}};

    /** The filter's time range as instants: a named range back from now, or whole days in the admin's zone. */
    record Range(@Nullable Instant since, @Nullable Instant until) {
    }

    static Range range(UiContext c, Instant now) {
        String r = c.param("range");
        if (r == null) {
            return new Range(null, null);
        }
        return switch (r) {
            case "24h" -> new Range(now.minus(Duration.ofHours(24)), null);
            case "7d" -> new Range(now.minus(Duration.ofDays(7)), null);
            case "30d" -> new Range(now.minus(Duration.ofDays(30)), null);
            case "90d" -> new Range(now.minus(Duration.ofDays(90)), null);
            case "custom" -> {
                ZoneId zone = c.zone();
                yield new Range(day(c, "from", zone, 0), day(c, "to", zone, 1));
            }
            default -> throw ApiException.invalidField("range", "range is '" + r + "'; expected one of 24h, 7d, 30d, "
                    + "90d, custom");
        };
    }

    private static @Nullable Instant day(UiContext c, String name, ZoneId zone, int plusDays) {
        String v = c.param(name);
        if (v == null) {
            return null;
        }
        try {
            return LocalDate.parse(v).plusDays(plusDays).atStartOfDay(zone).toInstant();
        } catch (DateTimeException e) {
            throw ApiException.invalidField(name, name + " must be a date such as 2026-01-05");
        }
    }

    static String render(UiContext c) {
        Instant now = c.view.health().checkedAt();
        Range range = range(c, now);
        AuditQuery q = Params.auditQuery(c.req, c.org.id()).between(range.since(), range.until());
        AuditPage page = c.view.audit(q);
        String action = c.param("action");
        String rangeParam = c.param("range");
        StringBuilder b = new StringBuilder("<form class=\"filters\" method=\"get\" id=\"audit-filters\">"
                + "<div class=\"field\"><label for=\"f-action\">What happened</label><select id=\"f-action\" name=\"action\">"
                + "<option value=\"\">Anything</option>");
        for (AuditAction a : AuditAction.values()) {
            b.append("<option value=\"").append(a.code()).append("\"").append(a.code().equals(action) ? " selected" : "")
                    .append(">").append(esc(AuditText.label(a))).append("</option>");
        }
        b.append("</select></div><div class=\"field\"><label for=\"f-target\">Person</label><input id=\"f-target\" "
                + "name=\"target\" placeholder=\"email or directory id\" value=\"").append(esc(c.param("target")))
                .append("\"></div><div class=\"field\"><label for=\"f-actor\">Changed by</label><input id=\"f-actor\" "
                        + "name=\"actor\" placeholder=\"e.g. Okta or an admin's email\" value=\"").append(esc(c.param("actor")))
                .append("\"></div><div class=\"field\"><label for=\"f-range\">When</label><select id=\"f-range\" name=\"range\">");
        for (String[] r : RANGES) {
            b.append("<option value=\"").append(r[0]).append("\"").append(r[0].equals(rangeParam == null ? "" : rangeParam)
                    ? " selected" : "").append(">").append(r[1]).append("</option>");
        }
        b.append("</select></div><div class=\"field dates\"><label for=\"f-from\">From</label><input type=\"date\" id=\"f-from\" "
                + "name=\"from\" value=\"").append(esc(c.param("from"))).append("\"></div><div class=\"field dates\"><label "
                + "for=\"f-to\">To</label><input type=\"date\" id=\"f-to\" name=\"to\" value=\"").append(esc(c.param("to")))
                .append("\"></div><input type=\"hidden\" name=\"tz\" id=\"f-tz\" value=\"").append(esc(c.param("tz")))
                .append("\"><button class=\"secondary\">Filter</button><a class=\"button secondary\" id=\"export\" href=\"")
                .append(esc(export(c, action, range))).append("\" download>Export CSV</a></form>");
        Map<String, String> names = names(c, page.entries());
        b.append("<table id=\"audit\" class=\"cards\"><thead><tr><th scope=\"col\">When</th><th scope=\"col\">What happened"
                + "</th><th scope=\"col\">Changed by</th></tr></thead><tbody>");
        for (AuditEntry e : page.entries()) {
            String person = e.targetDirectoryUserId() == null ? null : names.get(e.targetDirectoryUserId());
            b.append("<tr data-action=\"").append(e.action().code()).append("\"><td data-label=\"When\">")
                    .append(Html.time(e.at())).append("</td><td data-label=\"What happened\">")
                    .append(esc(AuditText.sentence(e, person))).append("</td><td data-label=\"Changed by\">")
                    .append(esc(e.actor())).append("</td></tr>");
        }
        if (page.entries().isEmpty()) {
            b.append("<tr><td colspan=\"3\" class=\"muted\">Nothing matches these filters.</td></tr>");
        }
        b.append("</tbody></table><p class=\"muted pager\" id=\"pager\">").append(page.entries().size())
                .append(page.total() >= 0 ? " of " + page.total() : "").append(c.param("after") == null ? "" : " older")
                .append(" entries.");
        if (c.param("after") != null) {
            b.append(" <a href=\"").append(esc(c.withParam("after", null, "offset"))).append("\">Newest</a>");
        }
        if (page.nextCursor() != null) {
            b.append(" <a rel=\"next\" href=\"").append(esc(c.withParam("after", page.nextCursor(), "offset")))
                    .append("\">Older →</a>");
        }
        return b.append("</p>").toString();
    }

    /** The API's CSV export with the page's filters, the time range as exact instants. */
    private static String export(UiContext c, @Nullable String action, Range range) {
        StringBuilder q = new StringBuilder();
        add(q, "action", action);
        add(q, "target", c.param("target"));
        add(q, "actor", c.param("actor"));
        add(q, "since", range.since() == null ? null : range.since().toString());
        add(q, "until", range.until() == null ? null : range.until().toString());
        return c.api("audit.csv") + q;
    }

    private static void add(StringBuilder q, String name, @Nullable String value) {
        if (value != null) {
            q.append(q.length() == 0 ? "?" : "&").append(name).append("=").append(Html.url(value));
        }
    }

    /** Names of the people a page of entries is about, looked up by directory user id (a few point reads). */
    private static Map<String, String> names(UiContext c, List<AuditEntry> entries) {
        Map<String, String> out = new HashMap<>();
        List<String> dirs = c.view.connections().stream().map(DirectoryConnection::directoryId).toList();
        for (AuditEntry e : entries) {
            String id = e.targetDirectoryUserId();
            if (id == null || out.containsKey(id)) {
                continue;
            }
            for (String d : dirs) {
                var u = c.view.user(new DirectoryUserKey(c.org.id(), d, id));
                if (u.isPresent()) {
                    out.put(id, u.get().user().user().displayName());
                    break;
                }
            }
            out.putIfAbsent(id, null); // not in the mirror (a host-only user): the entry's label is used
        }
        return out;
    }
}
