package dev.dirsync.core.workos;

import com.workos.common.exceptions.WorkOSException;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.outcome.Outcome;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads Directory Sync events from the WorkOS Events API ({@code GET /events}), the alternative to webhooks.
 * The cursor (the id of the last event taken) is kept in the state store and advanced only after its events
 * were taken, so a crash re-reads at most one page, whose events the ledger then treats as duplicates.
 * Starts no thread: call {@link #pollOnce()} from the host's scheduler, or hand {@link #scheduleOn} one.
 */
public final class EventsPoller {
    /** Checkpoint holding the Events API cursor. */
    static final String CURSOR = "workos.events.after";

    private static final Logger log = LoggerFactory.getLogger(EventsPoller.class);

    private final Api api;
    private final EventIntake intake;
    private final DirectorySync sync;
    private final WorkosConfig config;

    EventsPoller(Api api, EventIntake intake, DirectorySync sync, WorkosConfig config) {
        this.api = api;
        this.intake = intake;
        this.sync = sync;
        this.config = config;
    }

    /**
     * What one poll did.
     *
     * @param taken events the engine took (applied, duplicate, stale, held by pause, previewed)
     * @param skipped events acknowledged without effect (other types, unlinked organizations, unreadable)
     * @param held {@code dsync.activated} events kept until their WorkOS organization is linked
     * @param caughtUp true if the Events API had nothing more after the cursor
     * @param failure why the poll stopped early (the cursor stays before the failed event), or null
     */
    public record PollSummary(int pages, int fetched, int taken, int duplicates, int skipped, int held,
                              @Nullable String cursor, boolean caughtUp, @Nullable String failure) {
    }

    /** Reads events after the stored cursor, up to {@code maxPagesPerPoll} pages, and takes them in order. */
    public PollSummary pollOnce() {
        String cursor = cursor().orElse(null);
        int pages = 0;
        int fetched = 0;
        int taken = 0;
        int duplicates = 0;
        int skipped = 0;
        int held = 0;
        while (pages < config.maxPagesPerPoll()) {
            Api.EventsPage page;
            try {
                page = api.listEvents(EventTranslator.DSYNC_EVENT_TYPES, cursor, config.pageSize());
            } catch (WorkOSException e) {
                return new PollSummary(pages, fetched, taken, duplicates, skipped, held, cursor, false,
                        "Events API call failed (" + e.status + "): " + e.getMessage());
            }
            pages++;
            String settled = cursor;
            String failure = null;
            for (Map<String, Object> e : page.events()) {
                fetched++;
                String id = Json.str(e, "id");
                EventIntake.Result r;
                try {
                    r = intake.take(e);
                } catch (RuntimeException ex) {
                    log.error("WorkOS event {} could not be stored; the next poll retries it", id, ex);
                    failure = "event " + id + ": " + ex;
                    break;
                }
                if (r instanceof EventIntake.Result.Taken t) {
                    if (t.outcome() instanceof Outcome.Rejected rej) {
                        // a retry cannot change this; stopping here would stall every organization behind it
                        log.warn("WorkOS event {} refused by dirsync and skipped: {}", t.eventId(), rej.reason());
                        skipped++;
                    } else {
                        taken++;
                        if (t.outcome() instanceof Outcome.Duplicate) {
                            duplicates++;
                        }
                    }
                } else if (r instanceof EventIntake.Result.Held) {
                    held++;
                } else if (r instanceof EventIntake.Result.Skipped || r instanceof EventIntake.Result.Invalid) {
                    skipped++;
                } else {
                    throw new IllegalStateException("unhandled EventIntake.Result subtype " + r.getClass().getName());
                }
                settled = id != null ? id : settled;
            }
            if (settled != null && !settled.equals(cursor)) {
                String next = settled;
                sync.checkpoints(cp -> {
                    cp.put(CURSOR, next);
                    return null;
                });
                cursor = next;
            }
            if (failure != null) {
                return new PollSummary(pages, fetched, taken, duplicates, skipped, held, cursor, false, failure);
            }
            if (page.events().isEmpty() || page.after() == null) {
                return new PollSummary(pages, fetched, taken, duplicates, skipped, held, cursor, true, null);
            }
        }
        return new PollSummary(pages, fetched, taken, duplicates, skipped, held, cursor, false, null);
    }

    /** The stored cursor: id of the last event taken, or empty before the first poll. */
    public Optional<String> cursor() {
        return sync.checkpoints(cp -> cp.get(CURSOR));
    }

    public Duration interval() {
        return config.pollInterval();
    }

    /** {@link #pollOnce()} as a task that logs instead of throwing, so a scheduler keeps running it. */
    public Runnable asTask() {
        return () -> {
            try {
                PollSummary s = pollOnce();
                if (s.failure() != null) {
                    log.warn("WorkOS Events API poll stopped early: {}", s.failure());
                } else if (s.fetched() > 0) {
                    log.info("WorkOS Events API poll: {}", s);
                }
            } catch (RuntimeException e) {
                log.error("WorkOS Events API poll failed; the next run retries from the stored cursor", e);
            }
        };
    }

    /** Schedules {@link #asTask()} on the host's executor every {@link #interval()} (fixed delay). */
    public ScheduledFuture<?> scheduleOn(ScheduledExecutorService executor) {
        long ms = config.pollInterval().toMillis();
        return executor.scheduleWithFixedDelay(asTask(), 0, ms, TimeUnit.MILLISECONDS);
    }
}
