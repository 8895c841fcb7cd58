package dev.dirsync.servlet;

import dev.dirsync.core.read.SyncHealth;
import dev.dirsync.core.state.ScimCredential;

import java.util.List;

import static dev.dirsync.servlet.Html.esc;

/**
 * Setup: connect through WorkOS (Admin Portal link) or direct SCIM (base URL and a token that stays on screen
 * until the admin dismisses it, with copy buttons; rotate and revoke; last use per token), a guide per IdP, and
 * a connection card that confirms the first sync by itself (the page polls {@code .../status}).
 */
final class SetupPage {
    private SetupPage() {
    }

    /** An IdP's guide: where to click, the exact fields, what to map from, and what usually goes wrong. */
    private record Guide(String id, String name, String scimProvider, String intro, List<String> steps,
                         List<String> mapFrom, List<String> mistakes) {
    }

    /** The attributes dirsync reads, in the order of {@link Guide#mapFrom}, with what each is for. */
    private static final String[][] ATTRIBUTES = {
            {"userName", "Sign-in name; unique and stable for each person"},
            {"emails[type eq \"work\"].value", "Email shown in your app; links existing accounts"},
            {"name.givenName / name.familyName", "Display name"},
            {"active", "false deactivates the person (as your policy says)"},
            {"title", "Job title"},
            {"enterprise:department", "Department"},
            {"enterprise:employeeNumber", "Employee number"},
            {"enterprise:manager.value", "Manager (directory id)"},
            {"enterprise:costCenter", "Cost center"},
            {"enterprise:division", "Division"},
    };

