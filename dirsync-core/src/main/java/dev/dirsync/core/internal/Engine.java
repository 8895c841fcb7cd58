package dev.dirsync.core.internal;

import dev.dirsync.core.BindingConflict;
import dev.dirsync.core.CurrentMirror;
import dev.dirsync.core.RouteChanged;
import dev.dirsync.core.IssuedScimCredential;
import dev.dirsync.core.SettingsUpdate;
import dev.dirsync.core.SettingsVersionConflict;
import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.job.Job;
import dev.dirsync.core.model.SourceVersion;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.Mode;
import dev.dirsync.core.model.Organization;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.model.Projection;
import dev.dirsync.core.outcome.Change;
import dev.dirsync.core.outcome.Outcome;
import dev.dirsync.core.spi.AdminNotice;
import dev.dirsync.core.state.AppliedProjection;
import dev.dirsync.core.state.DirectoryConnection;
import dev.dirsync.core.state.MirrorUser;
import dev.dirsync.core.state.ScimCredential;
import dev.dirsync.core.state.StateStore;
import dev.dirsync.core.state.StateTransaction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The reconciliation engine: events into the mirror, mirror into host state. Used through
 * {@code DirectorySync}; public only so adapters in other packages of dirsync can reach it.
 *
 * <p><b>One write pipeline.</b> Every write (a source event, computed SCIM events, a bulk page, a settings change,
 * a re-projection batch, a purge, a SCIM credential issued or revoked, a WorkOS link) is a function of a
 * {@code Unit} (the transaction, the locked organization, what to tell afterwards) run by {@code write}, which
 * <ol>
 *   <li>waits for the organization's other writes on this instance (without holding a connection: one
 *       organization's backlog never takes the pool from the others), then locks the organization's row, so writes
 *       of one organization are serialized on every instance;</li>
 *   <li>runs the work in one state transaction; what it changes is audited through the unit's {@code Session}s
 *       (dirsync's log in the same transaction, and the host's {@code AuditSink});</li>
 *   <li>commits;</li>
 *   <li>only then dispatches the admin notices the sessions collected to the {@code Notifier} and reports every
 *       source event's outcome to the {@code OutcomeListener}: neither ever sees a change that can still roll
 *       back, and a write that throws (a refusal, a conflict, a store failure) tells them nothing.</li>
 * </ol>
 * The public methods below differ only in their work. A store may run a transaction again after a conflict it
 * can retry; each attempt gets a fresh unit, and only the attempt that committed is told about.
 */
public final class Engine {
    private static final Logger log = LoggerFactory.getLogger(Engine.class);

    private final StateStore state;
    private final Host host;
    private final Clock clock;
    private final MirrorUpdater mirrorUpdater = new MirrorUpdater();
    private final Reconciler reconciler;
    private final OrganizationGate gate = new OrganizationGate();
    private final DriftDetector drift;
    private final java.util.function.Consumer<Job> submit;
    private final boolean inlineJobs;

    public Engine(StateStore state, Host host, Clock clock) {
        this(state, host, clock, null, true);
    }

    /**
     * {@code submit} hands a committed job to the host's scheduler; with {@code inlineJobs} (or no
     * {@code submit}) the engine runs jobs itself on the caller's thread and returns their changes.
     */
    public Engine(StateStore state, Host host, Clock clock, java.util.function.@Nullable Consumer<Job> submit,
                  boolean inlineJobs) {
        this.state = state;
        this.host = host;
        this.clock = clock;
        this.reconciler = new Reconciler(host);
        this.drift = new DriftDetector(reconciler, host);
        this.inlineJobs = inlineJobs || submit == null;
        this.submit = submit == null ? j -> { } : submit;
    }

    // ------------------------------------------------------------ the pipeline

    /** One write's transaction: the locked organization, and what to tell the host once it committed. */
    private final class Unit {
        final StateTransaction tx;
        final Instant now;
        private final String organizationId;
        private final @Nullable Organization org;
        private final List<Session> sessions = new ArrayList<>();
        private final List<Map.Entry<SourceEvent, Outcome>> outcomes = new ArrayList<>();
        private final List<Job> jobs = new ArrayList<>();

        Unit(StateTransaction tx, String organizationId, @Nullable Organization org, Instant now) {
            this.tx = tx;
            this.organizationId = organizationId;
            this.org = org;
            this.now = now;
        }

        /** False if the organization does not exist: source events are then rejected, other writes fail. */
        boolean known() {
            return org != null;
        }

        /** The locked organization as it was when the write began. */
        Organization org() {
            if (org == null) {
                throw unknownOrganization(organizationId);
            }
            return org;
        }

        /** Work on behalf of {@code actor}, caused by {@code eventId} if any; audits and collects notices. */
        Session session(String actor, @Nullable String eventId) {
            Session s = new Session(tx, org(), actor, eventId, now, host);
            sessions.add(s);
            return s;
        }

        /**
         * Records a job in this transaction, to be started once it committed. A new re-projection supersedes the
         * organization's unfinished ones: it walks every user with the newest settings anyway.
         */
        Job startJob(Job.Kind kind, long total, @Nullable String directoryId, @Nullable String groupId,
                     @Nullable SourceVersion version, String actor, @Nullable String eventId) {
            if (kind == Job.Kind.REPROJECT) {
                for (Job old : tx.jobs().list(organizationId, 100)) {
                    if (old.kind() == Job.Kind.REPROJECT && !old.finished()) {
                        tx.jobs().update(old.ended(Job.Status.SUPERSEDED, null, now));
                    }
                }
            }
            Job job = Job.queued("job_" + java.util.UUID.randomUUID().toString().replace("-", ""), organizationId,
                    kind, total, directoryId, groupId, version, actor, eventId, now);
            tx.jobs().insert(job);
            jobs.add(job);
            return job;
        }

        /** What became of a source event, for the {@code OutcomeListener} after commit. */
        void report(SourceEvent event, Outcome outcome) {
            outcomes.add(Map.entry(event, outcome));
        }
    }

    /**
     * The write pipeline: lock the organization, run {@code work} in one transaction, commit, then notify and
     * report (see the class comment).
     */
    private <T> T write(String organizationId, Function<Unit, T> work) {
        return writeStarting(organizationId, work).result();
    }

    /** A write's result, the jobs it handed to the scheduler, and what the jobs it ran itself changed. */
    private record Written<T>(T result, List<Job> submitted, List<Change> jobChanges) {
    }

