package dev.dirsync.examples.saas;

import dev.dirsync.servlet.DirsyncServlets;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;

/**
 * The demo's own door: its {@code /api/*} helpers (the app's users, admin notices, minting sessions and API keys)
 * answer only requests from this machine or with the admin token, and a request with the admin token is an
 * authenticated one, which is what lets Actuator show health details to the admin alone
 * ({@code show-details: when-authorized}). dirsync's webhook endpoint, under {@code /api} too, is left to its
 * signature check. A request that came through a proxy ({@code Forwarded} / {@code X-Forwarded-For}) is never
 * "from this machine", even if the proxy is.
 */
@Component
public class DemoRequestGuard extends OncePerRequestFilter {
    private final DemoAdminAccess access;
    private final String webhookPath;

    public DemoRequestGuard(DemoAdminAccess access,
                            @Value("${dirsync.workos.webhook-path:" + DirsyncServlets.DEFAULT_WEBHOOK_PATH + "}")
                            String webhookPath) {
        this.access = access;
        this.webhookPath = webhookPath;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean admin = presentsAdminToken(request);
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/api/") && !path.equals(webhookPath) && !admin && !fromThisMachine(request)) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setContentType("application/json");
            response.getOutputStream().write(("{\"error\":\"unauthorized\",\"message\":\"the demo's /api helpers answer "
                    + "requests from this machine only, or with Authorization: Bearer <DIRSYNC_DEMO_ADMIN_TOKEN>\"}")
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(admin ? new AdminRequest(request) : request, response);
    }

    private boolean presentsAdminToken(HttpServletRequest request) {
        String presented = null;
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = authorization.substring(7).trim();
        } else if (request.getCookies() != null) {
            for (var c : request.getCookies()) {
                if (DemoAdminAccess.COOKIE.equals(c.getName())) {
                    presented = c.getValue();
                }
            }
        }
        return presented != null && !presented.isEmpty() && access.matches(presented);
    }

    /** A loopback client address, not relayed by a proxy. */
    static boolean fromThisMachine(HttpServletRequest request) {
        if (request.getHeader("Forwarded") != null || request.getHeader("X-Forwarded-For") != null) {
            return false;
        }
        String address = request.getRemoteAddr();
        if (address == null || !address.matches("[0-9a-fA-F:.\\[\\]%]+")) {
            return false; // remoteAddr is an IP literal; anything else is not trusted
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The admin as the request's principal, for Actuator's {@code when-authorized}. */
    private static final class AdminRequest extends HttpServletRequestWrapper {
        private static final Principal ADMIN = () -> "demo-admin";

        AdminRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public @Nullable Principal getUserPrincipal() {
            return ADMIN;
        }

        @Override
        public boolean isUserInRole(String role) {
            return true;
        }
    }
}
