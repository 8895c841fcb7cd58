package dev.dirsync.servlet;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Double-submit CSRF protection for browser sessions: a write that carries cookies must echo the
 * {@code dirsync_csrf} cookie in the {@code X-CSRF-Token} header, which a cross-site page cannot read.
 * Clients without cookies (bearer tokens, server-to-server) are not affected.
 */
final class Csrf {
    static final String COOKIE = "dirsync_csrf";
    static final String HEADER = "X-CSRF-Token";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Csrf() {
    }

    static void check(HttpServletRequest req) {
        if (req.getHeader("Cookie") == null) {
            return;
        }
        String cookie = cookie(req);
        String header = req.getHeader(HEADER);
        if (cookie == null || header == null || !MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8),
                header.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(403, "csrf", "a browser request that changes something must send the "
                    + COOKIE + " cookie's value in the " + HEADER
                    + " header (GET any admin API resource to receive the cookie)", null);
        }
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