    /** {@link #write}, then starts the jobs the write recorded: inline, or handed to the scheduler. */
    private <T> Written<T> writeStarting(String organizationId, Function<Unit, T> work) {
        List<Job> started = new ArrayList<>();
        T result = gate.run(organizationId, () -> writeNow(organizationId, work, started));
        List<Job> submitted = new ArrayList<>();
        List<Change> changes = start(started, submitted);
        return new Written<>(result, List.copyOf(submitted), changes);
    }

    /**
     * Starts committed jobs: one batch's work (or all of it, inline) done here and answered with its changes, the
     * rest handed to the scheduler and added to {@code submitted}. Called outside the organization's gate.
     */
    private List<Change> start(List<Job> jobs, List<Job> submitted) {
        List<Change> changes = new ArrayList<>();
        for (Job j : jobs) {
            // one batch's work is done here, as fast as a batch in the background and answered with its changes
            if (inlineJobs || j.total() <= JOB_BATCH) {
                changes.addAll(runJob(j.id()));
            } else {
                submit.accept(j);
                submitted.add(j);
            }
        }
        return changes;
    }

    private <T> T writeNow(String organizationId, Function<Unit, T> work, List<Job> startedJobs) {
        long started = System.nanoTime();
        AtomicReference<@Nullable Unit> committed = new AtomicReference<>();
        T result = state.inTransaction(tx -> {
            // microseconds, the finest time every database keeps: a time this write stores and reads back (an access
            // interval begun by one event of a batch and replaced by the next) must equal the one it holds
            Unit u = new Unit(tx, organizationId, tx.organizations().lock(organizationId).orElse(null),
                    clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
            T r = work.apply(u);
            u.sessions.forEach(Session::flushWrites); // nothing a session kept back is left out of the commit
            committed.set(u); // a retried transaction starts over with a new unit
            return r;
        });
        Unit u = Objects.requireNonNull(committed.get());
        startedJobs.addAll(u.jobs);
        u.sessions.forEach(s -> dispatch(s.notices()));
        if (!u.outcomes.isEmpty()) {
            Duration each = Duration.ofNanos((System.nanoTime() - started) / u.outcomes.size());
            u.outcomes.forEach(o -> report(o.getKey(), o.getValue(), each));
        }
        return result;
    }

    /** A write on behalf of {@code actor} that no source event caused (settings, purge, credentials...). */
    private <T> T write(String organizationId, Source actor, Function<Session, T> work) {
        return write(organizationId, u -> work.apply(u.session(actor.actor(), null)));
    }

    // ------------------------------------------------------------ source events

    /** Takes one source event: ledger, mirror, then projection per the organization's mode; one transaction. */
    public Outcome accept(SourceEvent event) {
        return accept(event, true);
    }

    /**
     * Takes one source event; with {@code project} false only the ledger and mirror change (bulk import, which
     * projects once at the end so the host never sees a half-loaded directory).
     */
    public Outcome accept(SourceEvent event, boolean project) {
        return accept(event, project, null);
    }

    /**
     * Events of one organization taken in one transaction when they arrive together (group commit): one lock and
     * one commit for up to this many events instead of one each. Bounded so a transaction stays short.
     */
    static final int GROUP_COMMIT_MAX = 32;

    /**
     * Takes one source event, batched with the organization's other writes waiting on this instance (group
     * commit): the first waiting thread leads, taking up to {@link #GROUP_COMMIT_MAX} queued events (and computed
     * writes, {@link #acceptComputedEach}) in one transaction under one lock, each with its own ledger entry,
     * audit, outcome and {@code OutcomeListener} report; every caller returns only after the transaction holding its
     * event committed. If that transaction fails, it rolled back whole, and each of its writes is taken again alone:
     * one bad event fails only itself.
     *
     * @param routed if non-null, checked against the organization read under its lock: false throws
     *               {@link RouteChanged} and takes nothing (a source that routes events from a cache re-routes)
     */
    public Outcome accept(SourceEvent event, boolean project, @Nullable Predicate<Organization> routed) {
        String organizationId = event.meta().organizationId();
        PendingEvent p = new PendingEvent(event, project, routed);
        join(organizationId, p);
        // the jobs this event started, run or handed over outside the gate (a job's batches take it themselves)
        Outcome outcome = withJobChanges(Objects.requireNonNull(p.outcome), start(p.jobs, new ArrayList<>()));
        log.debug("event {} -> {}", event.meta().eventId(), outcome);
        return outcome;
    }

    /** Queues a write for the organization's next group commit and returns once it is done; throws its failure. */
    private void join(String organizationId, Pending p) {
        gate.combine(organizationId, p, () -> p.done, GROUP_COMMIT_MAX, Pending::weight,
                batch -> takeAll(organizationId, batch));
        if (p.failure != null) {
            throw p.failure;
        }
    }

    /**
     * A write waiting for its group commit: a source event, or computations of a read-modify-write source. Written
     * and read under the organization's gate; {@link #take} may run again (a retried transaction, or the write
     * taken alone after its batch failed), so it starts over each time.
     */
    private abstract static class Pending {
        @Nullable RuntimeException failure;
        boolean done;
        /** Jobs this write started, committed with it; started by the caller's own thread. */
        final List<Job> jobs = new ArrayList<>();
        /** The ids of the events this write recorded, to hand each job to the write that started it. */
        final Set<String> eventIds = new java.util.HashSet<>();

        /** How much of a group commit's {@link #GROUP_COMMIT_MAX} this write uses. */
        abstract int weight();

        /** Takes the write within the unit; throws to roll back the whole transaction. */
        abstract void take(Unit u);
    }

    private final class PendingEvent extends Pending {
        final SourceEvent event;
        final boolean project;
        final @Nullable Predicate<Organization> routed;
        @Nullable Outcome outcome;

        PendingEvent(SourceEvent event, boolean project, @Nullable Predicate<Organization> routed) {
            this.event = event;
            this.project = project;
            this.routed = routed;
        }

        @Override
        int weight() {
            return 1;
        }

        @Override
        void take(Unit u) {
            eventIds.clear();
            eventIds.add(event.meta().eventId());
            outcome = Engine.this.take(u, event, project, routed);
            u.report(event, outcome);
        }

        @Override
        public String toString() {
            return "event " + event.meta().eventId();
        }
    }

    /** Independent computations of one organization (a SCIM write, or a {@code /Bulk}'s creations). */
    private final class PendingComputations extends Pending {
        final String organizationId;
        final List<Function<CurrentMirror, List<SourceEvent>>> computations;
        final List<java.util.Optional<Outcome>> outcomes = new ArrayList<>();
        /** The event ids each computation recorded, to give it the changes of the jobs it started. */
        final List<Set<String>> idsOf = new ArrayList<>();

        PendingComputations(String organizationId, List<Function<CurrentMirror, List<SourceEvent>>> computations) {
            this.organizationId = organizationId;
            this.computations = computations;
        }

        @Override
        int weight() {
            return computations.size();
        }

        @Override
        void take(Unit u) {
            eventIds.clear();
            outcomes.clear();
            idsOf.clear();
            for (Function<CurrentMirror, List<SourceEvent>> compute : computations) {
                List<SourceEvent> events = List.copyOf(compute.apply(new CurrentMirror(u.tx.mirror(), u.now)));
                Set<String> ids = new java.util.HashSet<>();
                events.forEach(e -> ids.add(e.meta().eventId()));
                idsOf.add(ids);
                eventIds.addAll(ids);
                outcomes.add(events.isEmpty() ? java.util.Optional.empty()
                        : java.util.Optional.of(takeComputed(u, organizationId, events)));
            }
        }

        @Override
        public String toString() {
            return computations.size() + " computed write(s)";
        }
    }

    /** Takes a batch in one transaction; if it fails, each write alone. Every write of the batch ends done. */
    private void takeAll(String organizationId, List<Pending> batch) {
        try {
            if (batch.size() > 1) {
                try {
                    List<Job> started = new ArrayList<>();
                    writeNow(organizationId, u -> {
                        batch.forEach(p -> p.take(u));
                        return null;
                    }, started);
                    for (Job j : started) {
                        for (Pending p : batch) {
                            if (p.eventIds.contains(j.eventId())) {
                                p.jobs.add(j);
                            }
                        }
                    }
                    batch.forEach(p -> p.done = true);
                    return;
                } catch (RuntimeException e) {
                    // rolled back whole: each write again on its own, so only the one that fails fails
                    log.debug("group commit of {} writes of organization {} failed; taking them one by one",
                            batch.size(), organizationId, e);
                }
            }
            for (Pending p : batch) {
                try {
                    writeNow(organizationId, u -> {
                        p.take(u);
                        return null;
                    }, p.jobs);
                } catch (RuntimeException e) {
                    p.failure = e;
                }
                p.done = true;
            }
        } finally {
            for (Pending p : batch) {
                if (!p.done) { // an Error: each waiter must still return, not wait for ever
                    p.failure = new IllegalStateException("the write of " + p + " of organization "
                            + organizationId + " did not complete");
                    p.done = true;
                }
            }
        }
    }

    /**
     * Applies up to {@code max} of an organization's due inbox entries, oldest first, in one transaction under its
     * lock: each through {@link #take} like a delivered event (ledger, mirror, projection, audit, report), and the
     * entries taken removed in the same transaction, so an entry is applied and forgotten together or not at all.
     * The entries are read under the lock, so two instances draining one organization take each entry once. If the
     * transaction fails it rolled back whole, and the entries are taken again one per transaction: the one that
     * fails comes back with its failure (and stays in the inbox), the others are applied. Jobs the events started
     * run after commit, outside the gate.
     */
    public List<dev.dirsync.core.InboxDrain.Taken> drainInbox(
            String organizationId, int max,
            Function<dev.dirsync.core.state.InboxEntry, java.util.Optional<dev.dirsync.core.InboxDrain.Routed>> translate) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        List<Job> started = new ArrayList<>();
        List<dev.dirsync.core.InboxDrain.Taken> taken = new ArrayList<>();
        try {
            taken.addAll(gate.run(organizationId, () -> writeNow(organizationId,
                    u -> takeInbox(u, max, translate, Set.of(), new ArrayList<>()), started)));
        } catch (RuntimeException batchFailed) {
            log.debug("inbox batch of organization {} failed; taking its entries one by one", organizationId,
                    batchFailed);
            started.clear();
            Set<String> failed = new java.util.HashSet<>();
            for (int i = 0; i < max; i++) {
                List<dev.dirsync.core.state.InboxEntry> attempted = new ArrayList<>();
                List<Job> one = new ArrayList<>();
                try {
                    List<dev.dirsync.core.InboxDrain.Taken> t = gate.run(organizationId, () -> writeNow(organizationId,
                            u -> takeInbox(u, 1, translate, failed, attempted), one));
                    if (t.isEmpty()) {
                        break;
                    }
                    taken.addAll(t);
                    started.addAll(one);
                } catch (RuntimeException e) {
                    if (attempted.isEmpty()) {
                        throw e; // the inbox itself could not be read: nothing was taken
                    }
                    dev.dirsync.core.state.InboxEntry entry = attempted.get(0);
                    failed.add(entry.eventId());
                    taken.add(new dev.dirsync.core.InboxDrain.Taken(entry, null, e));
                }
            }
        }
        start(started, new ArrayList<>());
        return taken;
    }

