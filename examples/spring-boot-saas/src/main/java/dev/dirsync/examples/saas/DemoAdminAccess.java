package dev.dirsync.examples.saas;

import dev.dirsync.core.spi.AdminAccess;
import dev.dirsync.core.spi.AdminDecision;
import dev.dirsync.core.spi.AdminRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may use dirsync's admin API: whoever presents the demo admin token, as a bearer token or the cookie the
 * sign-in page sets. A real app would ask its own session or JWT which organizations the caller administers.
 */
@Component
public class DemoAdminAccess implements AdminAccess {
    static final String COOKIE = "dirsync_demo_admin";

    private final byte[] token;

    public DemoAdminAccess(@Value("${dirsync.demo.admin-token}") String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public AdminDecision decide(AdminRequest request) {
        String presented = bearer(request.header().apply("Authorization"));
        if (presented == null) {
            presented = cookie(request.header().apply("Cookie"));
        }
        if (presented == null) {
            return AdminDecision.unauthenticated("sign in at /signin, or send Authorization: Bearer <admin token>");
        }
        if (!matches(presented)) {
            return AdminDecision.unauthenticated("the admin token is not valid");
        }
        return AdminDecision.allow("demo-admin");
    }

    /** Constant-time comparison, so response timing does not reveal the token. */
    boolean matches(String presented) {
        return MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    private static @Nullable String bearer(@Nullable String header) {
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
    }

    private static @Nullable String cookie(@Nullable String header) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String p = part.trim();
            if (p.startsWith(COOKIE + "=")) {
                return p.substring(COOKIE.length() + 1);
            }
        }
        return null;
    }
}
