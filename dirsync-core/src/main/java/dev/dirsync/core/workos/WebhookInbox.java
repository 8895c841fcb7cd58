package dev.dirsync.core.workos;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.InboxDrain;
import dev.dirsync.core.RouteChanged;
import dev.dirsync.core.outcome.Outcome;
import dev.dirsync.core.policy.SensitiveAttributeFilter;
import dev.dirsync.core.state.InboxDepth;
import dev.dirsync.core.state.InboxEntry;
import dev.dirsync.core.state.InboxStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The WorkOS webhook inbox (intake {@link WebhookIntake#INBOX}): a verified delivery is stored with one insert and
 * answered; right after, an applier thread of this instance drains its organization's inbox through the engine,
 * up to {@link #BATCH} events per transaction, removing each entry in the transaction that applied it. Exactly once
 * in effect: an entry is applied and removed together or not at all, the ledger drops a redelivery, and entries are
 * read under the organization's row lock, so two instances draining one organization take each entry once. A
 * crash between the answer and the apply leaves the entry stored: {@link #drainDue()} (at start and on a schedule)
 * wakes every organization with due entries. An entry that fails is retried with backoff and parked after
 * {@link WorkosConfig#inboxMaxAttempts()} failures, visible in {@link #depths()} until {@link #retryParked}.
 */
public final class WebhookInbox {
    /** Events applied per transaction: the engine's group-commit size. */
    public static final int BATCH = 32;
    /** Organizations one {@link #drainDue()} wakes at most; the next sweep wakes the rest. */
    static final int SWEEP_LIMIT = 1_000;

    private static final Logger log = LoggerFactory.getLogger(WebhookInbox.class);

    private final DirectorySync sync;
    private final EventIntake intake;
    private final Executor appliers;
    private final Clock clock;
    private final int maxAttempts;
    private final Duration retryBaseDelay;
    private final Duration retryMaxDelay;
    // organizations with a drain queued or running on this instance, and those woken since it last looked
    private final Set<String> scheduled = ConcurrentHashMap.newKeySet();
    private final Set<String> woken = ConcurrentHashMap.newKeySet();

    WebhookInbox(DirectorySync sync, EventIntake intake, WorkosConfig config) {
        this.sync = sync;
        this.intake = intake;
        this.appliers = java.util.Objects.requireNonNull(config.inboxAppliers(), "inbox appliers");
        this.clock = config.clock();
        this.maxAttempts = config.inboxMaxAttempts();
        this.retryBaseDelay = config.inboxRetryBaseDelay();
        this.retryMaxDelay = config.inboxRetryMaxDelay();
    }

    /** Stores a translated delivery (one insert) and wakes its organization's applier; false if stored already. */
    boolean store(String eventId, String organizationId, String payload) {
        boolean stored = sync.inbox(i -> i.add(InboxEntry.received(eventId, organizationId, payload,
                clock.instant())));
        wake(organizationId);
        return stored;
    }

    /** Has the organization's due entries applied on an applier thread, at once, unless one is on it already. */
    public void wake(String organizationId) {
        woken.add(organizationId);
        if (!scheduled.add(organizationId)) {
            return; // the running drain sees it woken and goes round again
        }
        try {
            appliers.execute(() -> run(organizationId));
        } catch (RejectedExecutionException e) {
            scheduled.remove(organizationId);
            log.warn("WorkOS webhook inbox: no applier thread took organization {} ({}); the next sweep does",
                    organizationId, e.getMessage());
        }
    }

    private void run(String organizationId) {
        try {
            while (woken.remove(organizationId)) {
                drain(organizationId);
            }
        } catch (RuntimeException e) {
            log.warn("WorkOS webhook inbox of organization {} could not be applied now; the next sweep retries: {}",
                    organizationId, SensitiveAttributeFilter.redact(String.valueOf(e.getMessage())));
        } finally {
            scheduled.remove(organizationId);
            if (woken.contains(organizationId)) { // woken between its last look and leaving: not lost
                wake(organizationId);
            }
        }
    }

    /**
     * Applies the organization's due entries on this thread until none is due, {@link #BATCH} per transaction;
     * failed ones are scheduled for a retry or parked. Returns how many entries were taken (applied, dropped or
     * failed).
     */
    public int drain(String organizationId) {
        int taken = 0;
        while (!Thread.currentThread().isInterrupted()) { // stopping: what is left stays stored for the next start
            List<InboxDrain.Taken> batch = sync.drainInbox(organizationId, BATCH, intake::routed);
            if (batch.isEmpty()) {
                return taken;
            }
            for (InboxDrain.Taken t : batch) {
                if (t.failed()) {
                    failed(t);
                }
            }
            taken += batch.size();
        }
        return taken;
    }

    private void failed(InboxDrain.Taken t) {
        InboxEntry e = t.entry();
        int attempts = e.attempts() + 1;
        String error;
        if (t.failure() != null) {
            error = t.failure().getClass().getSimpleName() + ": "
                    + SensitiveAttributeFilter.redact(String.valueOf(t.failure().getMessage()));
            if (t.failure() instanceof RouteChanged) {
                intake.forgetRoute(e.payload());
            }
        } else {
            error = "refused: " + ((Outcome.Rejected) java.util.Objects.requireNonNull(t.outcome())).reason();
        }
        Instant now = clock.instant();
        if (attempts >= maxAttempts) {
            sync.inbox(i -> {
                i.park(e.eventId(), attempts, now, error);
                return null;
            });
            log.error("WorkOS event {} of organization {} failed {} times and is parked (kept, no longer retried; "
                    + "retry it with WebhookInbox.retryParked or the admin API once the cause is fixed): {}",
                    e.eventId(), e.organizationId(), attempts, error);
        } else {
            Instant next = now.plus(backoff(attempts));
            sync.inbox(i -> {
                i.retryLater(e.eventId(), attempts, next, error);
                return null;
            });
            log.warn("WorkOS event {} of organization {} failed (attempt {} of {}), retried at {}: {}",
                    e.eventId(), e.organizationId(), attempts, maxAttempts, next, error);
        }
    }

    /** Wait after the {@code attempts}-th failure: the base delay, doubling, capped. */
    Duration backoff(int attempts) {
        Duration d = retryBaseDelay;
        for (int i = 1; i < attempts && d.compareTo(retryMaxDelay) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(retryMaxDelay) > 0 ? retryMaxDelay : d;
    }

    /**
     * Wakes every organization with due entries: call at start (entries a crash left between answer and apply)
     * and every few seconds (retries due after their backoff). Returns how many organizations it woke.
     */
    public int drainDue() {
        List<String> due = sync.inbox(i -> i.organizationsDue(clock.instant(), SWEEP_LIMIT));
        due.forEach(this::wake);
        return due.size();
    }

    /** What each organization's inbox holds: waiting and parked entries, and the oldest's arrival. */
    public List<InboxDepth> depths() {
        return sync.inbox(InboxStore::depths);
    }

    /** The organization's parked entries, oldest first (at most {@code limit}), with why they last failed. */
    public List<InboxEntry> parked(String organizationId, int limit) {
        return sync.inbox(i -> i.parked(organizationId, limit));
    }

    /** Makes the organization's parked entries due again and wakes it; returns how many. */
    public int retryParked(String organizationId) {
        int n = sync.inbox(i -> i.unpark(organizationId, clock.instant()));
        if (n > 0) {
            wake(organizationId);
        }
        return n;
    }
}
