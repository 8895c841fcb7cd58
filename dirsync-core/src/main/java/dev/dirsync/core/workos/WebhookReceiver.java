package dev.dirsync.core.workos;

import dev.dirsync.core.outcome.Outcome;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The WorkOS webhook intake: verifies the raw body against {@code WorkOS-Signature}, then translates and takes
 * the event. The servlet adapter passes the exact bytes it read and answers with {@link WebhookResult#httpStatus()}.
 */
public final class WebhookReceiver {
    /** The header WorkOS signs deliveries with. */
    public static final String SIGNATURE_HEADER = "WorkOS-Signature";

    private static final Logger log = LoggerFactory.getLogger(WebhookReceiver.class);

    private final WebhookVerifier verifier;
    private final EventIntake intake;
    private final Clock clock;
    // Counted in memory, per instance: persisting on every unauthenticated request would let anyone make the
    // database write at will. Health reports these as "since this instance started".
    private final AtomicLong signatureFailures = new AtomicLong();
    private final AtomicReference<@Nullable Instant> lastSignatureFailure = new AtomicReference<>();

    WebhookReceiver(WebhookVerifier verifier, EventIntake intake, Clock clock) {
        this.verifier = verifier;
        this.intake = intake;
        this.clock = clock;
    }

    /** Handles one delivery: {@code body} exactly as received, {@code signatureHeader} may be null. */
    public WebhookResult receive(byte[] body, @Nullable String signatureHeader) {
        WebhookVerifier.Check check = verifier.verify(body, signatureHeader);
        if (check instanceof WebhookVerifier.Check.Invalid bad) {
            signatureFailures.incrementAndGet();
            lastSignatureFailure.set(clock.instant());
            log.warn("WorkOS webhook refused ({}): {}. If every delivery fails, check the signing secret "
                    + "configured for dirsync against the WorkOS Dashboard.", bad.reason(), bad.message());
            return new WebhookResult.Unauthorized(bad.reason(), bad.message());
        }
        String payload = ((WebhookVerifier.Check.Valid) check).payload();
        Map<String, Object> envelope;
        try {
            envelope = Json.parseObject(payload);
        } catch (IllegalArgumentException e) {
            return new WebhookResult.Unprocessable("(unknown)", "signed body is not a JSON object");
        }
        String eventId = String.valueOf(envelope.getOrDefault("id", "(no id)"));
        EventIntake.Result r;
        try {
            r = intake.take(envelope);
        } catch (RuntimeException e) {
            log.error("WorkOS event {} could not be stored; answering 503 so WorkOS delivers it again", eventId, e);
            return new WebhookResult.Failed(eventId, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        if (r instanceof EventIntake.Result.Taken t) {
            if (t.outcome() instanceof Outcome.Rejected rej) {
                return new WebhookResult.Unprocessable(t.eventId(), rej.reason());
            }
            return new WebhookResult.Accepted(t.eventId(), t.type(), t.outcome());
        } else if (r instanceof EventIntake.Result.Skipped s) {
            return new WebhookResult.Ignored(s.eventId(), s.type(), s.reason());
        } else if (r instanceof EventIntake.Result.Held h) {
            return new WebhookResult.Held(h.eventId(), h.workosOrganizationId());
        } else if (r instanceof EventIntake.Result.Invalid inv) {
            return new WebhookResult.Unprocessable(inv.eventId(), inv.reason());
        }
        throw new IllegalStateException("unhandled EventIntake.Result subtype " + r.getClass().getName());
    }

    /** Signature failures since this instance started. */
    public long signatureFailures() {
        return signatureFailures.get();
    }

    public @Nullable Instant lastSignatureFailureAt() {
        return lastSignatureFailure.get();
    }
}
