package dev.dirsync.servlet;

import dev.dirsync.core.workos.WebhookReceiver;
import dev.dirsync.core.workos.WebhookResult;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/webhooks/workos}: reads the exact raw body (bounded), verifies and takes it through the
 * WorkOS source, and answers with the status WorkOS acts on: 2xx once durably recorded (duplicates too),
 * 401 for a bad or stale signature, 413 past the size limit, 429/503 with Retry-After when a retry will do.
 */
public final class WorkosWebhookServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(WorkosWebhookServlet.class);
    /** Default body limit: WorkOS events are a few KB; 1 MB leaves room for large custom attributes. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    static final String RATE_KEY = "workos-webhook";

    private final transient WebhookReceiver receiver;
    private final transient RateLimiter limiter;
    private final int maxBodyBytes;

    public WorkosWebhookServlet(WebhookReceiver receiver, RateLimiter limiter, int maxBodyBytes) {
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1024, was " + maxBodyBytes);
        }
        this.receiver = receiver;
        this.limiter = limiter;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!"POST".equals(req.getMethod())) {
            resp.setHeader("Allow", "POST");
            reply(resp, 405, Map.of("error", "method_not_allowed", "message", "WorkOS delivers webhooks with POST"));
            return;
        }
        long wait = limiter.acquire(RATE_KEY);
        if (wait > 0) {
            resp.setHeader("Retry-After", Long.toString(wait));
            reply(resp, 429, Map.of("error", "too_many_requests", "message", "over the webhook burst budget"));
            return;
        }
        if (req.getContentLengthLong() > maxBodyBytes) {
            reply(resp, 413, Map.of("error", "payload_too_large", "message", "body exceeds " + maxBodyBytes + " bytes"));
            return;
        }
        byte[] body;
        try (InputStream in = req.getInputStream()) {
            body = in.readNBytes(maxBodyBytes + 1); // the exact bytes: the signature covers them, not a re-encoding
        }
        if (body.length > maxBodyBytes) {
            reply(resp, 413, Map.of("error", "payload_too_large", "message", "body exceeds " + maxBodyBytes + " bytes"));
            return;
        }
        WebhookResult result;
        try {
            result = receiver.receive(body, req.getHeader(WebhookReceiver.SIGNATURE_HEADER));
        } catch (RuntimeException e) {
            log.error("WorkOS webhook failed unexpectedly; answering 503 so WorkOS retries", e);
            resp.setHeader("Retry-After", "10");
            reply(resp, 503, Map.of("error", "unavailable", "message", "try again"));
            return;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (result instanceof WebhookResult.Accepted a) {
            out.put("status", a.outcome().getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
            out.put("eventId", a.eventId());
        } else if (result instanceof WebhookResult.Ignored i) {
            out.put("status", "ignored");
            out.put("eventId", i.eventId());
        } else if (result instanceof WebhookResult.Held h) {
            out.put("status", "held");
            out.put("eventId", h.eventId());
        } else if (result instanceof WebhookResult.Unauthorized u) {
            out.put("error", "invalid_signature"); // the reason stays in the log: no oracle for forgers
        } else if (result instanceof WebhookResult.Unprocessable u) {
            out.put("error", "unprocessable");
            out.put("eventId", u.eventId());
            out.put("message", u.reason());
        } else if (result instanceof WebhookResult.Failed f) {
            out.put("error", "unavailable");
            out.put("eventId", f.eventId());
            resp.setHeader("Retry-After", "10");
        }
        reply(resp, result.httpStatus(), out);
    }

    private static void reply(HttpServletResponse resp, int status, Map<String, ?> body) throws IOException {
        JsonHttp.send(resp, status, body);
    }
}
