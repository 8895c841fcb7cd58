package dev.dirsync.core.workos;

import org.jspecify.annotations.Nullable;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of the WorkOS source. Immutable; {@code WorkosConfig.builder()...build()}. The
 * {@code DEFAULT_*} constants are the documented defaults (the Spring Boot properties reuse them).
 */
public final class WorkosConfig {
    /** WorkOS's production API. */
    public static final URI DEFAULT_API_BASE_URL = URI.create("https://api.workos.com");
    public static final Duration DEFAULT_SIGNATURE_TOLERANCE = WebhookVerifier.DEFAULT_TOLERANCE;
    /** How often a host should call {@link EventsPoller#pollOnce()} when it polls instead of taking webhooks. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(30);
    /** WorkOS's maximum page size for list endpoints. */
    public static final int DEFAULT_PAGE_SIZE = 100;
    /** Pages one {@code pollOnce()} reads at most, so one call stays short. */
    public static final int DEFAULT_MAX_PAGES_PER_POLL = 20;
    /** A directory with no event for this long is reported stale (quiet weekends should not alert). */
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofDays(7);
    /** Retries workos-java makes on 429 (honoring Retry-After) and 5xx before a call fails. */
    public static final int DEFAULT_MAX_RETRIES = 3;
    public static final Duration DEFAULT_RETRY_BASE_DELAY = Duration.ofMillis(500);
    public static final Duration DEFAULT_RETRY_MAX_DELAY = Duration.ofSeconds(30);
    /** Failed attempts to apply a stored delivery before it is parked (intake {@link WebhookIntake#INBOX}). */
    public static final int DEFAULT_INBOX_MAX_ATTEMPTS = 8;
    /** Wait after a stored delivery's first failed attempt; doubled after each further one. */
    public static final Duration DEFAULT_INBOX_RETRY_BASE_DELAY = Duration.ofSeconds(10);
    public static final Duration DEFAULT_INBOX_RETRY_MAX_DELAY = Duration.ofMinutes(15);

    private final @Nullable String apiKey;
    private final URI apiBaseUrl;
    private final List<String> webhookSecrets;
    private final Duration signatureTolerance;
    private final Duration pollInterval;
    private final int pageSize;
    private final int maxPagesPerPoll;
    private final Duration staleAfter;
    private final int maxRetries;
    private final Duration retryBaseDelay;
    private final Duration retryMaxDelay;
    private final Clock clock;
    private final WebhookIntake intake;
    private final java.util.concurrent.@Nullable Executor inboxAppliers;
    private final int inboxMaxAttempts;
    private final Duration inboxRetryBaseDelay;
    private final Duration inboxRetryMaxDelay;

