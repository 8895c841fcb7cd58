package dev.dirsync.core.workos;

import com.workos.webhooks.Webhook;
import org.jspecify.annotations.Nullable;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Checks the {@code WorkOS-Signature} header ({@code t=<ms>, v1=<hex HMAC-SHA256 of t + "." + body>}) of a
 * webhook against the exact bytes received, through workos-java's {@code Webhook}, with up to two active
 * secrets so a secret can be rotated without dropping deliveries.
 *
 * <p>What workos-java's verifier does and does not do, and how this class covers the gap:
 * <ul>
 *   <li>It takes the body as a {@code String} and HMACs its UTF-8 encoding. The raw bytes are therefore
 *       decoded as strict UTF-8 here: malformed input is rejected instead of being replaced by U+FFFD,
 *       so the bytes verified are exactly the bytes received.</li>
 *   <li>It checks the timestamp against {@code Instant.now()} (the system clock, not an injectable one)
 *       before the HMAC; the tolerance is passed through.</li>
 *   <li>It reports every failure as a {@link SignatureException} distinguished only by message text, so the
 *       reason is classified here from the header itself (missing/malformed, stale, or not matching)
 *       rather than by parsing workos-java's messages.</li>
 * </ul>
 */
public final class WebhookVerifier {
    /** WorkOS's documented default: a signature older (or newer) than this is refused as a replay. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(3);
    /**
     * Longest tolerance accepted: a captured delivery can be replayed for as long as its signature is accepted,
     * so an hour covers a badly drifting clock without turning every old delivery into a valid one.
     */
    public static final Duration MAX_TOLERANCE = Duration.ofHours(1);

    private final List<String> secrets;
    private final Duration tolerance;
    private final Clock clock;
    private final Webhook webhook = new Webhook();

    /**
     * @param secrets one or two signing secrets (current first, then the one being rotated out)
     * @param clock used only to classify a failure as stale; workos-java itself checks against system time
     */
    public WebhookVerifier(List<String> secrets, Duration tolerance, Clock clock) {
        Objects.requireNonNull(tolerance, "tolerance");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.secrets = List.copyOf(secrets);
        if (this.secrets.isEmpty() || this.secrets.size() > 2 || this.secrets.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("Give one WorkOS webhook signing secret, or two while rotating "
                    + "(Dashboard > Webhooks > your endpoint > Signing secret); got " + this.secrets.size());
        }
        requireTolerance(tolerance);
        this.tolerance = tolerance;
    }

    /**
     * Checks a signature tolerance: positive and at most {@link #MAX_TOLERANCE}.
     *
     * @return the tolerance
     */
    public static Duration requireTolerance(@Nullable Duration tolerance) {
        if (tolerance == null || tolerance.isNegative() || tolerance.isZero() || tolerance.compareTo(MAX_TOLERANCE) > 0) {
            throw new IllegalArgumentException("the webhook signature tolerance must be positive and at most "
                    + MAX_TOLERANCE.toMinutes() + " minutes (a longer one lets a captured delivery be replayed for "
                    + "that long), was " + tolerance + "; the default is " + DEFAULT_TOLERANCE.toMinutes() + " minutes");
        }
        return tolerance;
    }

    /** Result of a signature check. */
    public sealed interface Check {
        /** The body is authentic; {@code payload} is its text. */
        record Valid(String payload) implements Check {
        }

        /** The request must be refused with 401; nothing of it may be stored. */
        record Invalid(Reason reason, String message) implements Check {
        }
    }

    /** Why a signature was refused. */
    public enum Reason {
        /** No {@code WorkOS-Signature} header. */
        MISSING_SIGNATURE,
        /** The header is not {@code t=<ms>, v1=<hex>}. */
        MALFORMED_SIGNATURE,
        /** The timestamp is outside the tolerance: a replay, or a badly wrong clock. */
        STALE_TIMESTAMP,
        /** The HMAC matches none of the secrets: wrong secret, or a changed body. */
        BAD_SIGNATURE,
        /** The body is not UTF-8, so it cannot be what WorkOS signed. */
        MALFORMED_BODY
    }

    public Check verify(byte[] body, @Nullable String signatureHeader) {
        Objects.requireNonNull(body, "body");
        if (signatureHeader == null || signatureHeader.isBlank()) {
            return new Check.Invalid(Reason.MISSING_SIGNATURE, "no WorkOS-Signature header");
        }
        String payload;
        try {
            payload = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return new Check.Invalid(Reason.MALFORMED_BODY, "the body is not valid UTF-8");
        }
        for (String secret : secrets) {
            try {
                webhook.verifyHeader(payload, signatureHeader, secret, tolerance.toMillis());
                return new Check.Valid(payload);
            } catch (SignatureException e) {
                // try the next secret; the reason is classified below
            }
        }
        Long t = timestamp(signatureHeader);
        if (t == null || !signatureHeader.contains("v1=")) {
            return new Check.Invalid(Reason.MALFORMED_SIGNATURE, "WorkOS-Signature is not 't=<ms>, v1=<hex>'");
        }
        long skew = Math.abs(clock.millis() - t);
        if (skew > tolerance.toMillis()) {
            return new Check.Invalid(Reason.STALE_TIMESTAMP, "signature timestamp is " + Duration.ofMillis(skew)
                    .toSeconds() + "s away from now, more than the " + tolerance.toSeconds() + "s tolerance");
        }
        return new Check.Invalid(Reason.BAD_SIGNATURE, "signature matches none of the " + secrets.size()
                + " configured signing secret(s)");
    }

    private static @Nullable Long timestamp(String header) {
        for (String part : header.split(",")) {
            String p = part.trim();
            if (p.startsWith("t=")) {
                try {
                    return Long.parseLong(p.substring(2).trim());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** Signs a payload the way WorkOS does; for tests and local tooling that simulate WorkOS deliveries. */
    public static String sign(String payload, String secret, long timestampMillis) {
        String t = Long.toString(timestampMillis);
        return "t=" + t + ", v1=" + new Webhook().createSignature(t, payload, secret);
    }
}
