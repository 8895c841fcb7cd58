package dev.dirsync.servlet;

import dev.dirsync.core.audit.AuditEntry;
import dev.dirsync.core.audit.AuditPage;
import dev.dirsync.core.audit.AuditQuery;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.Email;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.Mode;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.model.RoleSource;
import dev.dirsync.core.read.GroupView;
import dev.dirsync.core.read.Page;
import dev.dirsync.core.read.UserView;
import dev.dirsync.core.state.AppliedProjection;
import dev.dirsync.core.state.DirectoryConnection;
import dev.dirsync.core.state.MirrorUser;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.dirsync.servlet.Html.esc;
import static dev.dirsync.servlet.Html.pill;

/**
 * People: a paged, searchable list (status, role, workspaces, last change) and a page per person with their
 * directory attributes (as stored, after the sensitive filter), groups, what dirsync applied with the rule that
 * produced each value, and their audit history.
 */
final class PeoplePage {
    private PeoplePage() {
    }

    /** A page of people at a time ({@link Params#DEFAULT_USERS_LIMIT}), searched and filtered in the store. */
    static String list(UiContext c) {
        Page<UserView> page = c.view.users(Params.userQuery(c.req));
        String q = c.param("q");
        String status = c.param("status");
        StringBuilder b = new StringBuilder("<form class=\"filters\" method=\"get\" id=\"user-search\" role=\"search\">"
                + "<div class=\"field\"><label for=\"q\">Search</label><input id=\"q\" name=\"q\" type=\"search\" "
                + "placeholder=\"Email or name\" value=\"" + esc(q) + "\"></div><div class=\"field\"><label for=\"status\">"
                + "Status</label><select id=\"status\" name=\"status\">");
        for (String[] s : new String[][]{{"", "Any status"}, {"active", "Active"}, {"read_only", "Read-only"},
                {"deactivated", "Deactivated"}}) {
            b.append("<option value=\"").append(s[0]).append("\"").append(s[0].equals(status == null ? "" : status)
                    ? " selected" : "").append(">").append(s[1]).append("</option>");
        }
        b.append("</select></div>");
        for (String keep : List.of("group", "directory")) {
            String v = c.param(keep);
            if (v != null) {
                b.append("<input type=\"hidden\" name=\"").append(keep).append("\" value=\"").append(esc(v)).append("\">");
            }
        }
        b.append("<button class=\"secondary\">Search</button></form>");
        if (c.param("group") != null) {
            b.append("<p class=\"muted\">Members of group <b>").append(esc(c.param("group"))).append("</b> · <a href=\"")
                    .append(esc(c.page("users"))).append("\">everyone</a></p>");
        }
        b.append("<table id=\"users\" class=\"cards\"><thead><tr><th scope=\"col\">Person</th><th scope=\"col\">Status</th>"
                + "<th scope=\"col\">Role</th><th scope=\"col\">Workspaces</th><th scope=\"col\">Last change</th></tr>"
                + "</thead><tbody>");
        for (UserView v : page.items()) {
            MirrorUser u = v.user();
            AppliedProjection a = v.applied();
            b.append("<tr><td data-label=\"Person\"><a href=\"").append(esc(personUrl(c, u.key()))).append("\">")
                    .append(esc(u.user().displayName())).append("</a><br><span class=\"muted\">")
                    .append(esc(u.user().primaryEmail().orElse(""))).append("</span></td><td data-label=\"Status\">")
                    .append(pill(status(v))).append(a != null && a.blocked() != null ? " " + pill("guarded") : "")
                    .append("</td><td data-label=\"Role\">").append(esc(a == null ? "" : a.projection().role()))
                    .append("</td><td data-label=\"Workspaces\">")
                    .append(esc(a == null ? "" : String.join(", ", a.projection().workspaces())))
                    .append("</td><td data-label=\"Last change\">").append(a == null ? "" : Html.time(a.lastAppliedAt()))
                    .append("</td></tr>");
        }
        if (page.items().isEmpty()) {
            b.append("<tr><td colspan=\"5\" class=\"muted\">No directory user matches.</td></tr>");
        }
        b.append("</tbody></table>").append(AdminUiServlet.pager(c, page, "users"));
        return b.toString();
    }

    static String personUrl(UiContext c, DirectoryUserKey k) {
        return c.page("users/" + Html.url(k.directoryId()) + "/" + Html.url(k.userId()));
    }

    static String status(UserView v) {
        MirrorUser u = v.user();
        AppliedProjection a = v.applied();
        return a != null ? AdminJson.lower(a.projection().status())
                : u.deleted() || !u.user().active() ? "deactivated" : "not_provisioned";
    }

    /** One group of the person, with the mapping the settings give it. */
    private record GroupInfo(String id, String name, @Nullable GroupMapping mapping) {
    }