    private static List<Guide> guides(String url) {
        String base = "<code>" + esc(url) + "</code>";
        return List.of(
                new Guide("okta", "Okta", "Okta", "Okta pushes people and groups to the SCIM endpoint.",
                        List.of("In the Okta Admin Console, <b>Applications → Browse App Catalog</b>, add <i>SCIM 2.0 "
                                        + "Test App (Header Auth)</i> (or your app's own integration).",
                                "<b>Provisioning → Integration → Configure API Integration</b>: <b>SCIM connector base "
                                        + "URL</b> " + base + ", <b>Unique identifier field for users</b> <code>userName"
                                        + "</code>, <b>Authentication Mode</b> <i>HTTP Header</i>, <b>Authorization</b>: "
                                        + "the token. <b>Test API Credentials</b>, then Save.",
                                "<b>Provisioning → To App</b>: enable <i>Create Users</i>, <i>Update User Attributes"
                                        + "</i> and <i>Deactivate Users</i>.",
                                "<b>Assignments</b>: assign the people or groups who should have access; <b>Push Groups"
                                        + "</b>: push the groups you will map to roles and workspaces."),
                        List.of("user.login", "user.email", "user.firstName / user.lastName", "(Okta status)",
                                "user.title", "user.department", "user.employeeNumber", "user.managerId",
                                "user.costCenter", "user.division"),
                        List.of("Assigning a group gives its people access but does not create the group here: "
                                        + "push it under <b>Push Groups</b> too.",
                                "The base URL ends in <code>/scim/v2</code>; Okta adds <code>/Users</code> itself.",
                                "Authentication Mode <i>Basic Auth</i> fails: use <i>HTTP Header</i> with the token.",
                                "Profile changes only flow with <i>Update User Attributes</i> enabled.")),
                new Guide("entra", "Microsoft Entra ID", "Microsoft Entra ID",
                        "Entra ID provisions on a cycle (about every 40 minutes); the first cycle can take longer.",
                        List.of("<b>Enterprise applications → New application → Create your own application</b> "
                                        + "(<i>non-gallery</i>).",
                                "<b>Provisioning → Get started</b>, <b>Provisioning Mode</b> <i>Automatic</i>; "
                                        + "<b>Tenant URL</b> " + base + ", <b>Secret Token</b>: the token. "
                                        + "<b>Test Connection</b>, then Save.",
                                "<b>Mappings → Provision Microsoft Entra ID Users</b>: check the mapping below; "
                                        + "<b>Provision Microsoft Entra ID Groups</b>: enabled.",
                                "<b>Users and groups</b>: assign people and groups, then <b>Start provisioning</b>. "
                                        + "<b>Provision on demand</b> tests one person right away."),
                        List.of("userPrincipalName", "mail", "givenName / surname",
                                "Switch([IsSoftDeleted], , \"False\", \"True\", \"True\", \"False\")", "jobTitle",
                                "department", "employeeId", "manager", "employeeOrgData.costCenter",
                                "employeeOrgData.division"),
                        List.of("With scope <i>Sync only assigned users and groups</i> nothing flows until you assign "
                                        + "someone.",
                                "Nested groups are not provisioned: assign the groups you map directly.",
                                "If UPNs differ from email addresses, map <code>mail</code> to the work email.",
                                "Do not wait for the cycle while testing: use <b>Provision on demand</b>.")),
                new Guide("google", "Google Workspace (through WorkOS)", "",
                        "Google does not push SCIM to custom applications: connect it through WorkOS with the Admin "
                                + "Portal link above.",
                        List.of("Click <b>Create setup link</b> above and open it (or send it to your Google admin).",
                                "Choose <b>Google Workspace</b> and sign in with Google as a <b>super admin</b>.",
                                "Choose the groups to sync; WorkOS reads people and groups from Google and sends "
                                        + "them here.",
                                "Attribute mapping is set in the Admin Portal: map the fields below."),
                        List.of("primaryEmail", "primaryEmail", "name.givenName / name.familyName", "suspended (inverted)",
                                "organizations[0].title", "organizations[0].department", "externalIds (organization)",
                                "relations (manager)", "organizations[0].costCenter", "(custom schema)"),
                        List.of("Only a super admin can authorize the directory.",
                                "Changes arrive on WorkOS's polling schedule, not instantly: use Force sync on the "
                                        + "overview to fetch now.",
                                "Groups you do not select in the Admin Portal never appear here.")),
                new Guide("onelogin", "OneLogin", "OneLogin", "OneLogin provisions through its SCIM provisioner app.",
                        List.of("<b>Applications → Add App</b>: <i>SCIM Provisioner with SAML (SCIM v2 Enterprise)</i>.",
                                "<b>Configuration</b>: <b>SCIM Base URL</b> " + base + ", <b>SCIM Bearer Token</b>: the "
                                        + "token; <b>API Connection → Enable</b>.",
                                "<b>Provisioning</b>: check <i>Enable provisioning</i>; uncheck <i>Require admin "
                                        + "approval</i> or approve each pending task.",
                                "<b>Rules</b>: add a rule <i>Set Groups in</i> this app to push groups; then assign "
                                        + "people under <b>Users</b>."),
                        List.of("Username", "Email", "First Name / Last Name", "(OneLogin status)", "Title",
                                "Department", "Employee ID (custom)", "Manager (custom)", "Cost center (custom)",
                                "Division (custom)"),
                        List.of("The <i>SCIM v2 Core</i> variant sends no enterprise attributes (department, manager): "
                                        + "choose <i>Enterprise</i>.",
                                "With admin approval on, changes wait under <b>Provisioning</b> until approved.",
                                "Groups only flow through a <b>Rule</b>.")),
                new Guide("jumpcloud", "JumpCloud", "JumpCloud", "JumpCloud provisions the members of bound user groups.",
                        List.of("<b>SSO Applications → Add New Application → Custom Application</b>; enable "
                                        + "<i>Identity Management</i>.",
                                "<b>Identity Management</b>: SCIM 2.0, <b>Base URL</b> " + base + ", <b>Token Key</b>: "
                                        + "the token, <b>Test User Email</b>: an existing person.",
                                "<b>Test Connection</b>, then <b>Activate</b> and Save.",
                                "<b>User Groups</b>: bind the groups whose members should have access; they are "
                                        + "pushed as groups too."),
                        List.of("username", "email", "firstname / lastname", "(JumpCloud state)", "jobTitle",
                                "department", "employeeIdentifier", "manager", "costCenter", "company"),
                        List.of("Only members of user groups bound to the application are provisioned.",
                                "Paste the token alone in Token Key, without <code>Bearer</code>.",
                                "The Test User Email must belong to an existing JumpCloud user.")),
                new Guide("generic", "Any SCIM 2.0 client", "SCIM client",
                        "Any client that speaks RFC 7644 works the same way.",
                        List.of("Base URL " + base + " (the client adds <code>/Users</code> and <code>/Groups</code>).",
                                "Header <code>Authorization: Bearer &lt;token&gt;</code>, body "
                                        + "<code>application/scim+json</code>.",
                                "Create people with <code>POST /Users</code>, deactivate with <code>active: false"
                                        + "</code>, send groups with members."),
                        List.of("userName", "emails", "name", "active", "title",
                                "urn:…:enterprise:2.0:User:department", "…:employeeNumber", "…:manager",
                                "…:costCenter", "…:division"),
                        List.of("A <code>userName</code> that changes for the same person looks like a new person.",
                                "DELETE removes the person; <code>active: false</code> deactivates as your policy "
                                        + "says.",
                                "Past the rate limit the endpoint answers 429 with Retry-After: retry then.")));
    }

