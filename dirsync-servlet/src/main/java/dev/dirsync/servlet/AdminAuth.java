package dev.dirsync.servlet;

import dev.dirsync.core.spi.AdminAccess;
import dev.dirsync.core.spi.AdminDecision;
import dev.dirsync.core.spi.AdminRequest;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/** Asks the host's {@link AdminAccess} about one request; the API and the UI decide the same way. */
final class AdminAuth {
    private AdminAuth() {
    }

    /** Platform requests go to {@link AdminAccess#decidePlatform}, the others to {@link AdminAccess#decide}. */
    static AdminDecision decide(AdminAccess access, HttpServletRequest req, String path, @Nullable String organizationId,
                                AdminRequest.Scope scope) {
        AdminRequest r = new AdminRequest(req.getMethod(), path, organizationId, req.getUserPrincipal(),
                req::getHeader, req::getAttribute, scope);
        return scope == AdminRequest.Scope.PLATFORM ? access.decidePlatform(r) : access.decide(r);
    }

    /** The allowed actor's name; 401 when the caller is not signed in, 403 when signed in but not allowed. */
    static String actor(AdminAccess access, HttpServletRequest req, String path, @Nullable String organizationId,
                        AdminRequest.Scope scope) {
        AdminDecision d = decide(access, req, path, organizationId, scope);
        if (d instanceof AdminDecision.Allowed a) {
            return a.actor();
        }
        AdminDecision.Denied denied = (AdminDecision.Denied) d;
        throw new ApiException(denied.authenticated() ? 403 : 401, denied.authenticated() ? "forbidden" : "unauthenticated",
                denied.reason(), null);
    }
}
