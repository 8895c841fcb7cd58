package dev.dirsync.servlet;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request the admin API refuses, with the HTTP status and a stable error code; renders itself as the
 * documented error body {@code {"error": code, "message": text, "field"?: name, "allowed"?: [values]}}.
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final String code;
    final @Nullable String field;
    /** Response headers that belong to the error (Allow, Retry-After, ETag). */
    private final Map<String, String> headers;
    /** The values a field may take, when there is a closed list (the host's catalog). */
    private final @Nullable List<String> allowed;

    ApiException(int status, String code, String message, @Nullable String field) {
        this(status, code, message, field, Map.of(), null);
    }

    private ApiException(int status, String code, String message, @Nullable String field, Map<String, String> headers,
                         @Nullable List<String> allowed) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
        this.headers = Map.copyOf(headers);
        this.allowed = allowed == null ? null : List.copyOf(allowed);
    }

    ApiException withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new ApiException(status, code, getMessage(), field, h, allowed);
    }

    /** A field naming a role or workspace outside the host's catalog; {@code allowed} lists what it may name. */
    static ApiException notInCatalog(String field, String message, List<String> allowed) {
        return new ApiException(400, "invalid_field", message, field, Map.of(), allowed);
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "invalid_request", message, null);
    }

    static ApiException invalidField(String field, String message) {
        return new ApiException(400, "invalid_field", message, field);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message, null);
    }

    static ApiException conflict(String message) {
        return new ApiException(409, "conflict", message, null);
    }

    /** An operation the host's SPI implementations do not support (e.g. drift without UserStore.currentAccess). */
    static ApiException notSupported(String message) {
        return new ApiException(409, "not_supported", message, null);
    }

    /** An operation that needs the WorkOS source, which this application did not configure. */
    static ApiException notConfigured(String what) {
        return new ApiException(409, "not_configured", what + " needs the WorkOS source: configure a WorkOS API "
                + "key (WorkosConfig / dirsync.workos.api-key)", null);
    }

    static ApiException methodNotAllowed(String method, String path, String allow) {
        return new ApiException(405, "method_not_allowed", method + " is not supported on " + path + " (use "
                + allow + ")", null).withHeader("Allow", allow);
    }

    /** A write based on a version that is no longer current ({@code If-Match}); nothing was changed. */
    static ApiException preconditionFailed(String message) {
        return new ApiException(412, "precondition_failed", message, null);
    }

    static ApiException unsupportedMediaType() {
        return new ApiException(415, "unsupported_media_type",
                "send changes as Content-Type: application/json (an empty body may be {} or no body at all)", null);
    }

    static ApiException payloadTooLarge(int max) {
        return new ApiException(413, "payload_too_large", "request body exceeds " + max + " bytes", null);
    }

    static ApiException unavailable() {
        return new ApiException(503, "unavailable", "dirsync's database is unavailable; try again shortly", null)
                .withHeader("Retry-After", "5");
    }

    static ApiException internal() {
        return new ApiException(500, "internal_error",
                "the request failed; see the server log (no details are sent to clients)", null);
    }

    /** Writes this error as the response, unless a part of the response was already sent. */
    void render(HttpServletResponse resp) throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        resp.reset();
        headers.forEach(resp::setHeader);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", getMessage());
        if (field != null) {
            body.put("field", field);
        }
        if (allowed != null) {
            body.put("allowed", allowed);
        }
        JsonHttp.send(resp, status, body);
    }
}
