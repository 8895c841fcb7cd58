package dev.dirsync.servlet;

import dev.dirsync.core.model.Mode;
import dev.dirsync.core.outcome.Change;
import dev.dirsync.core.read.SyncHealth;
import dev.dirsync.core.state.DirectoryConnection;
import dev.dirsync.core.state.PreviewEntry;

import java.util.List;

import static dev.dirsync.servlet.Html.esc;
import static dev.dirsync.servlet.Html.pill;

/**
 * Overview: the health banner (status, reason, what to do), last sync and Force sync with its progress, the last
 * 7 days of activity, and the mode with test mode's pending changes reviewable per person before Activate.
 */
final class OverviewPage {
    private OverviewPage() {
    }

    static String render(UiContext c) {
        SyncHealth health = c.view.health();
        Mode mode = c.org.settings().mode();
        StringBuilder b = new StringBuilder();
        b.append(banner(c, health));
        b.append("<div class=\"grid\">")
                .append(stat("Mode", pill(AdminJson.lower(mode))))
                .append(stat("Last sync", health.lastEventAt() == null ? "<span class=\"muted\">never</span>"
                        : Html.time(health.lastEventAt())))
                .append(stat("Directory users", String.valueOf(health.usersSynced())))
                .append(stat("Groups", String.valueOf(health.groupsSynced())))
                .append("</div>");
        b.append(forceSync(c));
        b.append("<section class=\"card\" aria-labelledby=\"activity-h\"><h2 id=\"activity-h\">Activity</h2>")
                .append(ActivityChart.of(c.view, c.org.id(), health.checkedAt()).svg()).append("</section>");
        b.append(mode(c, mode));
        b.append(directories(health));
        return b.toString();
    }

    private static String banner(UiContext c, SyncHealth h) {
        String title = switch (h.status()) {
            case HEALTHY -> "Sync is healthy";
            case STALE -> "Sync is stale";
            case BROKEN -> "Sync is broken";
            case NOT_CONNECTED -> "No directory connected";
        };
        StringBuilder b = new StringBuilder("<section class=\"banner ").append(h.status().code())
                .append("\" id=\"health\" aria-labelledby=\"health-h\"><h2 id=\"health-h\"><span id=\"health-status\">")
                .append(pill(h.status().code())).append("</span> ").append(esc(title)).append("</h2><p><span id=\"health-reason\">")
                .append(esc(h.reason())).append("</span></p>");
        if (!h.action().isEmpty()) {
            b.append("<p><b>What to do:</b> <span id=\"health-action\">").append(esc(h.action())).append("</span></p>");
        }
        if (h.status() == SyncHealth.Status.NOT_CONNECTED) {
            b.append("<p><a class=\"button\" href=\"").append(esc(c.page("setup"))).append("\">Connect your identity provider</a></p>");
        }
        if (h.guardRefusals24h() > 0) {
            b.append("<p>").append(h.guardRefusals24h()).append(" change(s) refused by the last-admin guard in the last 24 "
                    + "hours: <a href=\"").append(esc(c.page("audit") + "?action=deactivation_blocked")).append("\">see the "
                    + "audit log</a>.</p>");
        }
        return b.append("</section>").toString();
    }

    private static String forceSync(UiContext c) {
        boolean workos = c.view.connections().stream().anyMatch(d -> d.kind() == DirectoryConnection.Kind.WORKOS
                && d.state() == DirectoryConnection.State.ACTIVE);
        StringBuilder b = new StringBuilder("<section class=\"card\" aria-labelledby=\"sync-h\"><h2 id=\"sync-h\">Sync now</h2>");
        if (!workos) {
            return b.append("<p class=\"muted\">Directories connected with SCIM push every change as it happens; there is "
                    + "nothing to fetch. Force sync is for WorkOS directories.</p></section>").toString();
        }
        return b.append("<p class=\"muted\">Force sync reads every person and group from WorkOS again and applies what "
                        + "differs. It runs in the background; you can leave this page.</p><div class=\"inline\"><button "
                        + "type=\"button\" id=\"force-sync\" data-sync=\"").append(esc(c.api("sync")))
                .append("\">Force sync</button></div><div id=\"sync-progress\" hidden><progress id=\"sync-bar\" max=\"100\" "
                        + "aria-labelledby=\"sync-text\"></progress><p id=\"sync-text\" role=\"status\" aria-live=\"polite\">"
                        + "</p></div></section>").toString();
    }

