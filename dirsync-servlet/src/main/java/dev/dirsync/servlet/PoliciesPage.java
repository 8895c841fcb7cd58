package dev.dirsync.servlet;

import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.spi.HostCatalog;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;

import static dev.dirsync.servlet.Html.esc;

/**
 * Policies: deactivation with grace days, the last-admin policy, roles (precedence, default, admin, where roles come
 * from; only the host's declared roles when it has a {@link HostCatalog}), the attribute mapping (directory attribute
 * → field in the app), the sensitive-attribute list as chips and the daily summary switch.
 * Saved with {@code If-Match}, so a save over another admin's change is refused instead of reverting it.
 */
final class PoliciesPage {
    private PoliciesPage() {
    }

    /** Directory attributes the mapping editor offers. */
    static final List<String> STANDARD_ATTRIBUTES = List.of("title", "department", "employeeNumber", "manager",
            "costCenter", "division", "organization", "locale", "timezone", "userName", "idpId");

    /** @param catalog the host's roles, when it declares them: the role choices are only those */
    static String render(UiContext c, @Nullable HostCatalog catalog) {
        OrganizationSettings s = c.org.settings();
        List<String> roles = catalog == null ? s.rolePrecedence()
                : s.rolePrecedence().stream().filter(catalog.roles(c.org.id())::contains).toList();
        StringBuilder b = new StringBuilder("<form id=\"settings\" class=\"policies\" data-if-match=\"")
                .append(esc(SettingsETag.of(c.org.settingsVersion()))).append("\">");
        b.append("<section class=\"card\"><fieldset><legend>When someone leaves</legend>");
        radios(b, "deactivation.policy", AdminJson.lower(s.deactivationPolicy()), new String[][]{
                {"immediate", "Deactivate immediately", "Deactivate, end every session and API key."},
                {"grace", "Deactivate, delete later", "Deactivate and end sessions now; delete the account after the grace period."},
                {"read_only", "Keep read-only", "Keep sign-in, read-only; nothing is deleted."}});
        b.append("<div class=\"field\"><label for=\"grace\">Grace period (days)</label><input id=\"grace\" type=\"number\" "
                + "min=\"0\" name=\"deactivation.graceDays\" data-kind=\"int\" value=\"").append(s.gracePeriod().toDays())
                .append("\"></div></fieldset></section>");
        b.append("<section class=\"card\"><fieldset><legend>The last admin</legend>");
        radios(b, "soleAdmin", AdminJson.lower(s.soleAdminPolicy()), new String[][]{
                {"block", "Refuse", "Refuse to deactivate or demote the organization's last admin, and alert the admins."},
                {"auto_promote", "Promote someone first", "Make the longest-serving active member admin, then proceed."}});
        b.append("</fieldset></section>");
        b.append("<section class=\"card\"><fieldset><legend>Roles</legend><div class=\"field\"><label for=\"precedence\">"
                + "Roles, highest first</label><input id=\"precedence\" name=\"rolePrecedence\" data-kind=\"list\" value=\"")
                .append(esc(String.join(", ", s.rolePrecedence()))).append("\">");
        if (catalog != null) {
            b.append("<p class=\"muted\" id=\"catalog-roles\">This application's roles: ")
                    .append(esc(String.join(", ", catalog.roles(c.org.id())))).append(".</p>");
        }
        b.append("</div><div class=\"inline\">")
                .append(select("defaultRole", "Default role", roles, s.defaultRole()))
                .append(select("adminRole", "Admin role", roles, s.adminRole())).append("</div>");
        b.append("<fieldset class=\"nested\"><legend>Where roles come from</legend>");
        radios(b, "roleSource", AdminJson.lower(s.roleSource()), new String[][]{
                {"group_mappings", "Group mappings", "The roles of the mapped groups a person is in (Groups page)."},
                {"idp_roles", "Identity provider roles", "Roles your identity provider assigns; groups still give workspaces."},
                {"both", "Both", "The highest of either."}});
        b.append("</fieldset></fieldset></section>");
        b.append(attributeMappings(s.attributeMappings()));
        b.append(sensitive(s));
        b.append("<section class=\"card\"><div class=\"check\"><input type=\"checkbox\" id=\"dir-deleted\" "
                + "name=\"deactivateWhenDirectoryDeleted\" data-kind=\"bool\"").append(s.deactivateWhenDirectoryDeleted()
                ? " checked" : "").append("><label for=\"dir-deleted\">Deactivate everyone from a directory that is "
                + "disconnected</label></div></section>");
        b.append("<section class=\"card\" aria-labelledby=\"notify-h\"><h2 id=\"notify-h\">Daily summary</h2><div "
                + "class=\"check\"><input type=\"checkbox\" id=\"daily-summary\" name=\"dailySummary\" data-kind=\"bool\" "
                + "aria-describedby=\"daily-summary-d\"").append(s.dailySummary() ? " checked" : "").append("><label "
                + "for=\"daily-summary\">Send the admins a summary of each day's changes</label></div><p class=\"muted\" "
                + "id=\"daily-summary-d\">Once a day, the previous day's changes (midnight to midnight UTC), worded as in the audit log. "
                + "Nothing is sent on a day without changes. Alerts about a stale or broken connection are always sent.</p>"
                + "</section>");
        b.append("<section class=\"card\" aria-labelledby=\"drift-policy-h\"><fieldset><legend id=\"drift-policy-h\">"
                + "Access changed in the app (drift)</legend><p class=\"muted\">dirsync checks regularly whether anyone's "
                + "role, workspaces or status in the app differs from what the directory gives them (say, a role raised "
                + "by hand). Admins are told once about each new difference; see the <a href=\"").append(esc(c.page("drift")))
                .append("\">Drift</a> page.</p>");
        radios(b, "driftPolicy", AdminJson.lower(s.driftPolicy()), new String[][]{
                {"report", "Report only", "List the difference and tell the admins; you restore it from the directory."},
                {"correct", "Correct automatically", "Restore the directory's value at once (audited as restored from "
                        + "directory). Never in test mode or while paused."}});
        b.append("</fieldset></section>");
        b.append("<div class=\"actions\"><button type=\"button\" data-api=\"PUT ").append(esc(c.api("settings")))
                .append("\" data-reload=\"true\">Save settings</button></div></form>")
                .append("<div id=\"result\" class=\"result\" role=\"status\" aria-live=\"polite\"></div>");
        return b.toString();
    }