    static String person(UiContext c, UserView v) {
        DirectoryUser u = v.user().user();
        OrganizationSettings s = c.org.settings();
        AppliedProjection a = v.applied();
        List<GroupInfo> groups = new ArrayList<>();
        for (String gid : c.view.groupIdsOf(v.key())) {
            String name = c.view.group(u.directoryId(), gid).map(g -> g.group().group().displayName()).orElse(gid);
            groups.add(new GroupInfo(gid, name, s.groupMappings().get(gid)));
        }
        String provider = c.view.connections().stream().filter(d -> d.directoryId().equals(u.directoryId()))
                .map(DirectoryConnection::provider).findFirst().orElse("the directory");

        StringBuilder b = new StringBuilder("<p class=\"muted\"><a href=\"").append(esc(c.page("users")))
                .append("\">← People</a></p><section class=\"card\" aria-labelledby=\"applied-h\"><h2 id=\"applied-h\">"
                        + "What dirsync applied</h2><p>").append(esc(u.primaryEmail().orElse(""))).append(" ")
                .append(pill(status(v))).append("</p><table id=\"applied\" class=\"cards\"><thead><tr><th scope=\"col\">"
                        + "Field</th><th scope=\"col\">Value</th><th scope=\"col\">Why</th></tr></thead><tbody>");
        if (a == null) {
            String why = c.org.settings().mode() == Mode.TEST ? "The organization is in test mode: see the overview's "
                    + "pending changes." : c.org.settings().mode() == Mode.PAUSED ? "Sync is paused."
                    : v.user().deleted() || !u.active() ? "Inactive in " + provider + ", so never provisioned."
                    : "Not projected yet.";
            b.append(row("Status", "not provisioned", why));
        } else {
            b.append(row("Status", AdminJson.lower(a.projection().status()).replace('_', ' '), statusWhy(v, a, s, provider)));
            b.append(row("Role", a.projection().role() == null ? "none" : a.projection().role(),
                    roleWhy(a, u, s, groups, provider)));
            if (a.projection().workspaces().isEmpty()) {
                b.append(row("Workspaces", "none", "In no group mapped to a workspace."));
            }
            for (String w : a.projection().workspaces()) {
                List<String> from = groups.stream().filter(g -> g.mapping() != null && g.mapping().workspaces().contains(w))
                        .map(GroupInfo::name).toList();
                b.append(row("Workspace", w, from.isEmpty() ? "Applied earlier; no current group gives it."
                        : "From group " + String.join(", ", from) + "."));
            }
        }
        b.append("</tbody></table>");
        if (a != null && !a.projection().metadata().isEmpty()) {
            b.append("<h3>Fields set in your app</h3>").append(dl(a.projection().metadata()));
        }
        b.append("</section>");

        b.append("<div class=\"two\"><section class=\"card\" aria-labelledby=\"attrs-h\"><h2 id=\"attrs-h\">Directory "
                + "attributes</h2><p class=\"muted\">As stored from ").append(esc(provider)).append(", after the "
                + "sensitive-attribute filter.</p>").append(dl(attributes(u))).append("</section>");
        b.append("<section class=\"card\" aria-labelledby=\"groups-h\"><h2 id=\"groups-h\">Groups</h2>");
        if (groups.isEmpty()) {
            b.append("<p class=\"muted\">In no group.</p>");
        } else {
            b.append("<ul id=\"person-groups\">");
            for (GroupInfo g : groups) {
                b.append("<li><a href=\"").append(esc(c.page("users") + "?group=" + Html.url(g.id()) + "&directory="
                        + Html.url(u.directoryId()))).append("\">").append(esc(g.name())).append("</a> <span class=\"muted\">");
                if (g.mapping() == null) {
                    b.append("not mapped");
                } else {
                    List<String> parts = new ArrayList<>();
                    if (g.mapping().role() != null) {
                        parts.add("role " + g.mapping().role());
                    }
                    if (!g.mapping().workspaces().isEmpty()) {
                        parts.add("workspaces " + String.join(", ", g.mapping().workspaces()));
                    }
                    b.append("→ ").append(esc(String.join("; ", parts)));
                }
                b.append("</span></li>");
            }
            b.append("</ul>");
        }
        b.append("</section></div>");

        AuditPage history = c.view.audit(AuditQuery.of(c.org.id()).withTarget(u.id()).page(0, 25));
        b.append("<section class=\"card\" aria-labelledby=\"history-h\"><h2 id=\"history-h\">History</h2><ul class=\"history\" "
                + "id=\"history\">");
        for (AuditEntry e : history.entries()) {
            b.append("<li>").append(Html.time(e.at())).append(" ").append(esc(AuditText.sentence(e, u.displayName())))
                    .append("</li>");
        }
        if (history.entries().isEmpty()) {
            b.append("<li class=\"muted\">Nothing recorded yet.</li>");
        }
        b.append("</ul><p><a href=\"").append(esc(c.page("audit") + "?target=" + Html.url(u.id()))).append("\">All of ")
                .append(esc(u.displayName())).append("'s history in the audit log</a></p></section>");
        return b.toString();
    }