    private List<dev.dirsync.core.InboxDrain.Taken> takeInbox(
            Unit u, int max,
            Function<dev.dirsync.core.state.InboxEntry, java.util.Optional<dev.dirsync.core.InboxDrain.Routed>> translate,
            Set<String> skip, List<dev.dirsync.core.state.InboxEntry> attempted) {
        List<dev.dirsync.core.InboxDrain.Taken> out = new ArrayList<>();
        List<String> done = new ArrayList<>();
        for (dev.dirsync.core.state.InboxEntry e : u.tx.inbox().due(u.organizationId, u.now, max + skip.size())) {
            if (skip.contains(e.eventId()) || out.size() == max) {
                continue;
            }
            attempted.add(e);
            java.util.Optional<dev.dirsync.core.InboxDrain.Routed> r = translate.apply(e);
            if (r.isEmpty()) {
                done.add(e.eventId());
                out.add(new dev.dirsync.core.InboxDrain.Taken(e, null, null));
                continue;
            }
            Outcome o;
            try {
                o = take(u, r.get().event(), true, r.get().routed());
            } catch (RouteChanged changed) { // thrown before the event wrote anything: the others go on
                out.add(new dev.dirsync.core.InboxDrain.Taken(e, null, changed));
                continue;
            }
            u.report(r.get().event(), o);
            if (!(o instanceof Outcome.Rejected)) {
                done.add(e.eventId());
            }
            out.add(new dev.dirsync.core.InboxDrain.Taken(e, o, null));
        }
        if (!done.isEmpty()) {
            u.tx.inbox().remove(done);
        }
        return out;
    }

