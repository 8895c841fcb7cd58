package dev.dirsync.spring.boot;

import dev.dirsync.core.state.InboxDepth;
import dev.dirsync.core.workos.WebhookInbox;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The WorkOS webhook inbox as gauges (intake 'inbox'): deliveries waiting, parked after failing, and the age of the
 * oldest, summed over organizations; a growing backlog or any parked delivery is what to alert on, since WorkOS no
 * longer sees a failure. Each read is one grouped query on the inbox table (small: it holds what is not applied yet).
 */
public final class InboxGauges {
    public static final String WAITING = "dirsync.inbox.waiting";
    public static final String PARKED = "dirsync.inbox.parked";
    public static final String OLDEST_AGE = "dirsync.inbox.oldest.age";

    public InboxGauges(MeterRegistry registry, WebhookInbox inbox, Clock clock) {
        Objects.requireNonNull(inbox, "inbox");
        Gauge.builder(WAITING, inbox, i -> i.depths().stream().mapToLong(InboxDepth::waiting).sum())
                .description("WorkOS webhook deliveries stored and not applied yet (due now or after a backoff)")
                .register(registry);
        Gauge.builder(PARKED, inbox, i -> i.depths().stream().mapToLong(InboxDepth::parked).sum())
                .description("WorkOS webhook deliveries parked after failing too often: retry them once fixed")
                .register(registry);
        Gauge.builder(OLDEST_AGE, inbox, i -> i.depths().stream().map(InboxDepth::oldestReceivedAt)
                        .filter(Objects::nonNull).min(Instant::compareTo)
                        .map(t -> Duration.between(t, clock.instant()).toMillis() / 1000.0).orElse(0.0))
                .description("Seconds since the oldest stored delivery arrived").baseUnit("seconds")
                .register(registry);
    }
}
