package dev.dirsync.core.workos;

import dev.dirsync.core.outcome.Outcome;
import dev.dirsync.core.policy.SensitiveAttributeFilter;
import dev.dirsync.core.state.StateStoreUnavailableException;
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
    private final @Nullable WebhookInbox inbox;
    private final Clock clock;
    // Counted in memory, per instance: persisting on every unauthenticated request would let anyone make the
    // database write at will. Health reports these as "since this instance started".
    private final AtomicLong signatureFailures = new AtomicLong();
    private final AtomicReference<@Nullable Instant> lastSignatureFailure = new AtomicReference<>();

    WebhookReceiver(WebhookVerifier verifier, EventIntake intake, @Nullable WebhookInbox inbox, Clock clock) {
        this.verifier = verifier;
        this.intake = intake;
        this.inbox = inbox;
        this.clock = clock;
    }

    /** Handles one delivery: {@code body} exactly as received, {@code signatureHeader} may be null. */
    public WebhookResult receive(byte[] body, @Nullable String signatureHeader) {
        Checked checked = check(body, signatureHeader);
        if (checked instanceof Checked.Authentic a) {
            return take(a);
        }
        return refuse((Checked.Forged) checked, true);
    }

    /**
     * A delivery whose signature was checked. An adapter checks first (an HMAC, cheap, touching nothing), then
     * charges the right budget: a forged one its sender's address, an authentic one its organization.
     */
    public sealed interface Checked {
        /**
         * Signed by WorkOS. Only {@link #check} makes one, so {@link #take} cannot be handed an unverified body.
         */
        final class Authentic implements Checked {
            private final String payload;
            private final @Nullable Map<String, Object> envelope;
            private final String budgetKey;

            private Authentic(String payload, @Nullable Map<String, Object> envelope, String budgetKey) {
                this.payload = payload;
                this.envelope = envelope;
                this.budgetKey = budgetKey;
            }

            /**
             * Whose intake budget this delivery counts against: {@code workos-org:<id>} for the WorkOS
             * organization the event names, else {@code directory:<id>}, else {@code unattributed}. Read from
             * the signed body, so no sender can charge another organization's budget.
             */
            public String budgetKey() {
                return budgetKey;
            }

            /** The signed body's text. */
            public String payload() {
                return payload;
            }
        }

        /** Not signed with a configured secret (or stale, or not UTF-8): to refuse with 401, storing nothing. */
        record Forged(WebhookVerifier.Reason reason, String message) implements Checked {
        }
    }

    /** Step one of {@link #receive}: the signature alone. Counts, logs and stores nothing. */
    public Checked check(byte[] body, @Nullable String signatureHeader) {
        WebhookVerifier.Check check = verifier.verify(body, signatureHeader);
        if (check instanceof WebhookVerifier.Check.Invalid bad) {
            return new Checked.Forged(bad.reason(), bad.message());
        }
        String payload = ((WebhookVerifier.Check.Valid) check).payload();
        Map<String, Object> envelope;
        try {
            envelope = Json.parseObject(payload);
        } catch (IllegalArgumentException e) {
            envelope = null;
        }
        return new Checked.Authentic(payload, envelope, budgetKey(envelope));
    }

    /**
     * Refuses a forged delivery: counted for health; logged unless {@code logged} is false (an adapter that is
     * already answering a flood from one address with 429 keeps the log readable).
     */
    public WebhookResult refuse(Checked.Forged forged, boolean logged) {
        signatureFailures.incrementAndGet();
        lastSignatureFailure.set(clock.instant());
        if (logged) {
            log.warn("WorkOS webhook refused ({}): {}. If every delivery fails, check the signing "
                    + "secret configured for dirsync against the WorkOS Dashboard.", forged.reason(), forged.message());
        }
        return new WebhookResult.Unauthorized(forged.reason(), forged.message());
    }

    /** Step two of {@link #receive}: translates and takes an authentic delivery. */
    public WebhookResult take(Checked.Authentic authentic) {
        Map<String, Object> envelope = authentic.envelope;
        if (envelope == null) {
            return new WebhookResult.Unprocessable("(unknown)", "signed body is not a JSON object");
        }
        String eventId = String.valueOf(envelope.getOrDefault("id", "(no id)"));
        EventIntake.Result r;
        try {
            // intake inbox: checked as far as it can be without writing (signature, JSON, a Directory Sync event of
            // an owned organization that translates), then stored; inline: applied
            r = inbox != null ? intake.store(envelope, authentic.payload, inbox) : intake.take(envelope);
        } catch (StateStoreUnavailableException e) {
            // expected during an outage, once per delivery: one line each, not a stack trace per event of a burst
            log.warn("WorkOS event {} could not be stored, answering 503 so WorkOS delivers it again: {}", eventId,
                    SensitiveAttributeFilter.redact(String.valueOf(e.getMessage())));
            return new WebhookResult.Failed(eventId, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            log.error("WorkOS event {} could not be stored; answering 503 so WorkOS delivers it again", eventId, e);
            return new WebhookResult.Failed(eventId, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        if (r instanceof EventIntake.Result.Taken t) {
            if (t.outcome() instanceof Outcome.Rejected rej) {
                return new WebhookResult.Unprocessable(t.eventId(), rej.reason());
            }
            return new WebhookResult.Accepted(t.eventId(), t.type(), t.outcome());
        } else if (r instanceof EventIntake.Result.Skipped sk) {
            return new WebhookResult.Ignored(sk.eventId(), sk.type(), sk.reason());
        } else if (r instanceof EventIntake.Result.Held h) {
            return new WebhookResult.Held(h.eventId(), h.workosOrganizationId());
        } else if (r instanceof EventIntake.Result.Invalid inv) {
            return new WebhookResult.Unprocessable(inv.eventId(), inv.reason());
        } else if (r instanceof EventIntake.Result.Queued q) {
            return new WebhookResult.Queued(q.eventId(), q.type(), q.stored());
        }
        throw new IllegalStateException("unhandled EventIntake.Result subtype " + r.getClass().getName());
    }

    private static String budgetKey(@Nullable Map<String, Object> envelope) {
        String org = EventTranslator.workosOrganizationId(envelope);
        if (org != null) {
            return "workos-org:" + org;
        }
        String dir = EventTranslator.directoryId(envelope);
        return dir != null ? "directory:" + dir : "unattributed";
    }

    /** Signature failures since this instance started. */
    public long signatureFailures() {
        return signatureFailures.get();
    }

    public @Nullable Instant lastSignatureFailureAt() {
        return lastSignatureFailure.get();
    }
}
