package dev.dirsync.core.spi;

import org.jspecify.annotations.Nullable;

import java.security.Principal;
import java.util.Objects;
import java.util.function.Function;

/**
 * An admin request as {@link AdminAccess} sees it, free of any web framework type.
 *
 * @param organizationId the organization the request acts on, or null for cross-organization calls
 * @param principal the authenticated caller as the container knows it, or null
 * @param header reads a request header (null if absent)
 * @param attribute reads a request attribute the host's filters set (null if absent)
 */
public record AdminRequest(String method, String path, @Nullable String organizationId, @Nullable Principal principal,
                           Function<String, @Nullable String> header, Function<String, @Nullable Object> attribute) {
    public AdminRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(attribute, "attribute");
    }

    /** True for methods that change something. */
    public boolean isWrite() {
        return !("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method));
    }
}
