package dev.dirsync.servlet;

import dev.dirsync.core.workos.WebhookReceiver;
import dev.dirsync.core.workos.WebhookResult;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/webhooks/workos}: reads the exact raw body (bounded), verifies and takes it through the
 * WorkOS source, and answers with the status WorkOS acts on: 2xx once durably recorded (duplicates too),
 * 401 for a bad or stale signature, 413 past the size limit, 429/503 with Retry-After when a retry will do.
 *
 * <p>Fair intake: the signature is checked first (an HMAC over a bounded body, touching nothing), then the
 * delivery is charged to a budget that only its own sender can spend. A forged one (no, bad or stale signature,
 * garbage) is charged to its client address ({@link HttpServletRequest#getRemoteAddr()}): past that address's
 * budget it is answered 429 and no longer logged. An authentic one is charged to the WorkOS organization (else the
 * directory) its signed body names, so one tenant's first-sync burst, or anyone's flood, never answers another
 * tenant's events with 429. Behind a reverse proxy the host must make {@code getRemoteAddr()} the client's address
 * (Jetty's {@code ForwardedRequestCustomizer}, Tomcat's {@code RemoteIpValve}, Spring Boot's
 * {@code server.forward-headers-strategy}); dirsync never reads {@code X-Forwarded-For} itself, since any
 * client can send it. Left as the proxy's address, every forged request shares one budget, which still never
 * touches authentic deliveries.
 */
public final class WorkosWebhookServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(WorkosWebhookServlet.class);
    /** Default body limit: WorkOS events are a few KB; 1 MB leaves room for large custom attributes. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    private final transient WebhookReceiver receiver;
    private final transient RateLimiter perOrganization;
    private final transient RateLimiter perAddressFailures;
    private final int maxBodyBytes;

    /** With the default budget of failed authentications per client address. */
    public WorkosWebhookServlet(WebhookReceiver receiver, RateLimiter perOrganization, int maxBodyBytes) {
        this(receiver, perOrganization, RateLimiter.failureDefaults(), maxBodyBytes);
    }

    /**
     * @param perOrganization budget of authentic deliveries, per WorkOS organization the event names
     * @param perAddressFailures budget of forged deliveries, per client address
     */
    public WorkosWebhookServlet(WebhookReceiver receiver, RateLimiter perOrganization, RateLimiter perAddressFailures,
                                int maxBodyBytes) {
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1024, was " + maxBodyBytes);
        }
        this.receiver = receiver;
        this.perOrganization = perOrganization;
        this.perAddressFailures = perAddressFailures;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("X-Content-Type-Options", "nosniff");
        if (!"POST".equals(req.getMethod())) {
            resp.setHeader("Allow", "POST");
            reply(resp, 405, Map.of("error", "method_not_allowed", "message", "WorkOS delivers webhooks with POST"));
            return;
        }
        // the exact bytes: the signature covers them, not a re-encoding
        java.util.Optional<byte[]> read = BoundedBody.read(req, maxBodyBytes);
        if (read.isEmpty()) {
            reply(resp, 413, Map.of("error", "payload_too_large", "message", "body exceeds " + maxBodyBytes + " bytes"));
            return;
        }
        byte[] body = read.get();
        WebhookReceiver.Checked checked = receiver.check(body, req.getHeader(WebhookReceiver.SIGNATURE_HEADER));
        WebhookResult result;
        if (checked instanceof WebhookReceiver.Checked.Forged forged) {
            long wait = perAddressFailures.acquire(req.getRemoteAddr());
            if (wait > 0) {
                receiver.refuse(forged, false); // counted for health, not logged: the first ones were
                tooMany(resp, wait, "too many unauthenticated requests from this address");
                return;
            }
            result = receiver.refuse(forged, true);
        } else {
            WebhookReceiver.Checked.Authentic authentic = (WebhookReceiver.Checked.Authentic) checked;
            long wait = perOrganization.acquire(authentic.budgetKey());
            if (wait > 0) {
                tooMany(resp, wait, "over this organization's webhook budget");
                return;
            }
            try {
                result = receiver.take(authentic);
            } catch (RuntimeException e) {
                log.error("WorkOS webhook failed unexpectedly; answering 503 so WorkOS retries", e);
                resp.setHeader("Retry-After", "10");
                reply(resp, 503, Map.of("error", "unavailable", "message", "try again"));
                return;
            }
        }
        Map<String, Object> out = body(result);
        if (result instanceof WebhookResult.Failed) {
            resp.setHeader("Retry-After", "10");
        }
        reply(resp, result.httpStatus(), out);
    }

    /** The JSON answer for a result; a result type nobody renders fails loudly instead of answering {}. */
    static Map<String, Object> body(WebhookResult result) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (result instanceof WebhookResult.Accepted a) {
            out.put("status", a.outcome().getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
            out.put("eventId", a.eventId());
        } else if (result instanceof WebhookResult.Queued q) {
            out.put("status", "queued"); // stored, applied next: not yet in the mirror (intake inbox)
            out.put("eventId", q.eventId());
        } else if (result instanceof WebhookResult.Ignored i) {
            out.put("status", "ignored");
            out.put("eventId", i.eventId());
        } else if (result instanceof WebhookResult.Held h) {
            out.put("status", "held");
            out.put("eventId", h.eventId());
        } else if (result instanceof WebhookResult.Unauthorized) {
            out.put("error", "invalid_signature"); // the reason stays in the log: no oracle for forgers
        } else if (result instanceof WebhookResult.Unprocessable u) {
            out.put("error", "unprocessable");
            out.put("eventId", u.eventId());
            out.put("message", u.reason());
        } else if (result instanceof WebhookResult.Failed f) {
            out.put("error", "unavailable");
            out.put("eventId", f.eventId());
        } else {
            throw new IllegalStateException("unhandled WebhookResult subtype " + result.getClass().getName()
                    + ": render it in WorkosWebhookServlet.body");
        }
        return out;
    }

    private static void tooMany(HttpServletResponse resp, long wait, String message) throws IOException {
        resp.setHeader("Retry-After", Long.toString(wait));
        reply(resp, 429, Map.of("error", "too_many_requests", "message", message));
    }

    private static void reply(HttpServletResponse resp, int status, Map<String, ?> body) throws IOException {
        JsonHttp.send(resp, status, body);
    }
}
