package dev.dirsync.servlet;

import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.read.GroupQuery;
import dev.dirsync.core.read.GroupView;
import dev.dirsync.core.read.Page;

import static dev.dirsync.servlet.Html.esc;

/**
 * Groups and mappings: synced groups with member counts, paged and searched in the store; each maps to a role
 * and workspaces, chosen from the host's catalog when it declares one (the script asks {@code .../catalog} and
 * keeps free text when there is none), with the impact previewed before Save.
 */
final class GroupsPage {
    private GroupsPage() {
    }

    static String render(UiContext c) {
        OrganizationSettings s = c.org.settings();
        String q = c.param("q");
        Page<GroupView> groups = c.view.groups(GroupQuery.all().matching(q).includingDeleted(false)
                .page(Params.intParam(c.req, "offset", 0, 0, Integer.MAX_VALUE),
                        Params.intParam(c.req, "limit", GroupQuery.DEFAULT_LIMIT, 1, GroupQuery.MAX_LIMIT)));
        StringBuilder b = new StringBuilder("<form class=\"filters\" method=\"get\" role=\"search\"><div class=\"field\">"
                + "<label for=\"group-q\">Search groups</label><input id=\"group-q\" name=\"q\" type=\"search\" value=\"")
                .append(esc(q)).append("\"></div><button class=\"secondary\">Search</button></form>");
        b.append("<p class=\"muted\">Map a directory group to a role, to workspaces, to both, or to nothing. The highest "
                + "role wins (").append(esc(String.join(" > ", s.rolePrecedence()))).append("); people in no role-mapped "
                + "group get <b>").append(esc(s.defaultRole())).append("</b>. Preview shows who changes before you save.</p>");
        b.append("<div id=\"catalog\" data-catalog=\"").append(esc(c.api("catalog"))).append("\" hidden></div>");
        // a saved mapping re-projects the organization in the background: the script shows each running job's progress
        b.append("<section id=\"jobs\" class=\"jobs\" aria-label=\"Background work\" data-jobs=\"")
                .append(esc(c.api("jobs?status=running"))).append("\" data-job=\"").append(esc(c.api("jobs/")))
                .append("\"></section>");
        b.append("<table id=\"groups\" class=\"cards\"><thead><tr><th scope=\"col\">Group</th><th scope=\"col\">Members</th>"
                + "<th scope=\"col\">Role</th><th scope=\"col\">Workspaces</th><th scope=\"col\"><span class=\"sr-only\">"
                + "Actions</span></th></tr></thead><tbody>");
        String etag = SettingsETag.of(c.org.settingsVersion());
        for (GroupView gv : groups.items()) {
            String gid = gv.group().group().id();
            String dir = gv.group().group().directoryId();
            String name = gv.group().group().displayName();
            GroupMapping m = s.groupMappings().get(gid);
            String formId = "map-" + Integer.toHexString((dir + "/" + gid).hashCode());
            b.append("<tr data-group=\"").append(esc(gid)).append("\"><td data-label=\"Group\"><b>").append(esc(name))
                    .append("</b><br><span class=\"muted\">").append(esc(gid)).append("</span><form id=\"").append(formId)
                    .append("\" data-if-match=\"").append(esc(etag)).append("\" data-wrap=\"mappings\" data-key=\"")
                    .append(esc(gid)).append("\" data-group-name=\"").append(esc(name)).append("\"></form></td>")
                    .append("<td data-label=\"Members\"><a href=\"")
                    .append(esc(c.page("users") + "?group=" + Html.url(gid) + "&directory=" + Html.url(dir)))
                    .append("\">").append(gv.memberCount()).append("</a></td><td data-label=\"Role\"><label class=\"sr-only\" "
                            + "for=\"").append(formId).append("-role\">Role for ").append(esc(name)).append("</label><select id=\"")
                    .append(formId).append("-role\" name=\"role\" data-kind=\"nullable\" form=\"").append(formId)
                    .append("\"><option value=\"\">no role</option>");
            for (String r : s.rolePrecedence()) {
                b.append("<option").append(m != null && r.equals(m.role()) ? " selected" : "").append(">").append(esc(r))
                        .append("</option>");
            }
            b.append("</select></td><td data-label=\"Workspaces\"><label class=\"sr-only\" for=\"").append(formId)
                    .append("-ws\">Workspaces for ").append(esc(name)).append(", comma-separated</label><input id=\"")
                    .append(formId).append("-ws\" name=\"workspaces\" data-kind=\"list\" form=\"").append(formId)
                    .append("\" placeholder=\"workspaces, comma-separated\" value=\"")
                    .append(esc(m == null ? "" : String.join(", ", m.workspaces()))).append("\"></td><td data-label=\"Actions\">"
                            + "<div class=\"inline\"><button type=\"button\" class=\"secondary\" data-wrap-body=\"true\" "
                            + "data-form=\"").append(formId).append("\" data-result=\"result\" data-api=\"POST ")
                    .append(esc(c.api("groups/mapping-preview"))).append("\">Preview</button><button type=\"button\" "
                            + "data-form=\"").append(formId).append("\" data-reload=\"true\" data-api=\"PUT ")
                    .append(esc(c.api("groups/" + Html.url(gid) + "/mapping"))).append("\">Save</button></div></td></tr>");
        }
        if (groups.total() == 0) {
            b.append("<tr><td colspan=\"5\" class=\"muted\">").append(q == null ? "No groups synced yet."
                    : "No group matches.").append("</td></tr>");
        }
        b.append("</tbody></table>").append(AdminUiServlet.pager(c, groups, "groups"))
                .append("<div id=\"result\" class=\"result\" role=\"status\" aria-live=\"polite\"></div>");
        return b.toString();
    }
}