    /**
     * Computes events from the organization's current mirror and takes them in one transaction under the
     * organization's row lock, so a read-modify-write (SCIM PATCH/PUT, uniqueness checks) cannot interleave with
     * another change of the organization, on this instance or another. The events are applied to the mirror in
     * order and projected once; all or nothing. {@code compute} may throw to refuse: nothing is stored, nothing is
     * reported to the {@code OutcomeListener} (a refusal is not an outcome of an event) and the exception
     * propagates. It may run more than once if the store retries the transaction.
     *
     * <p>After commit, each computed event is reported to the {@code OutcomeListener} with the organization's
     * outcome (Applied, Previewed or HeldPaused) under its own id; the changes of the one projection are reported
     * with the first event, the others with none.
     *
     * @return the outcome, under the first event's id; Stale or Duplicate never occur (they roll back and throw)
     */
    public Outcome acceptComputed(String organizationId, Function<CurrentMirror, List<SourceEvent>> compute) {
        Written<Outcome> w = writeStarting(organizationId, u -> {
            List<SourceEvent> events = List.copyOf(compute.apply(new CurrentMirror(u.tx.mirror(), u.now)));
            if (events.isEmpty()) {
                throw new IllegalArgumentException("the computation returned no event for organization " + organizationId);
            }
            return takeComputed(u, organizationId, events);
        });
        Outcome outcome = withJobChanges(w.result(), w.jobChanges());
        log.debug("computed events of organization {} -> {}", organizationId, outcome);
        return outcome;
    }

    /**
     * Several independent computations of one organization in one write (one lock, one commit), group-committed
     * with the organization's other writes waiting on this instance (source events, other callers' computations)
     * as {@link #accept(SourceEvent, boolean, Predicate)} takes events: a SCIM {@code /Bulk} of creations, or
     * concurrent SCIM requests of one organization, cost one transaction per batch instead of one each. Each
     * computation sees the mirror as the ones before it (in this call or in the batch) left it, and is taken as
     * {@link #acceptComputed} takes one; a computation that returns no events takes nothing (its outcome is empty),
     * so a computation refuses by recording why and returning none, and the others still apply. If the batch fails,
     * it rolled back whole and each caller's computations are taken again in a transaction of their own; if that
     * fails too (a computation that throws, or a failure while applying), it rolled back and propagates: the caller
     * may then take its computations one by one. Returns only after the transaction holding them committed.
     *
     * @return one outcome per computation, in order (with the changes of the jobs it started and that ran inline);
     *         empty for a computation that returned no events
     */
    public List<java.util.Optional<Outcome>> acceptComputedEach(String organizationId,
                                                              List<Function<CurrentMirror, List<SourceEvent>>> computations) {
        if (computations.isEmpty()) {
            return List.of();
        }
        PendingComputations p = new PendingComputations(organizationId, List.copyOf(computations));
        join(organizationId, p);
        List<java.util.Optional<Outcome>> out = new ArrayList<>(p.outcomes);
        for (Job j : p.jobs) {
            List<Change> changes = start(List.of(j), new ArrayList<>());
            for (int i = 0; i < out.size(); i++) {
                if (p.idsOf.get(i).contains(j.eventId()) && out.get(i).isPresent()) {
                    out.set(i, java.util.Optional.of(withJobChanges(out.get(i).get(), changes)));
                }
            }
        }
        return out;
    }

    /** Computed events within a write: ledger, mirror in order, one projection of every affected user. */
    private Outcome takeComputed(Unit u, String organizationId, List<SourceEvent> events) {
        Organization org = u.org();
        SourceEvent first = events.get(0);
        Session s = u.session(first.meta().source().actor(), first.meta().eventId());
        Set<DirectoryUserKey> affected = new LinkedHashSet<>();
        for (SourceEvent e : events) {
            String id = e.meta().eventId();
            if (!e.meta().organizationId().equals(organizationId)) {
                throw new IllegalArgumentException("computed event " + id + " is for organization "
                        + e.meta().organizationId() + ", not " + organizationId);
            }
            // read once: the binding check and the mirror update (which records the connection's last event)
            java.util.Optional<DirectoryConnection> connection = u.tx.connections().find(org.id(), e.meta().directoryId());
            if (connectedElsewhere(u, e.meta(), connection)) {
                throw BindingConflict.directoryTaken(e.meta().directoryId());
            }
            if (!u.tx.ledger().record(org.id(), id, u.now)) {
                throw new IllegalStateException("computed event id " + id + " was taken before: give each "
                        + "computed event a fresh id");
            }
            MirrorUpdater.Result r = mirrorUpdater.apply(s, e, connection);
            if (r.staleReason() != null) {
                throw new IllegalStateException("computed event " + id + " is stale (" + r.staleReason()
                        + "): version computed events after the mirror's current versions");
            }
            affected.addAll(r.affected());
            startJob(u, s, e.meta().eventId(), r);
        }
        Mode mode = org.settings().mode();
        Outcome result = projected(s, first.meta().eventId(), affected);
        u.report(first, result);
        for (SourceEvent e : events.subList(1, events.size())) {
            u.report(e, outcome(mode, e.meta().eventId(), List.of()));
        }
        return result;
    }

    /**
     * Takes a batch of one organization's events into the mirror only, in one transaction (bulk import): one lock,
     * one commit for the batch instead of one per event. All or nothing; outcomes in the events' order.
     */
    public List<Outcome> acceptAllToMirror(String organizationId, List<SourceEvent> events) {
        for (SourceEvent e : events) {
            if (!e.meta().organizationId().equals(organizationId)) {
                throw new IllegalArgumentException("event " + e.meta().eventId() + " is for organization "
                        + e.meta().organizationId() + ", not " + organizationId + ": batch one organization at a time");
            }
        }
        return write(organizationId, u -> {
            List<Outcome> out = new ArrayList<>();
            for (SourceEvent e : events) {
                Outcome o = take(u, e, false);
                u.report(e, o);
                out.add(o);
            }
            return out;
        });
    }

    /** One source event within a write: ledger, version-guarded mirror update and, if asked, projection. */
    private Outcome take(Unit u, SourceEvent event, boolean project) {
        return take(u, event, project, null);
    }