    private static String mode(UiContext c, Mode mode) {
        StringBuilder b = new StringBuilder("<section class=\"card\" id=\"mode\" aria-labelledby=\"mode-h\"><h2 id=\"mode-h\">"
                + "Sync mode: ").append(pill(AdminJson.lower(mode))).append("</h2><p>");
        List<PreviewEntry> pending = mode == Mode.TEST ? c.view.pending() : List.of();
        int changes = pending.stream().mapToInt(e -> e.changes().size()).sum();
        b.append(switch (mode) {
            case ACTIVE -> "Changes from your directory apply to your app as they arrive. Test mode shows what would "
                    + "change without touching anyone; pause holds changes while the directory mirror stays current.";
            case TEST -> "Test mode: changes are worked out but not applied. Review them per person below, then activate "
                    + "to apply them.";
            case PAUSED -> "Paused: the directory mirror stays current but nothing is applied to your app until you "
                    + "resume.";
        }).append("</p><form class=\"inline\">");
        switch (mode) {
            case ACTIVE -> b.append(button("POST " + c.api("test"), "Start test mode", true))
                    .append(button("POST " + c.api("pause"), "Pause", true));
            case TEST -> b.append(button("POST " + c.api("activate"), "Activate (apply " + changes + " change"
                            + (changes == 1 ? "" : "s") + ")", false))
                    .append(button("POST " + c.api("pause"), "Pause", true));
            case PAUSED -> b.append(button("POST " + c.api("resume"), "Resume", false))
                    .append(button("POST " + c.api("test"), "Start test mode", true));
        }
        b.append("</form><div id=\"result\" class=\"result\" role=\"status\"></div>");
        if (mode == Mode.TEST) {
            b.append("<h3 id=\"pending-h\">Pending changes: ").append(changes).append(" for ").append(pending.size())
                    .append(pending.size() == 1 ? " person" : " people").append("</h3>");
            if (pending.isEmpty()) {
                b.append("<p class=\"muted\">Nothing would change.</p>");
            }
            b.append("<div id=\"pending\">");
            for (PreviewEntry e : pending) {
                String who = e.desired().identity().email() != null ? e.desired().identity().email() : e.key().userId();
                b.append("<details class=\"pending-person\" data-user=\"").append(esc(e.key().userId())).append("\"><summary>")
                        .append(esc(who)).append(" <span class=\"muted\">— ").append(e.changes().size())
                        .append(e.changes().size() == 1 ? " change" : " changes").append("</span></summary><ul>");
                for (Change ch : e.changes()) {
                    b.append("<li>").append(esc(AuditText.proposed(ch))).append("</li>");
                }
                b.append("</ul><p><a href=\"").append(esc(c.page("users/" + Html.url(e.key().directoryId()) + "/"
                        + Html.url(e.key().userId())))).append("\">Open ").append(esc(who)).append("'s page</a></p></details>");
            }
            b.append("</div>");
        }
        return b.append("</section>").toString();
    }

    private static String directories(SyncHealth health) {
        if (health.directories().isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("<section class=\"card\" aria-labelledby=\"dirs-h\"><h2 id=\"dirs-h\">Directories"
                + "</h2><table class=\"cards\"><thead><tr><th scope=\"col\">Directory</th><th scope=\"col\">Source</th>"
                + "<th scope=\"col\">Status</th><th scope=\"col\">Last event</th></tr></thead><tbody>");
        for (SyncHealth.DirectoryHealth d : health.directories()) {
            b.append("<tr><td data-label=\"Directory\">").append(esc(d.provider())).append(" <span class=\"muted\">")
                    .append(esc(d.directoryId())).append("</span></td><td data-label=\"Source\">")
                    .append(d.kind() == DirectoryConnection.Kind.SCIM ? "SCIM" : "WorkOS").append("</td><td data-label=\"Status\">")
                    .append(pill(d.removed() ? "removed" : d.status().code())).append("<br><span class=\"muted\">")
                    .append(esc(d.reason())).append("</span></td><td data-label=\"Last event\">")
                    .append(Html.time(d.lastEventAt())).append("</td></tr>");
        }
        return b.append("</tbody></table></section>").toString();
    }

    static String stat(String label, String valueHtml) {
        return "<div class=\"card stat\"><div class=\"label\">" + esc(label) + "</div><div class=\"value\">" + valueHtml
                + "</div></div>";
    }

    static String button(String api, String label, boolean secondary) {
        return "<button type=\"button\"" + (secondary ? " class=\"secondary\"" : "") + " data-api=\"" + esc(api)
                + "\" data-reload=\"true\">" + esc(label) + "</button>";
    }
}