    private static void radios(StringBuilder b, String name, String current, String[][] choices) {
        for (String[] ch : choices) {
            String id = (name + "-" + ch[0]).replace('.', '-');
            b.append("<div class=\"radio\"><input type=\"radio\" id=\"").append(id).append("\" name=\"").append(name)
                    .append("\" value=\"").append(ch[0]).append("\"").append(ch[0].equals(current) ? " checked" : "")
                    .append(" aria-describedby=\"").append(id).append("-d\"><label for=\"").append(id).append("\">")
                    .append(esc(ch[1])).append("</label><span class=\"muted\" id=\"").append(id).append("-d\">")
                    .append(esc(ch[2])).append("</span></div>");
        }
    }

    private static String select(String name, String label, List<String> options, String current) {
        StringBuilder b = new StringBuilder("<div class=\"field\"><label for=\"").append(name).append("\">").append(label)
                .append("</label><select id=\"").append(name).append("\" name=\"").append(name).append("\">");
        for (String o : options) {
            b.append("<option").append(o.equals(current) ? " selected" : "").append(">").append(esc(o)).append("</option>");
        }
        if (!options.contains(current)) {
            // saved before the host's catalog said otherwise: shown as it is, so saving must choose a declared role
            b.append("<option selected>").append(esc(current)).append("</option>");
        }
        return b.append("</select></div>").toString();
    }