    static String render(UiContext c) {
        String scimBase = JsonHttp.baseUrl(c.req) + c.scimPath;
        SyncHealth health = c.view.health();
        StringBuilder b = new StringBuilder();
        b.append(connection(c, health));
        b.append("<div class=\"two\"><section class=\"card\" aria-labelledby=\"workos-h\"><h2 id=\"workos-h\">Connect through "
                + "WorkOS</h2><p>Your IT admin connects Okta, Entra ID, Google Workspace, OneLogin or JumpCloud in the "
                + "WorkOS Admin Portal.</p><form class=\"inline\">")
                .append(button("POST " + c.api("setup-link"), "Create setup link", false, "setup-result"))
                .append("</form><div id=\"setup-result\" class=\"result\" role=\"status\"></div></section>");
        b.append("<section class=\"card\" aria-labelledby=\"scim-h\"><h2 id=\"scim-h\">Connect with SCIM directly</h2>"
                + "<p>Your identity provider pushes people and groups to this base URL with a token you create here."
                + "</p><div class=\"field\"><span class=\"label\" id=\"base-label\">SCIM base URL</span>"
                + "<div class=\"copy-row\"><code id=\"scim-base\" aria-labelledby=\"base-label\">").append(esc(scimBase))
                .append("</code><button type=\"button\" class=\"secondary\" data-copy=\"scim-base\">Copy URL</button>"
                        + "</div></div><form id=\"token-form\" class=\"inline\" data-issue=\"")
                .append(esc(c.api("scim-credentials"))).append("\"><label for=\"provider\">Identity provider</label>"
                        + "<select id=\"provider\" name=\"provider\">");
        for (Guide g : guides(scimBase)) {
            if (!g.scimProvider().isEmpty()) {
                b.append("<option value=\"").append(esc(g.scimProvider())).append("\" data-guide=\"guide-")
                        .append(g.id()).append("\">").append(esc(g.name())).append("</option>");
            }
        }
        b.append("</select><button type=\"submit\">Create SCIM token</button></form></section></div>");
        b.append(tokenPanel(scimBase));
        b.append(credentials(c));
        b.append("<section class=\"card\" aria-labelledby=\"guides-h\"><h2 id=\"guides-h\">Guides</h2><p class=\"muted\">"
                + "Step by step for each identity provider, with the fields to fill, the attribute mapping and the "
                + "usual mistakes.</p>");
        for (Guide g : guides(scimBase)) {
            b.append(guide(g));
        }
        b.append("</section>");
        return b.toString();
    }

    /** The connection card; the page's script polls {@code .../status} and rewrites it in place. */
    static String connection(UiContext c, SyncHealth h) {
        boolean connected = StatusHandler.connected(h);
        String provider = h.directories().stream().filter(d -> !d.removed()).map(SyncHealth.DirectoryHealth::provider)
                .findFirst().orElse("identity provider");
        StringBuilder b = new StringBuilder("<section class=\"card connection ").append(connected ? "connected" : "waiting")
                .append("\" id=\"connection\" aria-labelledby=\"connection-h\" data-poll=\"").append(esc(c.api("status")))
                .append("\"><h2 id=\"connection-h\">Connection</h2><div id=\"connection-status\" role=\"status\" "
                        + "aria-live=\"polite\">");
        if (connected) {
            b.append("<p class=\"headline\">").append(esc(connectedSentence(provider, h.usersSynced(), h.groupsSynced())))
                    .append("</p><p class=\"muted\">Last change received ").append(Html.time(h.lastEventAt())).append("</p>");
        } else {
            b.append("<p class=\"headline\">Waiting for the first sync.</p><p class=\"muted\">Follow the steps below; "
                    + "this page updates by itself when your identity provider sends its first people.</p>");
        }
        return b.append("</div></section>").toString();
    }

    /** "Connected to your Okta. Synced 142 users and 9 groups" — the script builds the same sentence. */
    static String connectedSentence(String provider, long users, long groups) {
        return "Connected to your " + provider + ". Synced " + users + (users == 1 ? " user" : " users") + " and "
                + groups + (groups == 1 ? " group" : " groups");
    }

    private static String tokenPanel(String scimBase) {
        return "<section class=\"card token-panel\" id=\"token-panel\" hidden tabindex=\"-1\" aria-labelledby=\"token-h\">"
                + "<h2 id=\"token-h\">Your new SCIM token</h2><p><b>Copy it now:</b> only its hash is kept, so it cannot "
                + "be shown again. It stays here until you hide it.</p>"
                + "<div class=\"field\"><label for=\"token-base\">SCIM base URL</label><div class=\"copy-row\">"
                + "<input id=\"token-base\" readonly value=\"" + esc(scimBase) + "\"><button type=\"button\" "
                + "class=\"secondary\" data-copy=\"token-base\">Copy URL</button></div></div>"
                + "<div class=\"field\"><label for=\"token-value\">Token</label><div class=\"copy-row\"><input "
                + "id=\"token-value\" readonly autocomplete=\"off\" spellcheck=\"false\"><button type=\"button\" "
                + "data-copy=\"token-value\">Copy token</button></div></div>"
                + "<p id=\"rotate-note\" hidden></p><p id=\"copy-status\" class=\"muted\" role=\"status\" "
                + "aria-live=\"polite\"></p><div class=\"inline\"><button type=\"button\" class=\"secondary danger\" "
                + "id=\"revoke-old\" hidden>Revoke the old token</button><button type=\"button\" class=\"secondary\" "
                + "id=\"token-dismiss\">I have stored it — hide the token</button></div></section>";
    }

