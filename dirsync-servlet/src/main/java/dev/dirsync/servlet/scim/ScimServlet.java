package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.captaingoldfish.scim.sdk.common.constants.ScimType;
import de.captaingoldfish.scim.sdk.common.constants.enums.HttpMethod;
import de.captaingoldfish.scim.sdk.common.exceptions.InternalServerException;
import de.captaingoldfish.scim.sdk.common.response.ErrorResponse;
import de.captaingoldfish.scim.sdk.common.response.ScimResponse;
import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.read.DirectoryView;
import dev.dirsync.core.state.ScimCredential;
import dev.dirsync.servlet.BoundedBody;
import dev.dirsync.servlet.RateLimiter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
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
 * same engine, mirror, policies and audit as WorkOS events. SCIM-SDK is the protocol engine, behind this class:
 * each request's credential, dialect and read model travel in a {@link ScimRequest} made for it, and every error
 * is answered as a {@link ScimError}, chosen by the type of what was thrown.
 */
public final class ScimServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(ScimServlet.class);
    static final String SCIM_JSON = "application/scim+json";
    private static final Set<String> DISCOVERY = Set.of("/serviceproviderconfig", "/resourcetypes", "/schemas");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    /** Users or groups read per page while a list without an indexed filter is evaluated. */
    static final int SCAN_PAGE = 500;

    private final transient DirectorySync sync;
    private final transient ScimGate gate;
    private final transient QuotaGuard quotas;
    private final transient ScimSettings settings;
    private final transient ScimProtocol protocol;
    private final transient ScimRouter router;
    private final @Nullable String publicBaseUrl;

    /** With {@code limiter} per SCIM token and the default failure budget per address and quotas. */
    public ScimServlet(DirectorySync sync, RateLimiter limiter, ScimSettings settings) {
        this(sync, ScimLimits.of(limiter), settings);
    }

    public ScimServlet(DirectorySync sync, ScimLimits limits, ScimSettings settings) {
        this(sync, limits, settings, SCAN_PAGE);
    }

    ScimServlet(DirectorySync sync, RateLimiter limiter, ScimSettings settings, int scanPage) {
        this(sync, ScimLimits.of(limiter), settings, scanPage);
    }

    /**
     * @param publicBaseUrl the application's public base URL (context path included, no trailing slash) for
     *        {@code meta.location} and {@code Location}; null derives them from each request's {@code Host} header
     *        (see {@code DirsyncServlets.Builder#publicBaseUrl})
     */
    public ScimServlet(DirectorySync sync, ScimLimits limits, ScimSettings settings, @Nullable String publicBaseUrl) {
        this(sync, limits, settings, SCAN_PAGE, publicBaseUrl);
    }

    ScimServlet(DirectorySync sync, ScimLimits limits, ScimSettings settings, int scanPage) {
        this(sync, limits, settings, scanPage, null);
    }

    ScimServlet(DirectorySync sync, ScimLimits limits, ScimSettings settings, int scanPage,
                @Nullable String publicBaseUrl) {
        this.publicBaseUrl = publicBaseUrl;
        if (scanPage < 1 || scanPage > ReadPages.MAX_LIMIT) {
            throw new IllegalArgumentException("scan page must be between 1 and " + ReadPages.MAX_LIMIT);
        }
        this.sync = sync;
        this.gate = new ScimGate(sync, limits);
        this.quotas = new QuotaGuard(limits.quotas());
        this.settings = settings;
        this.protocol = new ScimProtocol(sync, settings, scanPage, quotas);
        this.router = new ScimRouter(protocol, settings);
    }

    public ScimServlet(DirectorySync sync) {
        this(sync, RateLimiter.defaults(), ScimSettings.defaults());
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("X-Content-Type-Options", "nosniff");
        try {
            handle(req, resp);
        } catch (RuntimeException e) {
            answer(req.getMethod(), req.getRequestURI(), ScimError.of(e), resp);
        }
    }

    private void handle(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Optional<ScimCredential> credential = gate.authenticate(req, resp); // per-address limit before the database
        if (credential.isEmpty()) {
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
        Optional<byte[]> read = BoundedBody.read(req, settings.maxPayloadBytes());
        if (read.isEmpty()) {
            tooLarge(resp);
            return;
        }
        byte[] raw = read.get();
        if (!gate.charge(credential.get(), method, path, raw, resp)) { // a /Bulk costs its operations
            return;
        }
        Optional<DirectoryView> directory = directoryOf(credential.get());
        if (directory.isEmpty()) {
            unauthenticated(resp);
            return;
        }
        if (!method.equals("GET")) {
            quotas.prepare(directory.get()); // the organization's counts, outside the write's transaction
        }
        String body = raw.length == 0 ? null : new String(raw, StandardCharsets.UTF_8);
        ScimRequest request = new ScimRequest(credential.get(), directory.get(), base(req));
        ScimRouter.ScimAnswer answer = router.route(request, method, rawPath(req), req.getQueryString(), body,
                headers(req), base(req));
        answer.headers().forEach(resp::setHeader);
        if (answer.body() == null) {
            resp.setStatus(answer.status());
        } else {
            write(resp, answer.status(), answer.body());
        }
    }

    /** The read model of the credential's organization; empty if it was deleted after the token was issued. */
    private Optional<DirectoryView> directoryOf(ScimCredential credential) {
        try {
            return Optional.of(sync.directory(credential.organizationId()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void answer(String method, String path, ScimError error, HttpServletResponse resp)
            throws IOException {
        if (error.isServerFault()) {
            log.error("SCIM {} {} failed: {}", method, path, error, error.getCause());
        } else if (error.getCause() instanceof InternalServerException) {
            log.warn("SCIM-SDK failed on a {} {} request it could not handle; answered {}", method, path, error,
                    error.getCause());
        }
        error.write(resp);
    }

    static void unauthenticated(HttpServletResponse resp) throws IOException {
        resp.setHeader("WWW-Authenticate", "Bearer realm=\"dirsync SCIM\"");
        new ScimError(401, null, "missing or unknown bearer token: use the organization's SCIM token from "
                + "the Directory Sync settings as 'Authorization: Bearer <token>'").write(resp);
    }

    private void tooLarge(HttpServletResponse resp) throws IOException {
        new ScimError(413, null, "the request body exceeds " + settings.maxPayloadBytes() + " bytes; send fewer "
                + "operations per /Bulk request").write(resp);
    }

    /** The path below the servlet as sent, percent-encoding kept: {@code /Users/%23} is not {@code /Users/#}. */
    private static String rawPath(HttpServletRequest req) {
        String uri = req.getRequestURI();
        String prefix = req.getContextPath() + req.getServletPath();
        String rest = uri.startsWith(prefix) ? uri.substring(prefix.length()) : req.getPathInfo();
        return rest == null || rest.isEmpty() ? "/" : rest;
    }

    private String base(HttpServletRequest req) {
        if (publicBaseUrl != null) {
            return publicBaseUrl + req.getServletPath();
        }
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
