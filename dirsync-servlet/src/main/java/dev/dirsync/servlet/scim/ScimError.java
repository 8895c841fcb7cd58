package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.captaingoldfish.scim.sdk.common.constants.ScimType;
import de.captaingoldfish.scim.sdk.common.exceptions.ScimException;
import de.captaingoldfish.scim.sdk.common.response.ErrorResponse;
import dev.dirsync.core.state.StateStoreUnavailableException;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * An error answered in the RFC 7644 error schema; knows how to render itself. dirsync's SCIM code throws it, and
 * SCIM-SDK's own exceptions are mapped to it at the edge ({@link #from}). It is a {@link ScimException} so that
 * SCIM-SDK, between the servlet and the handlers, passes it through unchanged (inside {@code /Bulk} answers too).
 */
class ScimError extends ScimException {
    private static final long serialVersionUID = 1L;
    static final String SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
    /** What an unexpected failure tells the client; the cause is logged, never sent. */
    static final String UNEXPECTED = "dirsync failed to process this request and logged why; try again later";
    /** Seconds a client waits before retrying while the state store is unavailable. */
    static final String RETRY_AFTER_SECONDS = "10";

    /** SCIM-SDK's field-level validation messages ({@code errors}), kept when one of its errors is mapped. */
    private final transient @Nullable JsonNode errors;

    ScimError(int status, @Nullable String scimType, String detail) {
        this(status, scimType, detail, null, Map.of(), null);
    }

    private ScimError(int status, @Nullable String scimType, String detail, @Nullable Throwable cause,
                      Map<String, String> headers, @Nullable JsonNode errors) {
        super(detail, cause, status, scimType, new LinkedHashMap<>(headers));
        this.errors = errors;
    }

    /** The state store cannot be reached: 503 with Retry-After, a retry later can succeed. */
    static ScimError unavailable(Throwable cause) {
        return new ScimError(503, null, "dirsync's database is unavailable; try again later", cause,
                Map.of("Retry-After", RETRY_AFTER_SECONDS), null);
    }

    /** A failure of dirsync's own code: 500 with a generic detail; the servlet logs the cause. */
    static ScimError unexpected(Throwable cause) {
        return new ScimError(500, null, UNEXPECTED, cause, Map.of(), null);
    }

    /**
     * Runs dirsync's own handler code. A SCIM error passes unchanged; the state store being down becomes 503;
     * anything else becomes {@link #unexpected}. So every non-SCIM failure SCIM-SDK reports was raised by SCIM-SDK
     * itself, never by dirsync, and {@link #from} can tell the two apart by type.
     */
    static <T> T guard(Supplier<T> handlerCode) {
        try {
            return handlerCode.get();
        } catch (ScimException e) {
            throw e;
        } catch (RuntimeException e) {
            throw of(e);
        }
    }

    /** A failure that escaped to the servlet, by type. */
    static ScimError of(RuntimeException e) {
        if (e instanceof ScimError s) {
            return s;
        }
        if (e instanceof StateStoreUnavailableException) {
            return unavailable(e);
        }
        if (e instanceof ScimException client && client.getStatus() >= 400 && client.getStatus() < 500) {
            // a refusal dirsync's handlers raise with SCIM-SDK's exception types (BadRequestException, ...)
            return new ScimError(client.getStatus(), client.getScimType(), client.getDetail(), client, Map.of(), null);
        }
        return unexpected(e);
    }

    /**
     * The error of a SCIM-SDK error answer, by the type of what was thrown: a {@code ScimError} of dirsync's code
     * as it was; a client error SCIM-SDK raised (BadRequestException, ResourceNotFoundException, ConflictException,
     * PreconditionFailedException, ..., also when SCIM-SDK wrapped it in an internal error on its thread pool) with
     * its status, scimType and detail; any other failure inside SCIM-SDK (it fails with e.g. a NullPointerException
     * on PATCH and filter input it does not anticipate; dirsync's own failures are always a ScimError, see
     * {@link #guard}) as 400 for the client's request.
     *
     * @param search true for a list or {@code /.search}: the client's filter or sortBy, not a value, is at fault
     */
    static ScimError from(ErrorResponse response, boolean search) {
        ScimException thrown = response.getScimException();
        Map<String, String> headers = new LinkedHashMap<>(response.getHttpHeaders());
        headers.keySet().removeIf(k -> k.equalsIgnoreCase("Content-Type"));
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof ScimError ours) {
                return ours;
            }
        }
        int status = response.getHttpStatus();
        if (status < 500) {
            return new ScimError(status, response.getScimType().orElse(null),
                    response.getDetail().orElse("the request was refused (HTTP " + status + ")"), thrown, headers,
                    response.get("errors"));
        }
        seen.clear();
        for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof ScimException client && client.getStatus() >= 400 && client.getStatus() < 500) {
                return new ScimError(client.getStatus(), client.getScimType(), client.getDetail(), client, headers,
                        null);
            }
        }
        if (status != 500) {
            return new ScimError(status, response.getScimType().orElse(null),
                    response.getDetail().orElse(UNEXPECTED), thrown, headers, null);
        }
        return new ScimError(400, search ? ScimType.RFC7644.INVALID_FILTER : ScimType.RFC7644.INVALID_VALUE,
                "the request could not be applied: check its " + (search ? "filter and sortBy"
                        : "operations, paths and values") + " against the schemas at /Schemas", thrown, headers, null);
    }

    int status() {
        return getStatus();
    }

    @Nullable String scimType() {
        return getScimType();
    }

    String detail() {
        return getDetail();
    }

    /** A failure of the service (logged with its cause) rather than a refusal of the client's request. */
    boolean isServerFault() {
        return getStatus() >= 500 && getStatus() != 503;
    }

    ObjectNode body() {
        ObjectNode n = ScimJson.MAPPER.createObjectNode();
        n.putArray("schemas").add(SCHEMA);
        n.put("status", Integer.toString(getStatus()));
        if (getScimType() != null) {
            n.put("scimType", getScimType());
        }
        n.put("detail", getDetail());
        if (errors != null && errors.isObject()) {
            n.set("errors", errors);
        }
        return n;
    }

    void write(HttpServletResponse resp) throws IOException {
        if (getResponseHeaders() != null) {
            getResponseHeaders().forEach(resp::setHeader);
        }
        ScimServlet.write(resp, getStatus(), body());
    }

    @Override
    public String toString() {
        return getStatus() + " " + (getScimType() == null ? "" : getScimType() + " ") + getDetail();
    }

    /**
     * A read-modify-write lost against a concurrent change of the same resource. The servlet runs a single request
     * again on the new state; inside {@code /Bulk} it is the operation's answer (409).
     */
    static final class LostRace extends ScimError {
        private static final long serialVersionUID = 1L;

        LostRace() {
            super(409, null, "the resource changed while this request was processed; send it again");
        }
    }
}
