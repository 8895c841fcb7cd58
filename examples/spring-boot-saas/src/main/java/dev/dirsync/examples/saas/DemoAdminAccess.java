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
 * Who may use dirsync's admin API, from a token sent as a bearer token or the cookie the sign-in page sets. The
 * admin token administers the demo tenant (Acme) and nothing else: it cannot list, create or link organizations.
 * The optional platform token ({@code dirsync.demo.platform-token}, unset by default) is the platform operator's.
 * A real app would ask its own session or JWT which organizations the caller administers, and whether the caller
 * operates the platform.
 */
@Component
public class DemoAdminAccess implements AdminAccess {
    static final String COOKIE = "dirsync_demo_admin";

    private final byte[] organizationToken;
    private final byte @Nullable [] platformToken;

    public DemoAdminAccess(@Value("${dirsync.demo.admin-token}") String organizationToken,
                           @Value("${dirsync.demo.platform-token:}") String platformToken) {
        this.organizationToken = organizationToken.getBytes(StandardCharsets.UTF_8);
        this.platformToken = platformToken.isBlank() ? null : platformToken.getBytes(StandardCharsets.UTF_8);
    }

    /** An organization-scoped request: the platform operator anywhere, the admin token in Acme only. */
    @Override
    public AdminDecision decide(AdminRequest request) {
        String presented = presented(request);
        if (presented == null) {
            return AdminDecision.unauthenticated("sign in at /signin, or send Authorization: Bearer <admin token>");
        }
        if (isPlatform(presented)) {
            return AdminDecision.allow("platform-operator");
        }
        if (!same(organizationToken, presented)) {
            return AdminDecision.unauthenticated("the admin token is not valid");
        }
        return DemoCompany.ORGANIZATION.equals(request.organizationId()) ? AdminDecision.allow("acme-admin")
                : AdminDecision.deny("the admin token administers organization " + DemoCompany.ORGANIZATION + " only");
    }

    /** Listing, creating and linking organizations: the platform token only. */
    @Override
    public AdminDecision decidePlatform(AdminRequest request) {
        String presented = presented(request);
        return presented != null && isPlatform(presented) ? AdminDecision.allow("platform-operator")
                : AdminAccess.super.decidePlatform(request);
    }

    /** True for a token this demo knows (the sign-in page accepts either). */
    boolean matches(String presented) {
        return same(organizationToken, presented) || isPlatform(presented);
    }

    private boolean isPlatform(String presented) {
        return platformToken != null && same(platformToken, presented);
    }

    /** Constant-time comparison, so response timing does not reveal the token. */
    private static boolean same(byte[] token, String presented) {
        return MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    private static @Nullable String presented(AdminRequest request) {
        String presented = bearer(request.header().apply("Authorization"));
        return presented != null ? presented : cookie(request.header().apply("Cookie"));
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