    private Outcome take(Unit u, SourceEvent event, boolean project, @Nullable Predicate<Organization> routed) {
        String eventId = event.meta().eventId();
        if (routed != null && (!u.known() || !routed.test(u.org()))) {
            throw new RouteChanged(eventId, event.meta().organizationId());
        }
        if (!u.known()) {
            return new Outcome.Rejected(eventId, "unknown organization '" + event.meta().organizationId()
                    + "': create it with DirectorySync.createOrganization before its directory sends events");
        }
        java.util.Optional<DirectoryConnection> connection =
                u.tx.connections().find(u.org().id(), event.meta().directoryId());
        if (connectedElsewhere(u, event.meta(), connection)) {
            // not recorded in the ledger: once the binding is fixed, a redelivery is taken
            log.warn("event {} for organization {} refused: WorkOS directory {} is connected to another organization",
                    eventId, u.org().id(), event.meta().directoryId());
            return new Outcome.Rejected(eventId, BindingConflict.directoryTaken(event.meta().directoryId()).getMessage());
        }
        if (!u.tx.ledger().record(u.org().id(), eventId, u.now)) {
            return new Outcome.Duplicate(eventId);
        }
        Session s = u.session(connection.map(c -> event.meta().source().namedAs(c.provider()))
                .orElse(event.meta().source()).actor(), eventId);
        MirrorUpdater.Result r = mirrorUpdater.apply(s, event, connection);
        if (r.staleReason() != null) {
            return new Outcome.Stale(eventId, r.staleReason());
        }
        if (project || r.job() != null && r.job().kind() == Job.Kind.DIRECTORY_DELETED) {
            startJob(u, s, eventId, r); // a directory's tombstones are mirror work, due even when not projecting
        }
        return project ? projected(s, eventId, r.affected()) : new Outcome.Mirrored(eventId);
    }

    /** Records the job a mirror update asked for (its users are too many for this transaction), if any. */
    private static void startJob(Unit u, Session s, String eventId, MirrorUpdater.Result r) {
        MirrorUpdater.JobRequest j = r.job();
        if (j != null) {
            u.startJob(j.kind(), j.total(), j.directoryId(), j.groupId(), j.version(), s.actor, eventId);
        }
    }

    /** The event's outcome with the changes of the jobs it started and that ran inline. */
    private static Outcome withJobChanges(Outcome o, List<Change> jobChanges) {
        if (jobChanges.isEmpty()) {
            return o;
        }
        if (o instanceof Outcome.Applied a) {
            List<Change> all = new ArrayList<>(a.changes());
            all.addAll(jobChanges);
            return new Outcome.Applied(a.eventId(), all);
        }
        if (o instanceof Outcome.Previewed p) {
            List<Change> all = new ArrayList<>(p.changes());
            all.addAll(jobChanges);
            return new Outcome.Previewed(p.eventId(), all);
        }
        return o;
    }

    /**
     * True if the event's directory is new to its organization and is a WorkOS directory another organization is
     * connected to: a WorkOS directory feeds one tenant (SCIM directory ids belong to their organization).
     */
    private static boolean connectedElsewhere(Unit u, dev.dirsync.core.event.EventMeta meta,
                                              java.util.Optional<DirectoryConnection> connection) {
        return connection.isEmpty() && MirrorUpdater.kindOf(meta) == DirectoryConnection.Kind.WORKOS
                && u.tx.connections().findWorkosDirectory(meta.directoryId()).isPresent();
    }

    /** Projects the affected users as the organization's mode says: apply, preview, or hold. */
    private Outcome projected(Session s, String eventId, Set<DirectoryUserKey> affected) {
        Mode mode = s.org.settings().mode();
        return outcome(mode, eventId, mode == Mode.PAUSED ? List.of() : project(s, affected, mode == Mode.TEST));
    }

    private static Outcome outcome(Mode mode, String eventId, List<Change> changes) {
        return switch (mode) {
            case PAUSED -> new Outcome.HeldPaused(eventId);
            case TEST -> new Outcome.Previewed(eventId, changes);
            case ACTIVE -> new Outcome.Applied(eventId, changes);
        };
    }

    private List<Change> project(Session s, Set<DirectoryUserKey> keys, boolean preview) {
        List<Change> changes = new ArrayList<>();
        for (DirectoryUserKey k : keys) {
            changes.addAll(reconciler.reconcile(s, k, preview));
        }
        if (!preview && grantsAdmin(changes, s.org.settings().adminRole())) {
            // a new admin may unblock changes the sole-admin guard refused earlier: only those are re-checked
            s.flushWrites(); // the store's list must see what this session applied
            for (AppliedProjection a : s.tx.projections().listBlocked(s.org.id())) {
                if (!keys.contains(a.key())) {
                    changes.addAll(reconciler.reconcile(s, a.key(), false));
                }
            }
        }
        return changes;
    }

    /** True if a change may have given someone admin rights (rare), which can unblock a refused change. */
    private static boolean grantsAdmin(List<Change> changes, String adminRole) {
        for (Change c : changes) {
            switch (c.action()) {
                case ROLE_CHANGED, USER_PROVISIONED -> {
                    if (adminRole.equals(c.after().get("role"))) {
                        return true;
                    }
                }
                case USER_LINKED, USER_REACTIVATED, ADMIN_AUTO_PROMOTED -> {
                    return true;
                }
                default -> {
                }
            }
        }
        return false;
    }

    /**
     * Users a job covers per transaction: amortizes the transaction cost, keeps each one short (the organization's
     * lock is held for one batch, so webhooks and SCIM requests of the organization are served between batches).
     * Work on more users than this becomes a job.
     */
    public static final int JOB_BATCH = 50;

    /**
     * Re-projects every directory user of the organization as a job, a batch of users per transaction; runs it
     * here (returning its changes) unless a scheduler runs jobs.
     */
    public List<Change> reproject(String organizationId, Source actor) {
        return startReprojection(organizationId, actor).jobChanges();
    }

    private Written<Job> startReprojection(String organizationId, Source actor) {
        return writeStarting(organizationId, u -> u.startJob(Job.Kind.REPROJECT,
                u.tx.mirror().countUsers(u.org().id(), null, null), null, null, null, actor.actor(), null));
    }

    /** Runs the job's batches until it finishes; returns what they changed. For schedulers and tests. */
    public List<Change> runJob(String jobId) {
        List<Change> all = new ArrayList<>();
        for (JobBatch b = runJobBatch(jobId); ; b = runJobBatch(jobId)) {
            all.addAll(b.changes());
            if (b.job().finished()) {
                return all;
            }
        }
    }

    /** A job after one batch, and what that batch changed. */
    public record JobBatch(Job job, List<Change> changes) {
    }

