package dev.dirsync.servlet.scim;

import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import de.captaingoldfish.scim.sdk.server.endpoints.authorize.Authorization;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.read.DirectoryView;
import dev.dirsync.core.state.ScimCredential;
import org.jspecify.annotations.Nullable;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who one SCIM request acts for: the credential that authenticated it (it alone names the organization and
 * directory), the IdP's dialect, the read model of that organization, the base URL the client used and the list
 * filter dirsync parsed for it, and, for an operation of a {@code /Bulk}, the batch its creation is held in. Made by
 * the servlet for each request and
 * handed to the handlers in SCIM-SDK's per-request {@link Context}; immutable, never kept in a shared object.
 * Handlers answer through return values and {@link ScimError}s, never through flags on it.
 */
record ScimRequest(ScimCredential credential, ScimDialect dialect, DirectoryView directory, Source source,
                   String base, @Nullable ScimMatcher filter, @Nullable WriteBatch batch) implements Authorization {

    ScimRequest {
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(base, "base");
        if (!directory.organizationId().equals(credential.organizationId())) {
            throw new IllegalArgumentException("the view of " + directory.organizationId() + " for a credential of "
                    + credential.organizationId());
        }
    }

    /** @param base the SCIM base URL the client used, for {@code $ref} and {@code meta.location} */
    ScimRequest(ScimCredential credential, DirectoryView directory, String base) {
        this(credential, ScimDialect.forProvider(credential.provider()), directory,
                Source.scim(credential.provider()), base, null, null);
    }

    /** The same request with the list filter dirsync parsed and checked (SCIM-SDK does not see it). */
    ScimRequest withFilter(@Nullable ScimMatcher filter) {
        return new ScimRequest(credential, dialect, directory, source, base, filter, batch);
    }

    /**
     * The same request with its user creations held in {@code batch} (an operation of a {@code /Bulk}), or taken at
     * once (null).
     */
    ScimRequest withBatch(@Nullable WriteBatch batch) {
        return new ScimRequest(credential, dialect, directory, source, base, filter, batch);
    }

    /** The request a handler serves; SCIM-SDK hands the servlet's {@link Context} to every handler call. */
    static ScimRequest of(Context context) {
        if (context.getAuthorization() instanceof ScimRequest r) {
            return r;
        }
        throw new IllegalStateException("SCIM request without dirsync credential context");
    }

    String organizationId() {
        return credential.organizationId();
    }

    String directoryId() {
        return credential.directoryId();
    }

    @Override
    public String getClientId() {
        return credential.id();
    }

    @Override
    public Set<String> getClientRoles() {
        return Set.of();
    }

    @Override
    public boolean authenticate(Map<String, String> httpHeaders, Map<String, String> queryParams) {
        return true; // the servlet authenticated the bearer token before SCIM-SDK saw the request
    }
}
