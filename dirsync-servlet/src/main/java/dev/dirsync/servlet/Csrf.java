package dev.dirsync.servlet;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * Double-submit CSRF protection (OWASP "signed double-submit cookie", without the signature: the cookie is
 * {@code SameSite=Strict}, and {@code Secure} on TLS). A write must echo the {@code dirsync_csrf} cookie in the
 * {@code X-CSRF-Token} header, which a cross-site page can neither read nor set.
 *
 * <p>The one exemption is a non-browser API client: a request with no {@code Cookie} header at all that
 * authenticates with an {@code Authorization} header of a scheme browsers never attach by themselves (Bearer, or
 * a host's own token). A cross-site page cannot make a browser send such a header (it is not CORS-safelisted, so
 * the browser asks first and the host's CORS policy says no). Basic, Digest, Negotiate and NTLM are ambient: a
 * browser re-sends them to every request of the site, so they are no exemption. Everything else, a browser's
 * write that lacks the cookie included (credentials held by a client certificate, the network, or a header the
 * host reads that dirsync cannot know about), must carry the token: GET any admin API resource to receive it.
 */
final class Csrf {
    static final String COOKIE = "dirsync_csrf";
    static final String HEADER = "X-CSRF-Token";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Authorization schemes a browser attaches by itself once the user signed in: as ambient as a cookie. */
    private static final Set<String> AMBIENT_SCHEMES = Set.of("basic", "digest", "negotiate", "ntlm");

    private Csrf() {
    }

    static void check(HttpServletRequest req) {
        if (req.getHeader("Cookie") == null && explicitAuthorization(req.getHeader("Authorization"))) {
            return;
        }
        String cookie = cookie(req);
        String header = req.getHeader(HEADER);
        if (cookie == null || header == null || !MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8),
                header.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(403, "csrf", "a request that changes something must send the " + COOKIE
                    + " cookie's value in the " + HEADER + " header (GET any admin API resource to receive the "
                    + "cookie); an API client without cookies may instead authenticate with an Authorization header "
                    + "such as Bearer", null);
        }
    }

    /** True for an Authorization header a script or API client set itself, false for ambient schemes. */
    static boolean explicitAuthorization(@Nullable String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return false;
        }
        String scheme = authorization.trim().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        return !AMBIENT_SCHEMES.contains(scheme);
    }

    static void issueIfMissing(HttpServletRequest req, HttpServletResponse resp) {
        if (cookie(req) != null) {
            return;
        }
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        Cookie c = new Cookie(COOKIE, Base64.getUrlEncoder().withoutPadding().encodeToString(b));
        // the whole application: the UI's pages read it and the API under another path checks it
        c.setPath(req.getContextPath().isEmpty() ? "/" : req.getContextPath());
        c.setSecure(req.isSecure());
        c.setHttpOnly(false); // the page's script reads it to echo it back
        c.setAttribute("SameSite", "Strict");
        resp.addCookie(c);
    }

    private static @Nullable String cookie(HttpServletRequest req) {
        Cookie[] cookies = req.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (COOKIE.equals(c.getName())) {
                return c.getValue();
            }
        }
        return null;
    }
}
