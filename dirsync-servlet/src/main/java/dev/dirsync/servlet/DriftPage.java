package dev.dirsync.servlet;

import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.DriftPolicy;
import dev.dirsync.core.model.Mode;
import dev.dirsync.core.state.Drift;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.dirsync.servlet.Html.esc;

/**
 * Drift: people whose role, workspaces or status in the app differ from what the directory gives them, one row per
 * person with what differs, and "Restore from directory" per person and for everyone; "Check now" runs the check.
 */
final class DriftPage {
    /** Differences shown at most; the API pages through all of them. */
    static final int SHOWN = 500;

    private DriftPage() {
    }

    static String render(UiContext c) {
        Mode mode = c.org.settings().mode();
        boolean active = mode == Mode.ACTIVE;
        List<Drift> open = c.view.drift(false, null, SHOWN);
        long total = c.view.openDrift();
        Map<DirectoryUserKey, List<Drift>> byPerson = new LinkedHashMap<>();
        open.forEach(d -> byPerson.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(d));
        StringBuilder b = new StringBuilder("<section class=\"card\" aria-labelledby=\"drift-h\"><h2 id=\"drift-h\">"
                + "Access changed in the app</h2><p>dirsync compares each person's role, workspaces and status in your "
                + "app with what your directory gives them. A difference means someone changed it inside the app (an "
                + "admin, a script, a bug); until restored, it stays as it is. Policy: <b id=\"drift-policy\">")
                .append(c.org.settings().driftPolicy() == DriftPolicy.CORRECT ? "correct automatically" : "report only")
                .append("</b> (<a href=\"").append(esc(c.page("settings"))).append("\">change</a>).</p>");
        if (!active) {
            b.append("<p class=\"muted\" id=\"drift-inactive\">The organization is ").append(mode == Mode.TEST
                    ? "in test mode" : "paused").append(": differences are listed but nothing is restored until it is "
                    + "active.</p>");
        }
        b.append("<div class=\"inline\">").append(OverviewPage.button("POST " + c.api("drift/check"), "Check now", true));
        if (active && total > 0) {
            b.append(OverviewPage.button("POST " + c.api("drift/restore"), "Restore all from directory", false)
                    .replace("<button ", "<button id=\"drift-restore-all\" "));
        }
        b.append("</div><div id=\"result\" class=\"result\" role=\"status\" aria-live=\"polite\"></div></section>");
        b.append("<section class=\"card\" aria-labelledby=\"drift-list-h\"><h2 id=\"drift-list-h\"><span id=\"drift-count\">")
                .append(total).append("</span> open difference").append(total == 1 ? "" : "s").append("</h2>");
        if (byPerson.isEmpty()) {
            return b.append("<p class=\"muted\" id=\"drift-none\">Everyone's access in the app matches the directory."
                    + "</p></section>").toString();
        }
        b.append("<table class=\"cards\" id=\"drift\"><thead><tr><th scope=\"col\">Person</th><th scope=\"col\">What "
                + "differs</th><th scope=\"col\">First seen</th><th scope=\"col\"><span class=\"sr-only\">Action</span>"
                + "</th></tr></thead><tbody>");
        for (Map.Entry<DirectoryUserKey, List<Drift>> e : byPerson.entrySet()) {
            DirectoryUserKey k = e.getKey();
            Drift first = e.getValue().get(0);
            String who = first.label() != null ? first.label() : k.userId();
            b.append("<tr class=\"drift-person\" data-user=\"").append(esc(k.userId())).append("\"><td data-label=\"Person\">"
                    + "<a href=\"").append(esc(c.page("users/" + Html.url(k.directoryId()) + "/" + Html.url(k.userId()))))
                    .append("\">").append(esc(who)).append("</a></td><td data-label=\"What differs\"><ul>");
            java.time.Instant since = first.firstSeenAt();
            for (Drift d : e.getValue()) {
                b.append("<li><b>").append(esc(d.field().code())).append("</b>: ").append(value(d.appValue()))
                        .append(" in the app, ").append(value(d.directoryValue())).append(" in the directory</li>");
                since = d.firstSeenAt().isBefore(since) ? d.firstSeenAt() : since;
            }
            b.append("</ul></td><td data-label=\"First seen\">").append(Html.time(since)).append("</td><td>");
            if (active) {
                b.append(OverviewPage.button("POST " + c.api("drift/" + Html.url(k.directoryId()) + "/"
                        + Html.url(k.userId()) + "/restore"), "Restore from directory", true));
            }
            b.append("</td></tr>");
        }
        b.append("</tbody></table>");
        if (total > open.size()) {
            b.append("<p class=\"muted\">Showing the first ").append(open.size()).append(" of ").append(total)
                    .append("; restore all, or use the admin API (GET drift) for the rest.</p>");
        }
        return b.append("</section>").toString();
    }

    private static String value(String v) {
        return v == null || v.isEmpty() ? "<i>none</i>" : "<code>" + esc(v) + "</code>";
    }
}
