package dev.dirsync.servlet;

import dev.dirsync.core.spi.AdminRequest;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The admin API's route table: method and path pattern ({@code organizations/{org}/groups/{group}/mapping}) to
 * a handler, and who may call it: an organization's admin, or only the platform's operators (routes registered
 * through {@link #platform()}). A path no route knows is 404; a known path with another method is 405 with
 * {@code Allow}.
 */
final class AdminRouter {

    /** Handles one matched request. */
    @FunctionalInterface
    interface Handler {
        void handle(ApiCall call) throws IOException;
    }

    /** The handler a request goes to, with the values of the pattern's variables. */
    record Match(Handler handler, Map<String, String> vars) {
    }

    private record Route(String method, List<String> pattern, Handler handler, AdminRequest.Scope scope) {
    }

    private final List<Route> routes;
    private final AdminRequest.Scope scope;

    AdminRouter() {
        this(new ArrayList<>(), AdminRequest.Scope.ORGANIZATION);
    }

    private AdminRouter(List<Route> routes, AdminRequest.Scope scope) {
        this.routes = routes;
        this.scope = scope;
    }

    /** Registers routes into this table that only the platform's operators may call ({@code decidePlatform}). */
    AdminRouter platform() {
        return new AdminRouter(routes, AdminRequest.Scope.PLATFORM);
    }

    AdminRouter get(String pattern, Handler h) {
        return add("GET", pattern, h);
    }

    AdminRouter post(String pattern, Handler h) {
        return add("POST", pattern, h);
    }

    AdminRouter put(String pattern, Handler h) {
        return add("PUT", pattern, h);
    }

    AdminRouter delete(String pattern, Handler h) {
        return add("DELETE", pattern, h);
    }

    private AdminRouter add(String method, String pattern, Handler h) {
        routes.add(new Route(method, List.of(pattern.split("/")), h, scope));
        return this;
    }

    /**
     * Whose decision a request needs, before it is routed: its route's scope; for a request no route takes (it
     * will be 404 or 405), organization scope when the path names an organization, else platform.
     */
    AdminRequest.Scope scope(String method, List<String> segments, @Nullable String organizationId) {
        for (Route r : routes) {
            if (r.method().equals(method) && vars(r.pattern(), segments) != null) {
                return r.scope();
            }
        }
        return organizationId == null ? AdminRequest.Scope.PLATFORM : AdminRequest.Scope.ORGANIZATION;
    }

    /**
     * @param segments the request path's decoded segments
     * @param path the request path, for messages
     */
    Match match(String method, List<String> segments, String path) {
        Set<String> allowed = new LinkedHashSet<>();
        for (Route r : routes) {
            Map<String, String> vars = vars(r.pattern(), segments);
            if (vars == null) {
                continue;
            }
            if (r.method().equals(method)) {
                return new Match(r.handler(), vars);
            }
            allowed.add(r.method());
        }
        if (!allowed.isEmpty()) {
            throw ApiException.methodNotAllowed(method, path, String.join(", ", allowed));
        }
        throw ApiException.notFound("no admin API resource at " + path + "; see README § Admin API");
    }

    private static @Nullable Map<String, String> vars(List<String> pattern, List<String> segments) {
        if (pattern.size() != segments.size()) {
            return null;
        }
        Map<String, String> vars = new LinkedHashMap<>();
        for (int i = 0; i < pattern.size(); i++) {
            String p = pattern.get(i);
            String s = segments.get(i);
            if (p.startsWith("{") && p.endsWith("}")) {
                vars.put(p.substring(1, p.length() - 1), s);
            } else if (!p.equals(s)) {
                return null;
            }
        }
        return vars;
    }
}
