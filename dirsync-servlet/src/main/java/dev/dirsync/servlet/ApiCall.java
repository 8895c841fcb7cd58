package dev.dirsync.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.model.Organization;
import dev.dirsync.core.read.DirectoryView;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.util.Map;

/**
 * One admin API request as the router matched it: who asks, the path's variables, the body, and the
 * organization it is about. Built for each request and never shared, so nothing of one request can leak into
 * another.
 */
final class ApiCall {
    final HttpServletRequest req;
    final HttpServletResponse resp;
    /** The path under the API's mount point, for messages. */
    final String path;
    private final DirectorySync sync;
    private final Map<String, String> vars;
    private final String actor;
    private final byte[] body;
    private @Nullable Organization org;
    private @Nullable DirectoryView view;

    ApiCall(DirectorySync sync, HttpServletRequest req, HttpServletResponse resp, String path, Map<String, String> vars,
            String actor, byte[] body) {
        this.sync = sync;
        this.req = req;
        this.resp = resp;
        this.path = path;
        this.vars = Map.copyOf(vars);
        this.actor = actor;
        this.body = body;
    }

    /** A variable of the route's pattern, e.g. {@code group} of {@code organizations/{org}/groups/{group}/mapping}. */
    String var(String name) {
        String v = vars.get(name);
        if (v == null) {
            throw new IllegalStateException("route has no {" + name + "}");
        }
        return v;
    }

    boolean hasVar(String name) {
        return vars.containsKey(name);
    }

    /** The caller as the audit log names it ("alice@acme.test via the admin console"). */
    Source who() {
        return Source.admin(actor);
    }

    /** The organization of the path as it was when this request began; 404 if there is none. */
    Organization org() {
        if (org == null) {
            String id = var("org");
            org = sync.organization(id).orElseThrow(() -> ApiException.notFound("no organization '" + id + "'"));
        }
        return org;
    }

    String orgId() {
        return org().id();
    }

    /** The read model of the path's organization: every read of users, groups, audit and health goes here. */
    DirectoryView view() {
        if (view == null) {
            view = sync.directory(orgId());
        }
        return view;
    }

    /** The body as a JSON object; 400 if there is none. */
    JsonNode body() {
        if (body.length == 0) {
            throw ApiException.badRequest("request body is empty: send a JSON object");
        }
        return AdminJson.parse(body);
    }

    /** The body as a JSON object, {@code {}} when the request has none (every field of it is optional). */
    JsonNode optionalBody() {
        return body.length == 0 ? AdminJson.MAPPER.createObjectNode() : AdminJson.parse(body);
    }

    void json(int status, Object value) throws IOException {
        JsonHttp.send(resp, status, value);
    }
}
