package dev.dirsync.examples.saas;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/** A landing page with the demo's links, and the admin sign-in that sets the admin cookie for the browser. */
@RestController
public class HomeController {
    private final DemoAdminAccess access;

    public HomeController(DemoAdminAccess access) {
        this.access = access;
    }

    @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
    public String home() {
        return page("dirsync demo", """
                <p>Acme Corp's users follow its (simulated) Okta directory through dirsync.</p>
                <ul>
                  <li><a href="/api/users?organization=acme">/api/users?organization=acme</a>: the app's users</li>
                  <li><a href="/api/notices?organization=acme">/api/notices?organization=acme</a>: alerts to admins
                      (sync stale, broken or recovered; the daily summary once switched on in Policies)</li>
                  <li><a href="/dirsync/orgs/acme">/dirsync/orgs/acme</a>: the Directory Sync admin UI
                      (sign in first)</li>
                  <li><a href="/dirsync/api/organizations/acme/audit">/dirsync/api/organizations/acme/audit</a>:
                      dirsync's audit log as JSON (sign in first)</li>
                  <li><a href="/actuator/health/dirsync">/actuator/health/dirsync</a>: sync health</li>
                  <li><a href="/signin">Sign in</a> as the demo admin</li>
                </ul>
                <p>Play a company against this app: <code>examples/run-demo.sh simulate</code></p>""");
    }

    @GetMapping(value = "/signin", produces = MediaType.TEXT_HTML_VALUE)
    public String signInPage() {
        return page("Sign in", """
                <form method="post" action="/signin">
                  <label>Admin token <input type="password" name="token" autofocus></label>
                  <button type="submit">Sign in</button>
                </form>
                <p>Local default: <code>demo-admin-token</code> (set <code>DIRSYNC_DEMO_ADMIN_TOKEN</code>).</p>""");
    }

    @PostMapping(value = "/signin", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public ResponseEntity<String> signIn(@RequestParam("token") String token) {
        if (!access.matches(token)) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).contentType(MediaType.TEXT_HTML)
                    .body(page("Sign in", "<p>Wrong token. <a href=\"/signin\">Try again</a>.</p>"));
        }
        ResponseCookie cookie = ResponseCookie.from(DemoAdminAccess.COOKIE, token).httpOnly(true).sameSite("Strict")
                .path("/").build();
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create("/dirsync/orgs/acme"))
                .header(HttpHeaders.SET_COOKIE, cookie.toString()).build();
    }

    private static String page(String title, String body) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body><h1>"
                + title + "</h1>" + body + "</body></html>";
    }
}