    private WorkosConfig(Builder b) {
        this.intake = b.intake;
        this.inboxAppliers = b.inboxAppliers;
        this.inboxMaxAttempts = b.inboxMaxAttempts;
        this.inboxRetryBaseDelay = b.inboxRetryBaseDelay;
        this.inboxRetryMaxDelay = b.inboxRetryMaxDelay;
        this.apiKey = b.apiKey;
        this.apiBaseUrl = b.apiBaseUrl;
        this.webhookSecrets = List.copyOf(b.webhookSecrets);
        this.signatureTolerance = b.signatureTolerance;
        this.pollInterval = b.pollInterval;
        this.pageSize = b.pageSize;
        this.maxPagesPerPoll = b.maxPagesPerPoll;
        this.staleAfter = b.staleAfter;
        this.maxRetries = b.maxRetries;
        this.retryBaseDelay = b.retryBaseDelay;
        this.retryMaxDelay = b.retryMaxDelay;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    public @Nullable String apiKey() { return apiKey; }
    public URI apiBaseUrl() { return apiBaseUrl; }
    public List<String> webhookSecrets() { return webhookSecrets; }
    public Duration signatureTolerance() { return signatureTolerance; }
    public Duration pollInterval() { return pollInterval; }
    public int pageSize() { return pageSize; }
    public int maxPagesPerPoll() { return maxPagesPerPoll; }
    public Duration staleAfter() { return staleAfter; }
    public int maxRetries() { return maxRetries; }
    public Duration retryBaseDelay() { return retryBaseDelay; }
    public Duration retryMaxDelay() { return retryMaxDelay; }
    public Clock clock() { return clock; }
    public WebhookIntake intake() { return intake; }
    /** Where the inbox applies stored deliveries; set with intake {@link WebhookIntake#INBOX}. */
    public java.util.concurrent.@Nullable Executor inboxAppliers() { return inboxAppliers; }
    public int inboxMaxAttempts() { return inboxMaxAttempts; }
    public Duration inboxRetryBaseDelay() { return inboxRetryBaseDelay; }
    public Duration inboxRetryMaxDelay() { return inboxRetryMaxDelay; }

    /** Builds a {@link WorkosConfig}; an API key is needed for everything but webhooks, a secret for webhooks. */
    public static final class Builder {
        private @Nullable String apiKey;
        private URI apiBaseUrl = DEFAULT_API_BASE_URL;
        private final List<String> webhookSecrets = new ArrayList<>();
        private Duration signatureTolerance = DEFAULT_SIGNATURE_TOLERANCE;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private int pageSize = DEFAULT_PAGE_SIZE;
        private int maxPagesPerPoll = DEFAULT_MAX_PAGES_PER_POLL;
        private Duration staleAfter = DEFAULT_STALE_AFTER;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private Duration retryBaseDelay = DEFAULT_RETRY_BASE_DELAY;
        private Duration retryMaxDelay = DEFAULT_RETRY_MAX_DELAY;
        private Clock clock = Clock.systemUTC();
        private WebhookIntake intake = WebhookIntake.INLINE;
        private java.util.concurrent.@Nullable Executor inboxAppliers;
        private int inboxMaxAttempts = DEFAULT_INBOX_MAX_ATTEMPTS;
        private Duration inboxRetryBaseDelay = DEFAULT_INBOX_RETRY_BASE_DELAY;
        private Duration inboxRetryMaxDelay = DEFAULT_INBOX_RETRY_MAX_DELAY;

        private Builder() {
        }

        /** WorkOS secret API key ({@code sk_...}); needed for polling, imports, setup and health. */
        public Builder apiKey(String v) { this.apiKey = requireText(v, "apiKey"); return this; }

        /** Default {@link #DEFAULT_API_BASE_URL}; tests point it at a local stand-in. */
        public Builder apiBaseUrl(URI v) { this.apiBaseUrl = Objects.requireNonNull(v); return this; }

        /** Webhook signing secret; call twice while rotating (current first, the old one second). */
        public Builder webhookSecret(String v) { this.webhookSecrets.add(requireText(v, "webhookSecret")); return this; }

        /** Default {@link #DEFAULT_SIGNATURE_TOLERANCE}; at most {@link WebhookVerifier#MAX_TOLERANCE}. */
        public Builder signatureTolerance(Duration v) { this.signatureTolerance = WebhookVerifier.requireTolerance(v); return this; }

        public Builder pollInterval(Duration v) { this.pollInterval = positive(v, "pollInterval"); return this; }

        /** Page size for list calls, 1 to 100. */
        public Builder pageSize(int v) {
            if (v < 1 || v > 100) {
                throw new IllegalArgumentException("pageSize must be 1..100 (WorkOS's limit), got " + v);
            }
            this.pageSize = v;
            return this;
        }

        public Builder maxPagesPerPoll(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("maxPagesPerPoll must be at least 1, got " + v);
            }
            this.maxPagesPerPoll = v;
            return this;
        }

        public Builder staleAfter(Duration v) { this.staleAfter = positive(v, "staleAfter"); return this; }

        /** Retries on 429 / 5xx inside workos-java, each waiting Retry-After or an exponential back-off. */
        public Builder retries(int maxRetries, Duration baseDelay, Duration maxDelay) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must not be negative, got " + maxRetries);
            }
            this.maxRetries = maxRetries;
            this.retryBaseDelay = Objects.requireNonNull(baseDelay);
            this.retryMaxDelay = Objects.requireNonNull(maxDelay);
            return this;
        }

        public Builder clock(Clock v) { this.clock = Objects.requireNonNull(v); return this; }

        /** Default {@link WebhookIntake#INLINE}; {@link #inbox} switches to {@link WebhookIntake#INBOX}. */
        public Builder intake(WebhookIntake v) { this.intake = Objects.requireNonNull(v); return this; }

        /**
         * Intake {@link WebhookIntake#INBOX}: deliveries are stored and answered, then applied on {@code appliers}
         * (the host's threads: dirsync's core starts none; one or two suffice, an organization is applied by one
         * at a time). The host also calls {@link WebhookInbox#drainDue()} at start and every few seconds, for
         * deliveries left by a crash and retries due after a backoff.
         */
        public Builder inbox(java.util.concurrent.Executor appliers) {
            this.inboxAppliers = Objects.requireNonNull(appliers, "appliers");
            this.intake = WebhookIntake.INBOX;
            return this;
        }

        /** A stored delivery that fails is tried again after {@code baseDelay}, doubling up to {@code maxDelay},
         *  and parked after {@code maxAttempts} failed attempts. */
        public Builder inboxRetries(int maxAttempts, Duration baseDelay, Duration maxDelay) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("inbox maxAttempts must be at least 1, got " + maxAttempts);
            }
            this.inboxMaxAttempts = maxAttempts;
            this.inboxRetryBaseDelay = positive(baseDelay, "inbox retry baseDelay");
            this.inboxRetryMaxDelay = positive(maxDelay, "inbox retry maxDelay");
            return this;
        }

        public WorkosConfig build() {
            if (webhookSecrets.size() > 2) {
                throw new IllegalStateException("At most two webhook secrets may be active (the current one and "
                        + "the one being rotated out); got " + webhookSecrets.size());
            }
            if (intake == WebhookIntake.INBOX && inboxAppliers == null) {
                throw new IllegalStateException("Webhook intake 'inbox' needs threads to apply stored deliveries: "
                        + "pass an Executor to WorkosConfig.builder().inbox(executor), or keep intake 'inline'");
            }
            return new WorkosConfig(this);
        }

        private static String requireText(String v, String name) {
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return v;
        }

        private static Duration positive(Duration v, String name) {
            if (v == null || v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, got " + v);
            }
            return v;
        }
    }
}
