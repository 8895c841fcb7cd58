package dev.dirsync.servlet.scim;

import de.captaingoldfish.scim.sdk.common.exceptions.ScimException;
import de.captaingoldfish.scim.sdk.server.endpoints.Context;
import de.captaingoldfish.scim.sdk.server.endpoints.authorize.Authorization;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.state.ScimCredential;

import java.util.Map;
import java.util.Set;

/**
 * The state of one SCIM request: the credential that authenticated it (it alone names the organization and
 * directory) and what the handlers report back to the servlet. Made per request, never shared.
 */
final class ScimRequest implements Authorization {
    final ScimCredential credential;
    final Source source;
    /** A read-modify-write lost against a concurrent change; the servlet runs the request again. */
    boolean conflicted;
    /** The state store is unreachable; the answer is 503 with Retry-After. */
    boolean unavailable;
    /** A user PATCH reached the handler's update (custom extension operations were applied with it). */
    boolean userPatched;

    ScimRequest(ScimCredential credential) {
        this.credential = credential;
        this.source = Source.scim(credential.provider());
    }

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

    /** A SCIM error with a status SCIM-SDK has no exception class for. */
    static final class Failure extends ScimException {
        private static final long serialVersionUID = 1L;

        Failure(String detail, int status, String scimType) {
            super(detail, null, status, scimType);
        }
    }
}