    private static String statusWhy(UserView v, AppliedProjection a, OrganizationSettings s, String provider) {
        String policy = switch (s.deactivationPolicy()) {
            case IMMEDIATE -> "deactivate immediately";
            case GRACE -> "deactivate, delete after " + s.gracePeriod().toDays() + " days";
            case READ_ONLY -> "keep read-only";
        };
        String why = switch (a.projection().status()) {
            case ACTIVE -> "Active in " + provider + ".";
            case DEACTIVATED, READ_ONLY -> (v.user().deleted() ? "Removed from " + provider : "Marked inactive in "
                    + provider) + "; policy: " + policy + "." + (a.purgeAt() == null ? "" : " Account deletion due "
                    + a.purgeAt() + ".");
        };
        if ("deactivation".equals(a.blocked())) {
            why += " Deactivation is refused while they are the last admin.";
        }
        return why;
    }

    private static String roleWhy(AppliedProjection a, DirectoryUser u, OrganizationSettings s, List<GroupInfo> groups,
                                  String provider) {
        String role = a.projection().role();
        if (a.promotedAdmin()) {
            return "Made " + role + " automatically so the organization keeps an admin.";
        }
        StringBuilder why = new StringBuilder();
        if (s.roleSource() != RoleSource.IDP_ROLES) {
            List<String> giving = new ArrayList<>();
            List<String> others = new ArrayList<>();
            for (GroupInfo g : groups) {
                if (g.mapping() != null && g.mapping().role() != null) {
                    (g.mapping().role().equals(role) ? giving : others).add(g.name() + " (" + g.mapping().role() + ")");
                }
            }
            if (!giving.isEmpty()) {
                why.append("From group ").append(String.join(", ", giving)).append(others.isEmpty() ? "."
                        : ", which outranks " + String.join(", ", others) + ".");
            }
        }
        if (why.length() == 0 && s.roleSource() != RoleSource.GROUP_MAPPINGS && role != null && u.idpRoles().contains(role)) {
            why.append("Role assigned in ").append(provider).append(".");
        }
        if (why.length() == 0 && role != null && role.equals(s.defaultRole())) {
            why.append("Default role: in no group mapped to a role.");
        }
        if (why.length() == 0) {
            why.append("Applied earlier; no current rule gives it.");
        }
        if ("role".equals(a.blocked())) {
            why.append(" A change of role is refused while they are the last admin.");
        }
        return why.toString();
    }

    private static Map<String, String> attributes(DirectoryUser u) {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "User name", u.userName());
        List<String> emails = new ArrayList<>();
        for (Email e : u.emails()) {
            emails.add(e.value() + (e.type() == null ? "" : " (" + e.type() + ")") + (e.primary() ? ", primary" : ""));
        }
        put(m, "Emails", String.join("; ", emails));
        put(m, "Given name", u.givenName());
        put(m, "Family name", u.familyName());
        put(m, "Active in directory", u.active() ? "yes" : "no");
        put(m, "Title", u.title());
        put(m, "Department", u.department());
        put(m, "Employee number", u.employeeNumber());
        put(m, "Manager", u.managerId());
        put(m, "Cost center", u.costCenter());
        put(m, "Division", u.division());
        put(m, "Organization", u.organization());
        put(m, "Locale", u.locale());
        put(m, "Time zone", u.timezone());
        put(m, "IdP roles", String.join(", ", u.idpRoles()));
        put(m, "Directory id", u.id());
        put(m, "IdP id", u.idpId());
        u.customAttributes().forEach((k, v) -> put(m, k, String.valueOf(v)));
        return m;
    }

    private static void put(Map<String, String> m, String k, @Nullable String v) {
        if (v != null && !v.isBlank()) {
            m.put(k, v);
        }
    }

    private static String dl(Map<String, String> m) {
        StringBuilder b = new StringBuilder("<dl class=\"attrs\">");
        m.forEach((k, v) -> b.append("<dt>").append(esc(k)).append("</dt><dd>").append(esc(v)).append("</dd>"));
        return b.append("</dl>").toString();
    }

    private static String row(String field, String value, String why) {
        return "<tr><th scope=\"row\" data-label=\"Field\">" + esc(field) + "</th><td data-label=\"Value\">" + esc(value)
                + "</td><td data-label=\"Why\">" + esc(why) + "</td></tr>";
    }

    /** The groups a person list can be filtered by, for links. */
    static String groupName(UiContext c, String directoryId, String groupId) {
        return c.view.group(directoryId, groupId).map(GroupView::group).map(g -> g.group().displayName()).orElse(groupId);
    }
}
