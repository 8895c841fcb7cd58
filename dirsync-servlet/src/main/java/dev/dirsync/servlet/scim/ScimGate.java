package dev.dirsync.servlet.scim;

import com.fasterxml.jackson.databind.JsonNode;
import de.captaingoldfish.scim.sdk.common.constants.ScimType;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.state.ScimCredential;
import dev.dirsync.servlet.RateLimiter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who may spend what at the SCIM endpoint, before SCIM-SDK sees a request. Authentication first, limited per
 * client address: an address past its budget of failed authentications is answered 429 before its token is hashed
 * and looked up, so a flood of made-up tokens never reaches the database; a token that authenticated recently
 * (kept by hash, in memory) still gets through from such an address, so an IdP behind the same proxy as an attacker
 * is not starved. Then the credential is charged what the request costs: one per request, one per operation of a
 * {@code /Bulk}.
 */
final class ScimGate {
    private static final int MAX_KNOWN_TOKENS = 10_000;

    private final DirectorySync sync;
    private final RateLimiter perCredential;
    private final RateLimiter perAddressFailures;
    /** Hashes of tokens that authenticated on this instance, most recent last; bounded. */
    private final Map<String, Boolean> known = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_KNOWN_TOKENS;
        }
    };

    ScimGate(DirectorySync sync, ScimLimits limits) {
        this.sync = sync;
        this.perCredential = limits.perCredential();
        this.perAddressFailures = limits.perAddressFailures();
    }

    /** The request's credential; empty once it was answered 401 (no or unknown token) or 429 (address over budget). */
    Optional<ScimCredential> authenticate(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String address = req.getRemoteAddr();
        String token = bearer(req);
        long wait = perAddressFailures.waitFor(address);
        if (wait > 0 && (token == null || !wasKnown(token))) {
            tooMany(resp, wait, "too many requests with unknown SCIM tokens from this address; retry after " + wait
                    + " s with the organization's SCIM token");
            return Optional.empty();
        }
        Optional<ScimCredential> credential = token == null ? Optional.empty() : sync.authenticateScim(token);
        if (credential.isEmpty()) {
            perAddressFailures.acquire(address);
            ScimServlet.unauthenticated(resp);
            return credential;
        }
        synchronized (known) {
            known.put(hash(token), Boolean.TRUE);
        }
        return credential;
    }

    /**
     * Charges the credential with the request's cost; false once it was answered 429 (over the token's budget) or
     * 413 (a {@code /Bulk} larger than the token may ever spend at once).
     */
    boolean charge(ScimCredential credential, String method, String path, byte @Nullable [] body,
                   HttpServletResponse resp) throws IOException {
        long cost = method.equals("POST") && path.equalsIgnoreCase("/Bulk") ? operations(body) : 1;
        if (cost > perCredential.burst()) {
            new ScimError(413, null, "this /Bulk request has " + cost + " operations, more than the "
                    + perCredential.burst() + " a SCIM token may send at once; send at most " + perCredential.burst()
                    + " operations per /Bulk request").write(resp);
            return false;
        }
        long wait = perCredential.acquire("scim:" + credential.id(), cost);
        if (wait > 0) {
            tooMany(resp, wait, "too many " + (cost > 1 ? "operations" : "requests") + " for this SCIM token; retry "
                    + "after " + wait + " s");
            return false;
        }
        return true;
    }

    private boolean wasKnown(String token) {
        String hash = hash(token);
        synchronized (known) {
            return known.containsKey(hash);
        }
    }

    /** SHA-256 of a token: what this instance remembers of a token that authenticated, never the token. */
    private static String hash(String token) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    /** Operations of a {@code /Bulk} body, at least 1 (a body SCIM-SDK will refuse costs one request). */
    private static long operations(byte @Nullable [] body) {
        if (body == null || body.length == 0) {
            return 1;
        }
        try {
            JsonNode ops = ScimJson.MAPPER.readTree(body).get("Operations");
            return ops != null && ops.isArray() ? Math.max(1, ops.size()) : 1;
        } catch (IOException e) {
            return 1;
        }
    }

    private static void tooMany(HttpServletResponse resp, long wait, String detail) throws IOException {
        resp.setHeader("Retry-After", Long.toString(wait));
        new ScimError(429, ScimType.RFC7644.TOO_MANY, detail).write(resp);
    }

    private static @Nullable String bearer(HttpServletRequest req) {
        String h = req.getHeader("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return h.substring(7).trim();
    }
}
