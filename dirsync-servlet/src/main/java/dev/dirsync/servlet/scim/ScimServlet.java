package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.captaingoldfish.scim.sdk.common.constants.ScimType;
import de.captaingoldfish.scim.sdk.common.constants.enums.HttpMethod;
import de.captaingoldfish.scim.sdk.common.response.ScimResponse;
import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.state.ScimCredential;
import dev.dirsync.servlet.RateLimiter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The direct SCIM 2.0 endpoint (RFC 7643/7644) an IdP pushes users and groups to, mounted at e.g.
 * {@code /scim/v2/*}. The bearer token alone decides the organization and directory; writes go through the
 * same engine, mirror, policies and audit as WorkOS events. SCIM-SDK is the protocol engine, behind this class.
 */
public final class ScimServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(ScimServlet.class);
    static final String SCIM_JSON = "application/scim+json";
    private static final Set<String> DISCOVERY = Set.of("/serviceproviderconfig", "/resourcetypes", "/schemas");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    /** Runs of one request that lost a read-modify-write race before it gives up with 409. */
    private static final int MAX_RUNS = 5;

    private final transient DirectorySync sync;
    private final transient RateLimiter limiter;
    private final transient ScimSettings settings;
    private final transient ScimProtocol protocol;

    public ScimServlet(DirectorySync sync, RateLimiter limiter, ScimSettings settings) {
        this.sync = sync;
        this.limiter = limiter;
        this.settings = settings;
        this.protocol = new ScimProtocol(sync, settings);
    }

    public ScimServlet(DirectorySync sync) {
        this(sync, RateLimiter.defaults(), ScimSettings.defaults());
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            handle(req, resp);
        } catch (RuntimeException e) {
            log.error("SCIM {} {} failed unexpectedly", req.getMethod(), req.getRequestURI(), e);
            new ScimError(500, null, "dirsync failed to process this request and logged why; try again later")
                    .write(resp);
        }
    }

    private void handle(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Optional<ScimCredential> credential = bearer(req).flatMap(sync::authenticateScim);
        if (credential.isEmpty()) {
            resp.setHeader("WWW-Authenticate", "Bearer realm=\"dirsync SCIM\"");
            new ScimError(401, null, "missing or unknown bearer token: use the organization's SCIM token from "
                    + "the Directory Sync settings as 'Authorization: Bearer <token>'").write(resp);
            return;
        }
        long wait = limiter.acquire("scim:" + credential.get().id());
        if (wait > 0) {
            resp.setHeader("Retry-After", Long.toString(wait));
            new ScimError(429, ScimType.RFC7644.TOO_MANY, "too many requests for this SCIM token; retry after "
                    + wait + " s").write(resp);
            return;
        }
        String method = req.getMethod().toUpperCase(Locale.ROOT);
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        String first = path.replaceAll("^(/[^/]*).*", "$1").toLowerCase(Locale.ROOT);
        if (!METHODS.contains(method) || (DISCOVERY.contains(first) && !method.equals("GET"))) {
            resp.setHeader("Allow", DISCOVERY.contains(first) ? "GET" : String.join(", ", METHODS));
            new ScimError(405, null, method + " is not supported on " + path).write(resp);
            return;
        }
        if (req.getContentLengthLong() > settings.maxPayloadBytes()) {
            tooLarge(resp);
            return;
        }
        byte[] raw;
        try (InputStream in = req.getInputStream()) {
            raw = in.readNBytes(settings.maxPayloadBytes() + 1);
        }
        if (raw.length > settings.maxPayloadBytes()) {
            tooLarge(resp);
            return;
        }
        String body = raw.length == 0 ? null : normalized(method, path, new String(raw, StandardCharsets.UTF_8));
        if (method.equals("PATCH") && body != null && isEmptyPatch(body)) {
            method = "GET"; // only ignored operations (e.g. a password): nothing to change, answer the resource
            body = null;
        }
        if (method.equals("PATCH")) {
            String malformed = ScimProtocol.malformedPatchPath(path, body);
            if (malformed != null) {
                new ScimError(400, ScimType.RFC7644.INVALID_PATH, malformed).write(resp);
                return;
            }
        }
        String url = base(req) + path + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
        Map<String, String> headers = headers(req);
        var endpoint = protocol.endpoint(ScimDialect.forProvider(credential.get().provider()));
        boolean customPatch = method.equals("PATCH") && path.regionMatches(true, 0, "/Users/", 0, 7)
                && CustomExtensionPatch.touchesCustomExtension(body, ScimProtocol.SERVED_SCHEMAS);
        ScimRequest run = null;
        ScimResponse response = null;
        for (int i = 0; i < MAX_RUNS && (run == null || run.conflicted); i++) {
            run = new ScimRequest(credential.get());
            response = endpoint.handleRequest(url, HttpMethod.valueOf(method), body, headers, new Context(run));
            if (customPatch && !run.conflicted && !run.userPatched && response.getHttpStatus() == 200) {
                try {
                    protocol.users.patchCustomExtensions(run, path.substring(7), body,
                            response.getHttpHeaders().getOrDefault("ETag", ""));
                    response = endpoint.handleRequest(url, HttpMethod.GET, null, headers, new Context(run));
                } catch (de.captaingoldfish.scim.sdk.common.exceptions.ScimException e) {
                    response = new de.captaingoldfish.scim.sdk.common.response.ErrorResponse(e);
                }
            }
        }
        if ((method.equals("PATCH") || method.equals("PUT")) && !run.userPatched && response.getHttpStatus() == 200
                && path.regionMatches(true, 0, "/Users/", 0, 7) && !response.path("active").asBoolean(true)) {
            // SCIM-SDK saw nothing to change (the IdP repeats a deactivation the sole-admin guard still refuses)
            String reason = protocol.users.stillBlocked(new dev.dirsync.core.model.DirectoryUserKey(
                    credential.get().organizationId(), credential.get().directoryId(), path.substring(7)));
            if (reason != null) {
                response = new de.captaingoldfish.scim.sdk.common.response.ErrorResponse(UserResources.blocked(reason));
            }
        }
        if (run.unavailable) {
            resp.setHeader("Retry-After", "10");
        }
        response = unwrapClientError(response, method, path);
        if (response.getHttpStatus() >= 500 && !run.unavailable) {
            log.error("SCIM {} {} answered {}: {}", method, path, response.getHttpStatus(), response,
                    response instanceof de.captaingoldfish.scim.sdk.common.response.ErrorResponse e ? e.getScimException() : null);
        }
        response.getHttpHeaders().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("Content-Type")) {
                resp.setHeader(k, v);
            }
        });
        int status = response.getHttpStatus();
        if (status == 204 || response.isEmpty()) {
            resp.setStatus(status);
            return;
        }
        write(resp, status, response);
    }

    /**
     * SCIM-SDK answers 500 for two kinds of client errors: a client error it raised itself on its sort/filter
     * thread pool (an unsortable {@code sortBy}), and input its PATCH and filter code does not anticipate
     * (index and null-pointer failures inside SCIM-SDK on e.g. an empty value array). Both are the client's
     * request, so they are answered as 400; a failure in dirsync's own code stays a 500.
     */
    private static ScimResponse unwrapClientError(ScimResponse response, String method, String path) {
        if (response.getHttpStatus() < 500
                || !(response instanceof de.captaingoldfish.scim.sdk.common.response.ErrorResponse e)) {
            return response;
        }
        java.util.Set<Throwable> seen = new java.util.HashSet<>();
        Throwable root = null;
        for (Throwable t = e.getScimException(); t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof de.captaingoldfish.scim.sdk.common.exceptions.ScimException se
                    && se.getStatus() >= 400 && se.getStatus() < 500) {
                return new de.captaingoldfish.scim.sdk.common.response.ErrorResponse(se);
            }
            root = t;
        }
        if (root != null && !(root instanceof de.captaingoldfish.scim.sdk.common.exceptions.ScimException)
                && thrownBy(root).startsWith("de.captaingoldfish.")) {
            log.warn("SCIM-SDK failed on a {} {} request it could not handle; answering 400", method, path, root);
            String type = method.equals("GET") || path.endsWith("/.search") ? ScimType.RFC7644.INVALID_FILTER
                    : ScimType.RFC7644.INVALID_VALUE;
            return new de.captaingoldfish.scim.sdk.common.response.ErrorResponse(new ScimRequest.Failure(
                    "the request could not be applied: check its " + (type.equals("invalidFilter") ? "filter and sortBy"
                            : "operations, paths and values") + " against the schemas at /Schemas", 400, type));
        }
        return response;
    }

    /** The first class outside the JDK on the stack of {@code t}: whose code failed. */
    private static String thrownBy(Throwable t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (!e.getClassName().startsWith("java.") && !e.getClassName().startsWith("jdk.")) {
                return e.getClassName();
            }
        }
        return "";
    }

    private String normalized(String method, String path, String body) {
        JsonNode json;
        try {
            json = ScimJson.MAPPER.readTree(body);
        } catch (IOException e) {
            return body; // SCIM-SDK answers invalidSyntax with its own message
        }
        protocol.quirks.normalize(method, path, json);
        return json == null ? body : json.toString();
    }

    private static boolean isEmptyPatch(String body) {
        try {
            JsonNode ops = ScimJson.MAPPER.readTree(body).get("Operations");
            return ops != null && ops.isArray() && ops.isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private void tooLarge(HttpServletResponse resp) throws IOException {
        new ScimError(413, null, "the request body exceeds " + settings.maxPayloadBytes() + " bytes; send fewer "
                + "operations per /Bulk request").write(resp);
    }

    private static Optional<String> bearer(HttpServletRequest req) {
        String h = req.getHeader("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(h.substring(7).trim());
    }

    private static String base(HttpServletRequest req) {
        String scheme = req.getScheme();
        int port = req.getServerPort();
        boolean defaultPort = (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + req.getServerName() + (defaultPort ? "" : ":" + port) + req.getContextPath()
                + req.getServletPath();
    }

    private static Map<String, String> headers(HttpServletRequest req) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Enumeration<String> names = req.getHeaderNames(); names.hasMoreElements(); ) {
            String n = names.nextElement();
            if (!n.equalsIgnoreCase("Authorization")) {
                out.put(n, req.getHeader(n));
            }
        }
        // IdPs send application/json or nothing; SCIM-SDK wants to see SCIM's own type
        out.keySet().removeIf(k -> k.equalsIgnoreCase("Content-Type"));
        out.put("Content-Type", SCIM_JSON);
        return out;
    }

    static void write(HttpServletResponse resp, int status, ObjectNode body) throws IOException {
        resp.setStatus(status);
        resp.setCharacterEncoding("UTF-8");
        resp.setContentType(SCIM_JSON);
        resp.getOutputStream().write(ScimJson.MAPPER.writeValueAsBytes(body));
    }
}
