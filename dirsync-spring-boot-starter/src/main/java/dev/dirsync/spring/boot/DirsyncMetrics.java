package dev.dirsync.spring.boot;

import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.outcome.Outcome;
import dev.dirsync.core.spi.OutcomeListener;
import dev.dirsync.core.workos.EventsPoller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/**
 * Micrometer meters of the WorkOS intake. {@code dirsync.events} counts events by source, type and result;
 * {@code dirsync.events.processing} times a webhook from receipt to its projection applied (the engine projects
 * before answering); {@code dirsync.events.poll} times Events API polls.
 */
public final class DirsyncMetrics implements DirsyncObserver, OutcomeListener {
    public static final String EVENTS = "dirsync.events";
    /** Every event the engine took (any source: webhook, Events API, SCIM, import), by outcome. */
    public static final String OUTCOMES = "dirsync.engine.events";
    /** Time the engine spent on an event: ledger, mirror, projection and the host's SPI calls. */
    public static final String PROJECTION = "dirsync.engine.projection";
    public static final String PROCESSING = "dirsync.events.processing";
    public static final String POLL = "dirsync.events.poll";
    public static final String SOURCE_WEBHOOK = "workos_webhook";
    public static final String SOURCE_EVENTS_API = "workos_events";

    private final MeterRegistry registry;

    public DirsyncMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void webhook(String eventType, String result, int httpStatus, Duration took) {
        count(SOURCE_WEBHOOK, eventType, result, 1);
        Timer.builder(PROCESSING)
                .description("Time from receiving a WorkOS webhook to answering it, projection included")
                .tag("source", SOURCE_WEBHOOK).tag("type", eventType).tag("result", result)
                .register(registry).record(took);
    }

    @Override
    public void polled(EventsPoller.PollSummary s, Duration took) {
        // the Events API summary has counts only, no per-type split
        count(SOURCE_EVENTS_API, "all", "taken", s.taken() - s.duplicates());
        count(SOURCE_EVENTS_API, "all", "duplicate", s.duplicates());
        count(SOURCE_EVENTS_API, "all", "ignored", s.skipped());
        count(SOURCE_EVENTS_API, "all", "held", s.held());
        Timer.builder(POLL).description("Duration of one WorkOS Events API poll")
                .tag("outcome", s.failure() == null ? "ok" : "failed")
                .register(registry).record(took);
    }

    @Override
    public void onOutcome(SourceEvent event, Outcome outcome, Duration elapsed) {
        String channel = event.meta().source().channel().name().toLowerCase(java.util.Locale.ROOT);
        String type = event.getClass().getSimpleName();
        String result = outcome.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        Counter.builder(OUTCOMES).description("Events taken by the engine, by channel, event type and outcome")
                .tag("channel", channel).tag("type", type).tag("outcome", result)
                .register(registry).increment();
        Timer.builder(PROJECTION).description("Engine time per event, projection and host SPI calls included")
                .tag("channel", channel).tag("outcome", result)
                .register(registry).record(elapsed);
    }

    private void count(String source, String type, String result, long n) {
        if (n <= 0) {
            return;
        }
        Counter.builder(EVENTS).description("Directory events received, by source, event type and result")
                .tag("source", source).tag("type", type).tag("result", result)
                .register(registry).increment(n);
    }
}
