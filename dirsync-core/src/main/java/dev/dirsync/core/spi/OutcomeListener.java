package dev.dirsync.core.spi;

import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.outcome.Outcome;

import java.time.Duration;

/**
 * Observes every source event dirsync took and what became of it, after its transaction ended: for metrics and
 * tracing. Must be fast and must not throw (a failure is logged and ignored).
 */
@FunctionalInterface
public interface OutcomeListener {

    /** @param elapsed time spent taking the event: ledger, mirror, projection and the host's SPI calls */
    void onOutcome(SourceEvent event, Outcome outcome, Duration elapsed);

    OutcomeListener NONE = (event, outcome, elapsed) -> { };
}
