package dev.dirsync.servlet;

import org.jspecify.annotations.Nullable;

/** A request the admin API refuses, with the HTTP status and a stable error code; renders itself as JSON. */
final class ApiException extends RuntimeException {
    final int status;
    final String code;
    final @Nullable String field;

    ApiException(int status, String code, String message, @Nullable String field) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
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

    static ApiException methodNotAllowed(String method, String path) {
        return new ApiException(405, "method_not_allowed", method + " is not supported on " + path, null);
    }
}