    private static String credentials(UiContext c) {
        List<ScimCredential> creds = c.view.scimCredentials();
        StringBuilder b = new StringBuilder("<section class=\"card\" id=\"credentials\" aria-labelledby=\"cred-h\">"
                + "<h2 id=\"cred-h\">SCIM tokens</h2><div id=\"token-error\" class=\"result\" role=\"alert\"></div>");
        if (creds.isEmpty()) {
            return b.append("<p class=\"muted\">No token yet.</p></section>").toString();
        }
        b.append("<table class=\"cards\"><thead><tr><th scope=\"col\">Token</th><th scope=\"col\">Provider</th>"
                + "<th scope=\"col\">Created</th><th scope=\"col\">Last used</th><th scope=\"col\">Status</th>"
                + "<th scope=\"col\"><span class=\"sr-only\">Actions</span></th></tr></thead><tbody>");
        for (ScimCredential cr : creds) {
            b.append("<tr data-credential=\"").append(esc(cr.id())).append("\"><td data-label=\"Token\"><code>…")
                    .append(esc(cr.suffix())).append("</code> <span class=\"muted\">").append(esc(cr.directoryId()))
                    .append("</span></td><td data-label=\"Provider\">").append(esc(cr.provider()))
                    .append("</td><td data-label=\"Created\">").append(Html.time(cr.createdAt()))
                    .append("</td><td data-label=\"Last used\" class=\"last-used\">")
                    .append(cr.lastUsedAt() == null ? "<span class=\"muted\">never</span>" : Html.time(cr.lastUsedAt()))
                    .append("</td><td data-label=\"Status\">")
                    .append(Html.pill(cr.active() ? "active" : "revoked")).append("</td><td data-label=\"Actions\">");
            if (cr.active()) {
                b.append("<div class=\"inline\"><button type=\"button\" class=\"secondary\" data-rotate=\"")
                        .append(esc(c.api("scim-credentials/" + Html.url(cr.id())))).append("\" data-provider=\"")
                        .append(esc(cr.provider())).append("\" data-directory=\"").append(esc(cr.directoryId()))
                        .append("\" data-suffix=\"").append(esc(cr.suffix())).append("\">Rotate<span class=\"sr-only\"> token …")
                        .append(esc(cr.suffix())).append("</span></button><button type=\"button\" class=\"secondary danger\" "
                                + "data-revoke=\"").append(esc(c.api("scim-credentials/" + Html.url(cr.id()))))
                        .append("\">Revoke<span class=\"sr-only\"> token …").append(esc(cr.suffix()))
                        .append("</span></button></div>");
            }
            b.append("</td></tr>");
        }
        return b.append("</tbody></table></section>").toString();
    }

    private static String guide(Guide g) {
        StringBuilder b = new StringBuilder("<details class=\"guide\" id=\"guide-").append(g.id()).append("\"><summary>")
                .append(esc(g.name())).append("</summary><p>").append(esc(g.intro())).append("</p><h3>Steps</h3><ol class=\"steps\">");
        g.steps().forEach(s -> b.append("<li>").append(s).append("</li>"));
        b.append("</ol><h3>Attribute mapping</h3><div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"")
                .append(esc(g.name())).append(" attribute mapping\"><table><thead><tr><th scope=\"col\">SCIM attribute</th>"
                        + "<th scope=\"col\">Map from</th><th scope=\"col\">Used for</th></tr></thead><tbody>");
        for (int i = 0; i < ATTRIBUTES.length; i++) {
            b.append("<tr><td><code>").append(esc(ATTRIBUTES[i][0])).append("</code></td><td><code>")
                    .append(esc(g.mapFrom().get(i))).append("</code></td><td>").append(esc(ATTRIBUTES[i][1]))
                    .append("</td></tr>");
        }
        b.append("</tbody></table></div><h3>Common mistakes</h3><ul>");
        g.mistakes().forEach(m -> b.append("<li>").append(m).append("</li>"));
        return b.append("</ul></details>").toString();
    }

    static String button(String api, String label, boolean secondary, String result) {
        return "<button type=\"button\"" + (secondary ? " class=\"secondary\"" : "") + " data-api=\"" + esc(api)
                + "\" data-reload=\"false\" data-result=\"" + esc(result) + "\">" + esc(label) + "</button>";
    }
}