    /**
     * Runs the job's next batch through the write pipeline: under the organization's lock, in one transaction, the
     * next {@link #JOB_BATCH} users after the job's cursor are handled as of now (mirror and settings read in this
     * transaction: level-triggered, so a batch never undoes a newer change) and the cursor moves past them in the
     * same transaction. A finished job's batch does nothing.
     *
     * @throws IllegalArgumentException if there is no such job
     */
    public JobBatch runJobBatch(String jobId) {
        Job first = state.inTransaction(tx -> tx.jobs().find(jobId))
                .orElseThrow(() -> new IllegalArgumentException("unknown job '" + jobId + "'"));
        if (first.finished()) {
            return new JobBatch(first, List.of());
        }
        return write(first.organizationId(), u -> {
            Job job = u.tx.jobs().find(jobId).orElseThrow();
            if (job.finished()) {
                return new JobBatch(job, List.of()); // another runner finished it meanwhile
            }
            if (!u.known()) {
                Job failed = job.ended(Job.Status.FAILED, "the organization no longer exists", u.now);
                u.tx.jobs().update(failed);
                return new JobBatch(failed, List.of());
            }
            Mode mode = u.org().settings().mode();
            if (mode == Mode.PAUSED && job.kind() != Job.Kind.DIRECTORY_DELETED) {
                // projection is held; resuming re-projects everyone anyway
                Job done = job.ended(Job.Status.DONE, null, u.now);
                u.tx.jobs().update(done);
                return new JobBatch(done, List.of());
            }
            Session s = u.session(job.actor(), job.eventId());
            List<DirectoryUserKey> batch = u.tx.mirror().userKeysAfter(u.org().id(), job.scopeDirectoryId(),
                    job.scopeGroupId(), job.cursor(), JOB_BATCH);
            s.prefetch(batch); // a constant number of reads for the batch, not four per person
            s.deferWrites(); // and its audit entries, projections and access history written together
            if (job.kind() == Job.Kind.DIRECTORY_DELETED) {
                SourceVersion v = Objects.requireNonNull(job.version());
                for (DirectoryUserKey k : batch) {
                    if (s.mirrorUser(k).map(m -> !m.deleted()).orElse(false)) {
                        mirrorUpdater.deleteUser(s, k, v); // a newer event about the user wins (version guard)
                    }
                }
            }
            List<Change> changes = new ArrayList<>();
            switch (mode) {
                case PAUSED -> {
                }
                case TEST -> batch.forEach(k -> changes.addAll(reconciler.reconcile(s, k, true)));
                case ACTIVE -> changes.addAll(project(s, new LinkedHashSet<>(batch), false));
            }
            s.flushWrites();
            Job next = batch.isEmpty() ? job.ended(Job.Status.DONE, null, u.now)
                    : job.advanced(batch.get(batch.size() - 1), batch.size(), batch.size() < JOB_BATCH, u.now);
            u.tx.jobs().update(next);
            return new JobBatch(next, changes);
        });
    }

    /** The organization's jobs, newest first. */
    public List<Job> jobs(String organizationId, int limit) {
        return state.inTransaction(tx -> tx.jobs().list(organizationId, limit));
    }

    /** One job of the organization, if it has one with this id. */
    public java.util.Optional<Job> job(String organizationId, String jobId) {
        return state.inTransaction(tx -> tx.jobs().find(jobId)).filter(j -> j.organizationId().equals(organizationId));
    }

    /** Jobs a restart interrupted, for the runner to start again. */
    public List<Job> unfinishedJobs() {
        return state.inTransaction(tx -> tx.jobs().unfinished());
    }

    /** Replaces the settings (audited), then re-projects so the organization matches them. */
    public List<Change> updateSettings(String organizationId, OrganizationSettings next, Source actor) {
        Objects.requireNonNull(next, "settings");
        return updateSettings(organizationId, current -> next, null, actor).changes();
    }

    /**
     * Computes new settings from the current ones read under the organization's lock, stores them (audited) and
     * re-projects. With {@code expectedVersion}, refuses with {@link SettingsVersionConflict} unless the stored
     * settings are still at that version, so two admins editing at once cannot silently revert each other.
     */
    public SettingsUpdate updateSettings(String organizationId,
                                         java.util.function.UnaryOperator<OrganizationSettings> change,
                                         @org.jspecify.annotations.Nullable Long expectedVersion, Source actor) {
        Objects.requireNonNull(change, "change");
        // the settings and the re-projection job commit together: a crash right after still re-projects
        Written<Organization> w = writeStarting(organizationId, u -> {
            Organization saved = saveSettings(u.session(actor.actor(), null), organizationId, change, expectedVersion);
            // re-projects even when nothing changed: "activate" on an active organization heals drift
            u.startJob(Job.Kind.REPROJECT, u.tx.mirror().countUsers(organizationId, null, null), null, null, null,
                    actor.actor(), null);
            return saved;
        });
        return new SettingsUpdate(w.result(), w.jobChanges(), w.submitted().isEmpty() ? null : w.submitted().get(0));
    }

    private Organization saveSettings(Session s, String organizationId,
                                      java.util.function.UnaryOperator<OrganizationSettings> change,
                                      @Nullable Long expectedVersion) {
        {
            if (expectedVersion != null && expectedVersion != s.org.settingsVersion()) {
                throw new SettingsVersionConflict(organizationId, expectedVersion, s.org.settingsVersion());
            }
            OrganizationSettings prev = s.org.settings();
            OrganizationSettings next = Objects.requireNonNull(change.apply(prev), "the settings change returned null");
            if (prev.equals(next)) {
                return s.org;
            }
            CatalogCheck.check(host.catalog(), organizationId, prev, next);
            Organization updated = s.org.withSettings(next);
            s.tx.organizations().update(updated);
            if (prev.mode() != next.mode()) {
                s.auditOrganization(AuditAction.MODE_CHANGED, Map.of("mode", lower(prev.mode())),
                        Map.of("mode", lower(next.mode())), "");
                if (next.mode() != Mode.TEST) {
                    s.tx.previews().clear(organizationId);
                }
            }
            Map<String, String> before = new LinkedHashMap<>();
            Map<String, String> after = new LinkedHashMap<>();
            SettingsDiff.describe(prev, next, before, after);
            if (!before.isEmpty() || !after.isEmpty()) {
                s.auditOrganization(AuditAction.SETTINGS_CHANGED, before, after, "");
            }
            return updated;
        }
    }

