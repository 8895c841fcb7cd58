package dev.dirsync.servlet;

import dev.dirsync.core.read.AccessPage;
import dev.dirsync.core.read.AccessQuery;
import dev.dirsync.core.state.AccessInterval;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

import static dev.dirsync.servlet.Html.esc;

/**
 * "Who had access on…": a date and time in the admin's time zone (the browser fills {@code tz}), optionally a role
 * and a workspace; the people and what dirsync had applied to them then, a keyset page at a time, each linking to
 * the person's page (their history), and a CSV of the whole answer.
 */
final class WhoHadAccessPage {
    private WhoHadAccessPage() {
    }

    /** The instant asked for: the date and time in the admin's zone; now when no date is given. */
    static Instant at(UiContext c, Instant now) {
        String date = c.param("date");
        if (date == null) {
            return now;
        }
        ZoneId zone = c.zone();
        try {
            String time = c.param("time");
            return LocalDateTime.of(LocalDate.parse(date), time == null ? LocalTime.MAX.truncatedTo(ChronoUnit.MINUTES)
                    : LocalTime.parse(time)).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            throw ApiException.invalidField("date", "date must be a date such as 2026-01-05 and time a time such as "
                    + "09:30");
        }
    }

    static String render(UiContext c) {
        Instant at = at(c, Instant.now());
        String after = c.param("after");
        AccessQuery q = new AccessQuery(at, c.param("role"), c.param("workspace"), null, 50);
        if (after != null) {
            q = q.after(AccessHandler.cursor(c.org.id(), after));
        }
        AccessPage page = c.view.accessAt(q);
        StringBuilder b = new StringBuilder("<form class=\"filters\" method=\"get\" id=\"access-filters\">"
                + "<div class=\"field\"><label for=\"f-date\">Date</label><input type=\"date\" id=\"f-date\" name=\"date\" "
                + "required value=\"").append(esc(c.param("date"))).append("\"></div>"
                + "<div class=\"field\"><label for=\"f-time\">Time</label><input type=\"time\" id=\"f-time\" name=\"time\" "
                + "value=\"").append(esc(c.param("time"))).append("\"></div>"
                + "<div class=\"field\"><label for=\"f-role\">Role</label><input id=\"f-role\" name=\"role\" "
                + "placeholder=\"any, or e.g. admin\" value=\"").append(esc(c.param("role"))).append("\"></div>"
                + "<div class=\"field\"><label for=\"f-workspace\">Workspace</label><input id=\"f-workspace\" "
                + "name=\"workspace\" placeholder=\"any\" value=\"").append(esc(c.param("workspace"))).append("\"></div>"
                + "<input type=\"hidden\" name=\"tz\" id=\"f-tz\" value=\"").append(esc(c.param("tz"))).append("\">"
                + "<button class=\"secondary\" id=\"show-access\">Show</button><a class=\"button secondary\" id=\"export\" "
                + "href=\"").append(esc(c.api("access.csv") + "?at=" + Html.url(at.toString())
                        + (q.role() == null ? "" : "&role=" + Html.url(q.role()))
                        + (q.workspace() == null ? "" : "&workspace=" + Html.url(q.workspace()))))
                .append("\" download>Export CSV</a></form>");
        b.append("<p class=\"muted\" id=\"access-at\">As dirsync had applied it at ").append(Html.time(at))
                .append(q.role() == null ? "" : ", role " + esc(q.role()))
                .append(q.workspace() == null ? "" : ", workspace " + esc(q.workspace()))
                .append(". The history starts when dirsync's access history was installed.</p>");
        b.append("<table id=\"access\" class=\"cards\"><thead><tr><th scope=\"col\">Person</th><th scope=\"col\">Role</th>"
                + "<th scope=\"col\">Workspaces</th><th scope=\"col\">Status</th><th scope=\"col\">Since</th></tr></thead><tbody>");
        for (AccessInterval i : page.items()) {
            String name = i.label() == null ? i.key().userId() : i.label();
            b.append("<tr data-user=\"").append(esc(i.key().userId())).append("\"><td data-label=\"Person\"><a href=\"")
                    .append(esc(c.page("users/" + Html.url(i.key().directoryId()) + "/" + Html.url(i.key().userId()))))
                    .append("\">").append(esc(name)).append("</a></td><td data-label=\"Role\">")
                    .append(esc(i.role() == null ? "—" : i.role())).append("</td><td data-label=\"Workspaces\">")
                    .append(esc(i.workspaces().isEmpty() ? "—" : String.join(", ", i.workspaces())))
                    .append("</td><td data-label=\"Status\">").append(esc(AdminJson.lower(i.status()).replace('_', ' ')))
                    .append("</td><td data-label=\"Since\">").append(Html.time(i.from())).append("</td></tr>");
        }
        if (page.items().isEmpty()) {
            b.append("<tr><td colspan=\"5\" class=\"muted\">Nobody matched at that time.</td></tr>");
        }
        b.append("</tbody></table>");
        if (page.next() != null) {
            b.append("<p class=\"muted pager\" id=\"pager\"><a id=\"next\" href=\"")
                    .append(esc(c.withParam("after", AccessHandler.cursor(page.next())))).append("\">Next</a></p>");
        }
        return b.toString();
    }
}