    private static String attributeMappings(Map<String, String> mappings) {
        StringBuilder b = new StringBuilder("<section class=\"card\" aria-labelledby=\"am-h\"><h2 id=\"am-h\">Attribute "
                + "mapping</h2><p class=\"muted\">Directory attributes copied to fields of your app's users. Sensitive "
                + "attributes are never copied.</p><datalist id=\"std-attrs\">");
        STANDARD_ATTRIBUTES.forEach(a -> b.append("<option value=\"").append(a).append("\">"));
        b.append("</datalist><input type=\"hidden\" name=\"attributeMappings\" data-kind=\"json\" id=\"am-json\">"
                + "<table id=\"attribute-mappings\" class=\"cards\" data-json=\"am-json\"><thead><tr><th scope=\"col\">"
                + "Directory attribute</th><th scope=\"col\">Field in your app</th><th scope=\"col\"><span class=\"sr-only\">"
                + "Remove</span></th></tr></thead><tbody>");
        int i = 0;
        for (Map.Entry<String, String> e : mappings.entrySet()) {
            b.append(mappingRow(i++, e.getKey(), e.getValue()));
        }
        b.append("</tbody></table><template id=\"am-row\">").append(mappingRow(-1, "", "")).append("</template>"
                + "<button type=\"button\" class=\"secondary\" id=\"am-add\">Add a mapping</button></section>");
        return b.toString();
    }

    private static String mappingRow(int i, String source, String target) {
        String n = i < 0 ? "new" : String.valueOf(i);
        return "<tr><td data-label=\"Directory attribute\"><label class=\"sr-only\" for=\"am-s-" + n + "\">Directory attribute"
                + "</label><input id=\"am-s-" + n + "\" class=\"am-source\" list=\"std-attrs\" value=\"" + esc(source)
                + "\"></td><td data-label=\"Field in your app\"><label class=\"sr-only\" for=\"am-t-" + n + "\">Field in your "
                + "app</label><input id=\"am-t-" + n + "\" class=\"am-target\" value=\"" + esc(target) + "\"></td>"
                + "<td data-label=\"Remove\"><button type=\"button\" class=\"secondary am-remove\">Remove<span class=\"sr-only\"> "
                + esc(source) + "</span></button></td></tr>";
    }

    private static String sensitive(OrganizationSettings s) {
        StringBuilder b = new StringBuilder("<section class=\"card\" aria-labelledby=\"sens-h\"><h2 id=\"sens-h\">Sensitive "
                + "attributes</h2><p class=\"muted\">Never stored, whatever the directory sends. Names match ignoring case "
                + "and punctuation, also inside longer names.</p><input type=\"hidden\" name=\"sensitiveAttributes\" "
                + "data-kind=\"json\" id=\"sens-json\"><ul class=\"chips\" id=\"sensitive\" data-json=\"sens-json\">");
        for (String a : s.sensitiveAttributes()) {
            b.append(chip(a));
        }
        b.append("</ul><template id=\"chip\">").append(chip("")).append("</template><div class=\"inline\"><label "
                + "for=\"sens-new\">Add an attribute</label><input id=\"sens-new\" autocomplete=\"off\"><button type=\"button\" "
                + "class=\"secondary\" id=\"sens-add\">Add</button></div><div class=\"check\"><input type=\"checkbox\" "
                + "id=\"detect\" name=\"detectSensitiveValues\" data-kind=\"bool\"").append(s.detectSensitiveValues()
                ? " checked" : "").append("><label for=\"detect\">Also drop values that look like secrets (keys, tokens, "
                + "card numbers)</label></div></section>");
        return b.toString();
    }

    private static String chip(String name) {
        return "<li class=\"chip\" data-value=\"" + esc(name) + "\"><span>" + esc(name) + "</span><button type=\"button\" "
                + "class=\"chip-remove\" aria-label=\"Remove " + esc(name) + "\">×</button></li>";
    }
}