    /**
     * What the proposed settings would change, user by user, compared with the current settings; nothing is
     * saved or applied.
     */
    public List<Change> previewSettings(String organizationId, OrganizationSettings proposed) {
        return state.inTransaction(tx -> {
            Organization org = tx.organizations().find(organizationId)
                    .orElseThrow(() -> unknownOrganization(organizationId));
            CatalogCheck.check(host.catalog(), organizationId, org.settings(), proposed);
            List<Change> out = new ArrayList<>();
            for (MirrorUser mu : tx.mirror().users(organizationId)) {
                AppliedProjection applied = tx.projections().find(mu.key()).orElse(null);
                List<String> groups = Projector.liveGroupIds(tx, mu.key());
                Projection now = Projector.desired(org.settings(), mu, groups, applied);
                Projection next = Projector.desired(proposed, mu, groups, applied);
                PreviewDiff.between(now, next, out);
            }
            return out;
        });
    }

    /** Calls the host's purge hook for every user whose grace period ended; returns how many were purged. */
    public int purgeDue(Instant now) {
        List<AppliedProjection> due = state.inTransaction(tx -> tx.projections().purgeDue(now));
        int purged = 0;
        for (AppliedProjection a : due) {
            purged += write(a.key().organizationId(), Source.SYSTEM, s -> {
                AppliedProjection fresh = s.tx.projections().find(a.key()).orElse(null);
                if (fresh == null || fresh.purged() || fresh.purgeAt() == null || fresh.purgeAt().isAfter(now)) {
                    return List.<Change>of(); // reactivated or purged by another instance meanwhile
                }
                host.users().purge(fresh.appUserId());
                host.apiKeys().revokeApiKeys(a.key().organizationId(), fresh.appUserId());
                Change c = Change.of(AuditAction.USER_PURGED, fresh.key(), fresh.appUserId(),
                        fresh.projection().identity().email(), "grace period ended");
                s.applied(c);
                s.saveApplied(new AppliedProjection(fresh.key(), fresh.appUserId(), fresh.projection(),
                        fresh.firstAppliedAt(), s.now, null, true, false, null));
                return List.of(c);
            }).size();
        }
        return purged;
    }

    /** Maximum active SCIM credentials per organization: two cover a rotation; a few more cover several IdPs. */
    public static final int MAX_ACTIVE_SCIM_CREDENTIALS = 5;

    /** Issues a SCIM bearer token for a directory of the organization; the token is returned once, never stored. */
    public IssuedScimCredential issueScimCredential(String organizationId, String directoryId, String provider,
                                                    Source actor) {
        String token = ScimTokens.newToken();
        ScimCredential made = write(organizationId, actor, s -> {
            long active = s.tx.scimCredentials().list(organizationId).stream().filter(ScimCredential::active).count();
            if (active >= MAX_ACTIVE_SCIM_CREDENTIALS) {
                throw new IllegalStateException("organization " + organizationId + " already has " + active
                        + " active SCIM credentials: revoke one before issuing another");
            }
            // SCIM directory ids belong to their organization; a WorkOS directory's id is global and never one
            s.tx.connections().findWorkosDirectory(directoryId).ifPresent(w -> {
                throw w.organizationId().equals(organizationId)
                        ? new IllegalStateException("directory " + directoryId + " is this organization's WorkOS "
                                + "directory: give the SCIM connection an id of its own (e.g. scim)")
                        : BindingConflict.directoryTaken(directoryId);
            });
            ScimCredential c = new ScimCredential("scimcred_" + java.util.UUID.randomUUID().toString().replace("-", ""),
                    organizationId, directoryId, provider, ScimTokens.hash(token), ScimTokens.suffix(token), s.now,
                    null, null);
            s.tx.scimCredentials().insert(c);
            s.auditOrganization(AuditAction.SCIM_CREDENTIAL_ISSUED, Map.of(), Map.of("credential", c.id(),
                    "suffix", c.suffix(), "directory", directoryId, "provider", provider), "");
            return c;
        });
        return new IssuedScimCredential(made, token);
    }

    /** Revokes a credential of the organization; false if it has no such active credential. */
    public boolean revokeScimCredential(String organizationId, String credentialId, Source actor) {
        forgetToken(credentialId); // before and after: a request verifying it meanwhile may have cached it again
        try {
            return write(organizationId, actor, s -> {
                boolean revoked = s.tx.scimCredentials().revoke(organizationId, credentialId, s.now);
                if (revoked) {
                    s.auditOrganization(AuditAction.SCIM_CREDENTIAL_REVOKED, Map.of("credential", credentialId), Map.of(), "");
                }
                return revoked;
            });
        } finally {
            forgetToken(credentialId);
        }
    }

    /**
     * Records that the organization owns a WorkOS organization, under its lock and audited; linking it again to
     * the same one changes nothing. Fails with {@link BindingConflict} if another organization owns it, and with
     * {@link IllegalStateException} if this one is linked to another.
     */
    public Organization linkWorkosOrganization(String organizationId, String workosOrganizationId, Source actor) {
        return bindingChecked(workosOrganizationId, organizationId, () -> write(organizationId, actor, s -> {
            s.tx.organizations().findByWorkosOrganizationId(workosOrganizationId)
                    .filter(other -> !other.id().equals(organizationId))
                    .ifPresent(other -> {
                        throw BindingConflict.workosOrganizationTaken(workosOrganizationId);
                    });
            String current = s.org.workosOrganizationId();
            if (current != null && !current.equals(workosOrganizationId)) {
                throw new IllegalStateException("organization '" + organizationId + "' is linked to WorkOS "
                        + "organization " + current + ", not " + workosOrganizationId);
            }
            if (current != null) {
                return s.org;
            }
            Organization linked = s.org.withWorkosOrganizationId(workosOrganizationId);
            s.tx.organizations().update(linked);
            s.auditOrganization(AuditAction.WORKOS_ORGANIZATION_LINKED, Map.of(),
                    Map.of("workos_organization", workosOrganizationId), "");
            return linked;
        }));
    }

    /**
     * Registers a host tenant, refusing a WorkOS organization another tenant is linked to (checked here, and by
     * the store's unique constraint when two tenants claim it at the same moment).
     *
     * @throws BindingConflict if the WorkOS organization is another organization's
     * @throws IllegalStateException if the id is taken
     */
    public Organization createOrganization(Organization org) {
        String workosId = org.workosOrganizationId();
        boolean inserted = bindingChecked(workosId, org.id(), () -> state.inTransaction(tx -> {
            if (tx.organizations().find(org.id()).isPresent()) {
                return false;
            }
            if (workosId != null && tx.organizations().findByWorkosOrganizationId(workosId).isPresent()) {
                throw BindingConflict.workosOrganizationTaken(workosId);
            }
            return tx.organizations().insert(org);
        }));
        if (!inserted) {
            if (workosId != null && state.inTransaction(tx -> tx.organizations().find(org.id()).isEmpty()
                    && tx.organizations().findByWorkosOrganizationId(workosId).isPresent())) {
                throw BindingConflict.workosOrganizationTaken(workosId); // lost a race on the unique index
            }
            throw new IllegalStateException("organization '" + org.id() + "' already exists");
        }
        return org;
    }

