package dev.dirsync.core.spi;

import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.outcome.Outcome;

import java.time.Duration;

/**
 * Observes every source event dirsync took and what became of it, after its transaction committed: for metrics and
 * tracing. Every source reports: WorkOS webhooks and Events API, each event of a direct SCIM write, bulk-import
 * pages. A write that fails or is refused (a SCIM request the computation rejects) is no outcome and reports
 * nothing. Events computed and projected together (one SCIM request) are reported one by one, the projection's
 * changes with the first. Must be fast and must not throw (a failure is logged and ignored).
 */
@FunctionalInterface
public interface OutcomeListener {

    /** @param elapsed time spent taking the event: ledger, mirror, projection and the host's SPI calls */
    void onOutcome(SourceEvent event, Outcome outcome, Duration elapsed);

    OutcomeListener NONE = (event, outcome, elapsed) -> { };
}
