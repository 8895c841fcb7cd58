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
 * @param scope whether an organization's admin may do this, or only the platform's operators
 */
public record AdminRequest(String method, String path, @Nullable String organizationId, @Nullable Principal principal,
                           Function<String, @Nullable String> header, Function<String, @Nullable Object> attribute,
                           Scope scope) {
    public AdminRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(scope, "scope");
    }

    /** A request whose scope follows from its organization: none means platform, one means that organization. */
    public AdminRequest(String method, String path, @Nullable String organizationId, @Nullable Principal principal,
                        Function<String, @Nullable String> header, Function<String, @Nullable Object> attribute) {
        this(method, path, organizationId, principal, header, attribute,
                organizationId == null ? Scope.PLATFORM : Scope.ORGANIZATION);
    }

    /** Who may make a request: the decision {@link AdminAccess} is asked for. */
    public enum Scope {
        /**
         * Across tenants: list every organization, create one, link one to a WorkOS organization (change its
         * binding). Decided by {@link AdminAccess#decidePlatform}, which denies unless the host says otherwise.
         */
        PLATFORM,
        /** Within {@link #organizationId()}: its settings, users, mappings, audit, SCIM tokens. {@link AdminAccess#decide}. */
        ORGANIZATION
    }

    /** True for methods that change something. */
    public boolean isWrite() {
        return !("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method));
    }
}