    /**
     * Runs a write that binds {@code workosOrganizationId} to {@code organizationId}; if it fails because another
     * organization took that WorkOS organization at the same moment (the store's unique constraint), says so.
     */
    private <T> T bindingChecked(@Nullable String workosOrganizationId, String organizationId,
                                 java.util.function.Supplier<T> write) {
        try {
            return write.get();
        } catch (BindingConflict | IllegalArgumentException | dev.dirsync.core.state.StateStoreUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            if (workosOrganizationId != null && state.inTransaction(tx -> tx.organizations()
                    .findByWorkosOrganizationId(workosOrganizationId)
                    .filter(other -> !other.id().equals(organizationId)).isPresent())) {
                throw BindingConflict.workosOrganizationTaken(workosOrganizationId);
            }
            throw e;
        }
    }

    /**
     * How long a verified SCIM token is trusted without asking the store again: an IdP's first sync sends thousands
     * of requests a minute with one token, each of which would otherwise cost a transaction. A revocation is seen
     * by this instance's next request, and by every instance within this time at most.
     */
    public static final Duration SCIM_TOKEN_CACHE = Duration.ofSeconds(5);
    private static final int MAX_CACHED_TOKENS = 10_000;

    /** A token verified against the store, by its hash, and until when it is trusted without asking again. */
    private record VerifiedToken(ScimCredential credential, Instant until) {
    }

    private final Map<String, VerifiedToken> verifiedTokens = new java.util.concurrent.ConcurrentHashMap<>();

    /** The active credential this bearer token belongs to, if any; records its use (at most once a minute). */
    public java.util.Optional<ScimCredential> authenticateScim(String token) {
        if (token == null || !token.startsWith(ScimTokens.PREFIX)) {
            return java.util.Optional.empty();
        }
        String hash = ScimTokens.hash(token);
        Instant now = clock.instant();
        VerifiedToken known = verifiedTokens.get(hash);
        if (known != null && now.isBefore(known.until())) {
            return java.util.Optional.of(known.credential());
        }
        java.util.Optional<ScimCredential> found = state.inTransaction(tx -> {
            java.util.Optional<ScimCredential> c = tx.scimCredentials().findByTokenHash(hash)
                    .filter(ScimCredential::active).filter(x -> ScimTokens.sameHash(x.tokenHash(), hash));
            c.filter(x -> x.lastUsedAt() == null || x.lastUsedAt().isBefore(now.minusSeconds(60)))
                    .ifPresent(x -> tx.scimCredentials().touch(x.id(), now));
            return c;
        });
        if (found.isPresent()) {
            if (verifiedTokens.size() >= MAX_CACHED_TOKENS) {
                verifiedTokens.clear(); // bounded; the next request of each token asks the store again
            }
            verifiedTokens.put(hash, new VerifiedToken(found.get(), now.plus(SCIM_TOKEN_CACHE)));
        } else {
            verifiedTokens.remove(hash);
        }
        return found;
    }

    /** Forgets the verified tokens of a credential, so its revocation is seen by the next request here. */
    private void forgetToken(String credentialId) {
        verifiedTokens.values().removeIf(v -> v.credential().id().equals(credentialId));
    }

    /**
     * Decides under the organization's lock, in one transaction, which notices to send, reading and updating the
     * checkpoints that remember what was already sent; sends them after commit. Two instances deciding at once are
     * serialized by the lock, so the second sees the first's checkpoint and sends nothing (health alerts, daily
     * summaries). Sends nothing for an unknown organization.
     *
     * @return the notices sent
     */
    public List<AdminNotice> notifyOnce(String organizationId,
            java.util.function.BiFunction<Organization, dev.dirsync.core.state.CheckpointStore, List<AdminNotice>> decide) {
        return write(organizationId, u -> {
            if (!u.known()) {
                return List.<AdminNotice>of();
            }
            Session s = u.session(Source.SYSTEM.actor(), null);
            for (AdminNotice n : decide.apply(u.org(), u.tx.checkpoints())) {
                s.notice(n.kind(), n.message(), n.subject());
            }
            return List.copyOf(s.notices());
        });
    }

    /**
     * One page of the drift check of the organization, people strictly after {@code after}, in one write under the
     * organization's lock: differences recorded, new ones told to the admins once (after commit), corrected under
     * the {@code CORRECT} policy in active mode. Throws {@link UnsupportedOperationException} if the host's
     * {@code UserStore} does not read current access. An unknown organization yields an empty page.
     */
    public DriftDetector.PageResult checkDrift(String organizationId, @Nullable DirectoryUserKey after, int limit) {
        return write(organizationId, u -> u.known()
                ? drift.checkPage(u.session(Source.SYSTEM.actor(), null), after, limit)
                : new DriftDetector.PageResult(0, 0, 0, null, false));
    }

    /**
     * Restores these people's access from the directory through the normal SPI calls, audited as
     * {@code drift_corrected} on behalf of {@code actor}; refuses with {@link IllegalStateException} unless the
     * organization is active.
     */
    public List<Change> restoreDrift(String organizationId, Set<DirectoryUserKey> keys, Source actor) {
        return write(organizationId, actor, s -> drift.restore(s, keys));
    }

    /** Tells the host's listener; a failing listener is logged and never undoes the committed event. */
    private void report(SourceEvent event, Outcome outcome, Duration elapsed) {
        try {
            host.listener().onOutcome(event, outcome, elapsed);
        } catch (RuntimeException e) {
            log.warn("OutcomeListener failed for event {}; ignored", event.meta().eventId(), e);
        }
    }

    private void dispatch(List<AdminNotice> notices) {
        for (AdminNotice n : notices) {
            try {
                host.notifier().notify(n);
            } catch (RuntimeException e) {
                log.warn("Notifier failed for {} notice to organization {}; the change itself is committed",
                        n.kind(), n.organizationId(), e);
            }
        }
    }

    static IllegalArgumentException unknownOrganization(String id) {
        return new IllegalArgumentException("unknown organization '" + id + "': create it with "
                + "DirectorySync.createOrganization first");
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT);
    }
}
