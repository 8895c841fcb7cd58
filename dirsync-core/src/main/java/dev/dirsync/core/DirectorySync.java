package dev.dirsync.core;

import dev.dirsync.core.audit.AuditPage;
import dev.dirsync.core.audit.AuditQuery;
import dev.dirsync.core.CurrentMirror;
import dev.dirsync.core.internal.Engine;
import dev.dirsync.core.internal.Host;
import dev.dirsync.core.IssuedScimCredential;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.job.Job;
import dev.dirsync.core.job.JobScheduler;
import dev.dirsync.core.model.Mode;
import dev.dirsync.core.model.Organization;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.outcome.Change;
import dev.dirsync.core.outcome.Outcome;
import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.AuditSink;
import dev.dirsync.core.spi.HostCatalog;
import dev.dirsync.core.spi.Notifier;
import dev.dirsync.core.spi.OutcomeListener;
import dev.dirsync.core.spi.SessionRevoker;
import dev.dirsync.core.spi.UserStore;
import dev.dirsync.core.state.AppliedProjection;
import dev.dirsync.core.state.CheckpointStore;
import dev.dirsync.core.state.MirrorGroup;
import dev.dirsync.core.state.MirrorUser;
import dev.dirsync.core.state.PreviewEntry;
import dev.dirsync.core.state.ScimCredential;
import dev.dirsync.core.state.StateStore;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Directory Sync for one host application: takes source events (WorkOS, SCIM, bulk), keeps the directory
 * mirror, and projects it onto the host's users through the SPI. Thread-safe; build one per application.
 *
 * <pre>{@code
 * DirectorySync sync = DirectorySync.builder()
 *     .userStore(myUserStore)
 *     .sessionRevoker(mySessions)
 *     .apiKeyRevoker(myApiKeys)
 *     .stateStore(JdbiStateStore.create(dataSource))   // default: in memory
 *     .build();
 * }</pre>
 */
public final class DirectorySync {

    private final StateStore state;
    private final Engine engine;
    private final Clock clock;
    private final java.time.Duration staleAfter;
    private final dev.dirsync.core.internal.AdminAlerts alerts;

    private final @Nullable HostCatalog catalog;
    private final java.time.Duration ledgerRetention;
    private final JobScheduler jobScheduler;

    private DirectorySync(Builder b) {
        this.state = b.stateStore;
        this.clock = b.clock;
        this.staleAfter = b.staleAfter;
        this.ledgerRetention = b.ledgerRetention;
        this.catalog = b.catalog;
        this.jobScheduler = b.jobScheduler;
        JobScheduler scheduler = b.jobScheduler;
        this.engine = new Engine(b.stateStore, new Host(b.userStore, b.sessionRevoker, b.apiKeyRevoker, b.auditSink,
                b.notifier, b.listener, b.catalog), b.clock, job -> scheduler.submit(job, this),
                scheduler == JobScheduler.INLINE);
        this.alerts = new dev.dirsync.core.internal.AdminAlerts(b.stateStore, engine, this::healthOverview,
                id -> directory(id).health());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Registers a host tenant with default settings; fails if the id is taken. */
    public Organization createOrganization(String id, String name) {
        return createOrganization(id, name, null, OrganizationSettings.defaults());
    }

    /**
     * Registers a host tenant; {@code workosOrganizationId} links it to a WorkOS organization, if any. A WorkOS
     * organization feeds exactly one tenant.
     *
     * @throws BindingConflict if another organization is linked to that WorkOS organization
     * @throws IllegalStateException if the id is taken
     */
    public Organization createOrganization(String id, String name, @Nullable String workosOrganizationId,
                                           OrganizationSettings settings) {
        return engine.createOrganization(new Organization(id, name, workosOrganizationId, settings, clock.instant()));
    }

    /**
     * The host's catalog of roles and workspaces, if it gave one ({@link Builder#hostCatalog}): what settings and
     * group mappings may name, for a UI to offer as choices.
     */
    public Optional<HostCatalog> hostCatalog() {
        return Optional.ofNullable(catalog);
    }

    /**
     * The read model of one organization: users with what was applied, groups, members, audit, counts and health,
     * each paged and filtered in the store.
     *
     * @throws IllegalArgumentException if there is no such organization
     */
    public dev.dirsync.core.read.DirectoryView directory(String organizationId) {
        Objects.requireNonNull(organizationId, "organizationId");
        if (organization(organizationId).isEmpty()) {
            throw new IllegalArgumentException("unknown organization '" + organizationId + "'");
        }
        return new dev.dirsync.core.internal.StoreDirectoryView(state, organizationId, clock, staleAfter);
    }

    /**
     * Health status of every organization, from one pass over the connection records (for a platform health
     * endpoint; an organization's full {@link dev.dirsync.core.read.SyncHealth} is {@code directory(id).health()}).
     */
    public java.util.Map<String, dev.dirsync.core.read.SyncHealth.Status> healthOverview() {
        java.time.Instant now = clock.instant();
        return state.inTransaction(tx -> {
            java.util.Map<String, java.util.List<dev.dirsync.core.state.DirectoryConnection>> byOrg = new java.util.TreeMap<>();
            tx.organizations().list().forEach(o -> byOrg.put(o.id(), new java.util.ArrayList<>()));
            for (dev.dirsync.core.state.DirectoryConnection c : tx.queries().allConnections()) {
                byOrg.computeIfAbsent(c.organizationId(), k -> new java.util.ArrayList<>()).add(c);
            }
            java.util.Map<String, dev.dirsync.core.read.SyncHealth.Status> out = new java.util.LinkedHashMap<>();
            byOrg.forEach((org, conns) -> {
                java.util.Map<String, String> broken =
                        dev.dirsync.core.internal.HealthClassifier.brokenReasons(tx.checkpoints(), org, conns);
                out.put(org, dev.dirsync.core.internal.HealthClassifier.classify(org, conns, broken,
                        dev.dirsync.core.read.DirectoryCounts.EMPTY, 0, now, staleAfter).status());
            });
            return out;
        });
    }

    public Optional<Organization> organization(String id) {
        return state.inTransaction(tx -> tx.organizations().find(id));
    }

    /** The organization linked to this WorkOS organization, if any: how WorkOS events find their tenant. */
    public Optional<Organization> organizationByWorkosId(String workosOrganizationId) {
        Objects.requireNonNull(workosOrganizationId, "workosOrganizationId");
        return state.inTransaction(tx -> tx.organizations().findByWorkosOrganizationId(workosOrganizationId));
    }

    /** One connection of the organization, by directory id: a key lookup (routing an event needs no more). */
    public Optional<dev.dirsync.core.state.DirectoryConnection> connection(String organizationId, String directoryId) {
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(directoryId, "directoryId");
        return state.inTransaction(tx -> tx.connections().find(organizationId, directoryId));
    }

    /**
     * Links the organization to the WorkOS organization that feeds it, under the organization's lock; audited.
     * Linking again to the same WorkOS organization changes nothing.
     *
     * @throws BindingConflict if another organization owns that WorkOS organization
     * @throws IllegalStateException if this one is linked to a different one
     */
    public Organization linkWorkosOrganization(String organizationId, String workosOrganizationId, Source actor) {
        return engine.linkWorkosOrganization(Objects.requireNonNull(organizationId, "organizationId"),
                Objects.requireNonNull(workosOrganizationId, "workosOrganizationId"), Objects.requireNonNull(actor, "actor"));
    }

    /**
     * Runs {@code work} on the source checkpoints in one transaction: its reads and writes commit together.
     * Checkpoints are a source adapter's own progress (Events API cursor, import jobs, held events, health
     * verdicts), named by the adapter with its prefix (e.g. {@code workos.}); they are not directory state, so they
     * take no organization lock and are not audited. For source adapters such as {@code dev.dirsync.core.workos}.
     */
    public <T> T checkpoints(Function<CheckpointStore, T> work) {
        Objects.requireNonNull(work, "work");
        return state.inTransaction(tx -> work.apply(tx.checkpoints()));
    }

    public List<Organization> organizations() {
        return state.inTransaction(tx -> tx.organizations().list());
    }

    /** Takes one source event; safe to call again with the same event (it becomes {@link Outcome.Duplicate}). */
    public Outcome accept(SourceEvent event) {
        return engine.accept(Objects.requireNonNull(event, "event"));
    }

    /**
     * Takes one source event that a source routed to its organization from a cache: {@code routed} is checked
     * against the organization read under its lock, in the event's own transaction, so routing costs no read of
     * its own; if it says no, nothing is taken and {@link RouteChanged} is thrown (route again from the store).
     * Events of one organization arriving together are taken in one transaction (group commit), each with its own
     * ledger entry, audit and outcome; see {@link #accept(SourceEvent)}.
     */
    public Outcome accept(SourceEvent event, java.util.function.Predicate<Organization> routed) {
        return engine.accept(Objects.requireNonNull(event, "event"), true, Objects.requireNonNull(routed, "routed"));
    }

    /**
     * Applies up to {@code max} of the organization's stored deliveries that are due, oldest first, through the
     * same pipeline as {@link #accept(SourceEvent, java.util.function.Predicate)}, in one transaction under its lock
     * that also removes them from the inbox (group commit for a source that answered before applying: the WorkOS
     * webhook intake mode {@code inbox}). {@code translate} turns an entry's payload into its event (empty: drop it
     * without effect). If the transaction fails, the entries are taken one per transaction, so only the one that
     * fails fails; a failed or rejected entry stays in the inbox for the caller to retry later or park. An empty
     * answer means nothing was due.
     */
    public List<InboxDrain.Taken> drainInbox(String organizationId, int max,
                                             Function<dev.dirsync.core.state.InboxEntry,
                                                     java.util.Optional<InboxDrain.Routed>> translate) {
        return engine.drainInbox(Objects.requireNonNull(organizationId, "organizationId"), max,
                Objects.requireNonNull(translate, "translate"));
    }

    /** Runs {@code work} on the inbox of stored deliveries in one transaction of its own (store, retry, park, read). */
    public <T> T inbox(Function<dev.dirsync.core.state.InboxStore, T> work) {
        Objects.requireNonNull(work, "work");
        return state.inTransaction(tx -> work.apply(tx.inbox()));
    }

    /**
     * Takes a source event into the mirror (ledger and version guard included) without projecting it; call
     * {@link #reproject} when a batch is complete. For bulk imports: the host sees the result whole or not at all.
     */
    public Outcome acceptToMirror(SourceEvent event) {
        return engine.accept(Objects.requireNonNull(event, "event"), false);
    }

    /**
     * Takes events computed from the organization's current mirror, atomically: the computation and the writes
     * run in one transaction under the organization's lock. For read-modify-write sources (the direct SCIM
     * endpoint's PATCH and PUT); {@code compute} reads through {@link CurrentMirror} and may throw to refuse.
     * After commit each computed event reaches the {@link OutcomeListener}; a refusal reaches it not at all.
     */
    public Outcome acceptComputed(String organizationId, Function<CurrentMirror, List<SourceEvent>> compute) {
        return engine.acceptComputed(Objects.requireNonNull(organizationId, "organizationId"),
                Objects.requireNonNull(compute, "compute"));
    }

    /**
     * Takes several independent computations of one organization in one transaction under its lock (a SCIM
     * {@code /Bulk} of creations: one commit per batch, not per operation), together with the organization's other
     * writes waiting on this instance (group commit, as for {@link #accept(SourceEvent)}: concurrent SCIM requests
     * of one organization share a transaction). Each sees the mirror as the ones before it left it. A computation
     * refuses by returning no events (its outcome is empty, the others still apply); one that throws rolls back the
     * whole batch, which the caller may then take one computation at a time. Returns after the commit holding them.
     */
    public List<java.util.Optional<Outcome>> acceptComputedEach(
            String organizationId, List<Function<CurrentMirror, List<SourceEvent>>> computations) {
        return engine.acceptComputedEach(Objects.requireNonNull(organizationId, "organizationId"),
                List.copyOf(computations));
    }

    /**
     * Takes a batch of one organization's events into the mirror in one transaction, without projecting (bulk
     * import: one commit per page instead of one per event). All or nothing; outcomes in the events' order.
     */
    public List<Outcome> acceptToMirror(String organizationId, List<SourceEvent> events) {
        return engine.acceptAllToMirror(organizationId, List.copyOf(events));
    }

    /**
     * Replaces an organization's settings whole and re-projects it so the host matches them. Audited. Whatever
     * changed since {@code settings} were read is overwritten: to change some fields, prefer
     * {@link #updateSettings(String, java.util.function.UnaryOperator, Long, Source)}.
     */
    public List<Change> updateSettings(String organizationId, OrganizationSettings settings, Source actor) {
        return engine.updateSettings(organizationId, settings, actor);
    }

    /**
     * Changes an organization's settings: {@code change} computes the new settings from the current ones, read
     * under the organization's lock; with {@code expectedVersion} (the {@link Organization#settingsVersion()} the
     * caller's edit was based on) a concurrent change makes it fail with
     * {@link dev.dirsync.core.SettingsVersionConflict}, changing nothing. Audited; re-projects. With a
     * {@link HostCatalog}, a change naming a role or workspace outside it fails with {@link CatalogViolation}
     * (which lists the allowed values), changing nothing.
     */
    public dev.dirsync.core.SettingsUpdate updateSettings(String organizationId,
            java.util.function.UnaryOperator<OrganizationSettings> change, @Nullable Long expectedVersion, Source actor) {
        return engine.updateSettings(organizationId, change, expectedVersion, actor);
    }

    /**
     * What the proposed settings (e.g. a new group mapping) would change, without saving anything; refused like
     * {@link #updateSettings(String, java.util.function.UnaryOperator, Long, Source)} if they leave the catalog.
     */
    public List<Change> previewSettings(String organizationId, OrganizationSettings proposed) {
        return engine.previewSettings(organizationId, proposed);
    }

    /** Pending changes of an organization in test mode. */
    public List<PreviewEntry> preview(String organizationId) {
        return state.inTransaction(tx -> tx.previews().list(organizationId));
    }

    /** Leaves test or paused mode and applies the current state. */
    public List<Change> activate(String organizationId, Source actor) {
        return setMode(organizationId, Mode.ACTIVE, actor);
    }

    /** Holds projection; the mirror stays current. */
    public List<Change> pause(String organizationId, Source actor) {
        return setMode(organizationId, Mode.PAUSED, actor);
    }

    /** Same as {@link #activate}: projects the current state of a paused organization. */
    public List<Change> resume(String organizationId, Source actor) {
        return setMode(organizationId, Mode.ACTIVE, actor);
    }

    /** Switches to test mode: changes go to the preview only. */
    public List<Change> startTest(String organizationId, Source actor) {
        return setMode(organizationId, Mode.TEST, actor);
    }

    private List<Change> setMode(String organizationId, Mode mode, Source actor) {
        return engine.updateSettings(organizationId, s -> s.withMode(mode), null, actor).changes();
    }

    /**
     * Re-projects every directory user of the organization (after a restore, or to heal drift) as a job; returns
     * its changes if it ran in this call ({@link JobScheduler#INLINE}), else none (see {@link #jobs(String)}).
     */
    public List<Change> reproject(String organizationId) {
        return engine.reproject(organizationId, Source.SYSTEM);
    }

    /**
     * Runs the job's next batch: the next {@value Engine#JOB_BATCH} users after its cursor, in one transaction under
     * the organization's lock, the cursor moved in the same transaction. The step a {@link JobScheduler} calls until
     * the returned job is {@linkplain Job#finished() finished}; safe to call again after a crash, and from two
     * instances at once (each batch continues from the cursor the other committed).
     *
     * @throws IllegalArgumentException if there is no such job
     */
    public Job runJobBatch(String jobId) {
        return engine.runJobBatch(Objects.requireNonNull(jobId, "jobId")).job();
    }

    /** Runs the job's batches until it finishes; returns what they changed. */
    public List<Change> runJob(String jobId) {
        return engine.runJob(Objects.requireNonNull(jobId, "jobId"));
    }

    /** The organization's jobs, newest first (at most {@code 50}): progress of re-projections and deletions. */
    public List<Job> jobs(String organizationId) {
        return engine.jobs(Objects.requireNonNull(organizationId, "organizationId"), 50);
    }

    /** One job of the organization. */
    public Optional<Job> job(String organizationId, String jobId) {
        return engine.job(Objects.requireNonNull(organizationId, "organizationId"), Objects.requireNonNull(jobId, "jobId"));
    }

    /** Jobs of every organization not finished yet (queued, or interrupted mid-way), oldest first. */
    public List<Job> unfinishedJobs() {
        return engine.unfinishedJobs();
    }

    /**
     * Hands every unfinished job to the {@link JobScheduler} again: call it at startup with an in-process scheduler
     * ({@link JobScheduler#onExecutor}), whose queue a restart lost. (db-scheduler keeps its own queue.)
     *
     * @return the jobs handed over
     */
    public List<Job> resumeJobs() {
        List<Job> open = unfinishedJobs();
        open.forEach(j -> jobScheduler.submit(j, this));
        return open;
    }

    /**
     * Tells each organization's admins, through the {@link Notifier}, when its sync turns stale or broken (with the
     * reason and what to do) and when it recovers: once per change, never again while the status stays. Call it
     * from a scheduled job (every few minutes); safe on several instances at once, which together send each alert
     * once. An organization already stale or broken the first time it is checked is alerted once.
     *
     * @return the notices sent by this call
     */
    public List<dev.dirsync.core.spi.AdminNotice> checkHealth() {
        return alerts.checkHealth();
    }

    /**
     * Sends the organizations that switched on {@link OrganizationSettings#dailySummary()} the changes of the UTC
     * day before {@code now}'s, in the audit log's sentences (at most
     * {@value dev.dirsync.core.internal.AdminAlerts#SUMMARY_SENTENCES}, then how many more), once per organization
     * and day across instances; nothing for a day without changes. Call it from a scheduled job once the day's
     * summary is due; calling it again the same day sends nothing more.
     *
     * @return the notices sent by this call
     */
    public List<dev.dirsync.core.spi.AdminNotice> sendDailySummaries(java.time.Instant now) {
        return alerts.sendDailySummaries(Objects.requireNonNull(now, "now"));
    }

    /**
     * Compares every organization's host users with what dirsync last applied (see {@link #checkDrift(String)}).
     * Call it from a scheduled job; several instances may run it at once.
     */
    public List<DriftReport> checkDrift() {
        List<DriftReport> out = new java.util.ArrayList<>();
        for (Organization o : organizations()) {
            out.add(checkDrift(o.id()));
            if (!out.get(out.size() - 1).supported()) {
                break; // the host cannot read access: the same for every organization
            }
        }
        return out;
    }

    /**
     * Compares the organization's host users' current role, workspaces and status ({@code UserStore.currentAccess})
     * with what dirsync last applied, {@value dev.dirsync.core.internal.DriftDetector#PAGE} people per transaction
     * under the organization's lock; records each difference (first and last seen; resolved when it disappears),
     * tells the admins once per new difference through the {@link Notifier}, and under
     * {@link dev.dirsync.core.model.DriftPolicy#CORRECT} in active mode restores the directory's values through the
     * normal pipeline (audited as {@code drift_corrected}, sole-admin guard included). Test mode and paused
     * organizations are reported, never corrected. A host whose {@code UserStore} does not implement
     * {@code currentAccess} gets {@code supported = false} and nothing changes.
     */
    public DriftReport checkDrift(String organizationId) {
        int checked = 0;
        int found = 0;
        int corrected = 0;
        dev.dirsync.core.model.DirectoryUserKey after = null;
        try {
            while (true) {
                dev.dirsync.core.internal.DriftDetector.PageResult p = engine.checkDrift(organizationId, after,
                        dev.dirsync.core.internal.DriftDetector.PAGE);
                checked += p.checked();
                found += p.found();
                corrected += p.corrected();
                if (!p.more() || p.last() == null) {
                    break;
                }
                after = p.last();
            }
        } catch (UnsupportedOperationException e) {
            return new DriftReport(organizationId, false, 0, 0, 0, 0);
        }
        long open = state.inTransaction(tx -> tx.drift().countOpen(organizationId));
        return new DriftReport(organizationId, true, checked, found, corrected, open);
    }

    /**
     * Restores access from the directory for one person ({@code key}) or, with null, for everyone with an open
     * difference, through the normal pipeline (audited as {@code drift_corrected} on behalf of {@code actor}, with
     * the sole-admin guard), then records what the app holds afterwards. Refuses with
     * {@link IllegalStateException} unless the organization is active (test mode and paused change nothing in the
     * app).
     *
     * @return the changes made
     */
    public List<Change> restoreDrift(String organizationId, dev.dirsync.core.model.@Nullable DirectoryUserKey key,
                                     Source actor) {
        if (key != null) {
            return engine.restoreDrift(organizationId, java.util.Set.of(key), actor);
        }
        List<Change> all = new java.util.ArrayList<>();
        dev.dirsync.core.model.DirectoryUserKey after = null;
        while (true) {
            dev.dirsync.core.model.DirectoryUserKey from = after;
            List<dev.dirsync.core.state.Drift> open = state.inTransaction(tx -> tx.drift().list(organizationId,
                    false, from, dev.dirsync.core.internal.DriftDetector.PAGE));
            if (open.isEmpty()) {
                return all;
            }
            java.util.Set<dev.dirsync.core.model.DirectoryUserKey> people = new java.util.LinkedHashSet<>();
            open.forEach(d -> people.add(d.key()));
            all.addAll(engine.restoreDrift(organizationId, people, actor));
            after = open.get(open.size() - 1).key(); // people still open (refused by the guard) are not retried
            if (open.size() < dev.dirsync.core.internal.DriftDetector.PAGE) {
                return all;
            }
        }
    }

    /** Runs the host's purge hook for users whose GRACE period ended; call it from a scheduled job. */
    public int purgeDue() {
        return engine.purgeDue(clock.instant());
    }

    /** Event ids forgotten per transaction by {@link #pruneLedger()}: short transactions, no long lock. */
    public static final int LEDGER_PRUNE_BATCH = 1_000;

    /**
     * Forgets processed-event ids older than the ledger retention ({@link Builder#ledgerRetention}, 7 days by
     * default), in batches of {@link #LEDGER_PRUNE_BATCH}, each its own transaction; returns how many. Call it from a
     * scheduled job (daily is plenty), like {@link #purgeDue()}; several instances may run it at once. A delivery
     * older than the retention is no longer recognized as a duplicate, but the mirror's version guard still refuses
     * it as stale, so keep the retention longer than the source's retry window (WorkOS retries for up to 3 days).
     */
    public int pruneLedger() {
        java.time.Instant before = clock.instant().minus(ledgerRetention);
        int total = 0;
        for (int n; (n = state.inTransaction(tx -> tx.ledger().prune(before, LEDGER_PRUNE_BATCH))) > 0; ) {
            total += n;
            if (n < LEDGER_PRUNE_BATCH) {
                break;
            }
        }
        return total;
    }

    public AuditPage audit(AuditQuery query) {
        return state.inTransaction(tx -> tx.audit().query(query));
    }

    /** The mirror's users of an organization, tombstones included. */
    public List<MirrorUser> directoryUsers(String organizationId) {
        return state.inTransaction(tx -> tx.mirror().users(organizationId));
    }

    public List<MirrorGroup> directoryGroups(String organizationId) {
        return state.inTransaction(tx -> tx.mirror().groups(organizationId));
    }

    /** What was last applied to each host user of the organization. */
    public List<AppliedProjection> projections(String organizationId) {
        return state.inTransaction(tx -> tx.projections().list(organizationId));
    }

    /**
     * Issues a bearer token an IdP uses to push SCIM into a directory of the organization. The token is in the
     * result only; dirsync keeps its hash. Audited. SCIM directory ids belong to their organization (two tenants
     * may both use {@code scim}); a WorkOS directory's id is refused.
     *
     * @throws BindingConflict if {@code directoryId} is another organization's WorkOS directory
     */
    public IssuedScimCredential issueScimCredential(String organizationId, String directoryId, String provider,
                                                    Source actor) {
        return engine.issueScimCredential(organizationId, directoryId, provider, actor);
    }

    /** Revokes a SCIM credential; false if the organization has no such active credential. Audited. */
    public boolean revokeScimCredential(String organizationId, String credentialId, Source actor) {
        return engine.revokeScimCredential(organizationId, credentialId, actor);
    }

    /** The organization's SCIM credentials (hashes and suffixes only), revoked ones included. */
    public List<ScimCredential> scimCredentials(String organizationId) {
        return state.inTransaction(tx -> tx.scimCredentials().list(organizationId));
    }

    /** The active credential a SCIM bearer token belongs to: it alone decides the organization and directory. */
    public Optional<ScimCredential> authenticateScim(String bearerToken) {
        return engine.authenticateScim(bearerToken);
    }


    /** Builds a {@link DirectorySync}. The three host hooks are required; the rest have documented defaults. */
    public static final class Builder {
        /** Default clock: the system clock in UTC. */
        public static final Clock DEFAULT_CLOCK = Clock.systemUTC();

        private @Nullable StateStore stateStore;
        private @Nullable UserStore userStore;
        private @Nullable SessionRevoker sessionRevoker;
        private @Nullable ApiKeyRevoker apiKeyRevoker;
        private AuditSink auditSink = AuditSink.NOOP;
        private Notifier notifier = Notifier.LOGGING;
        private OutcomeListener listener = OutcomeListener.NONE;
        private Clock clock = DEFAULT_CLOCK;
        private java.time.Duration staleAfter = DEFAULT_STALE_AFTER;
        private @Nullable HostCatalog catalog;

        /** Default stale-after: a live directory silent for longer than this is reported stale. */
        public static final java.time.Duration DEFAULT_STALE_AFTER = java.time.Duration.ofDays(7);

        private Builder() {
        }

        /** Where dirsync keeps its state. Default: in memory (lost on restart; fine for tests and demos). */
        public Builder stateStore(StateStore v) { this.stateStore = Objects.requireNonNull(v); return this; }

        /** Required: the host's user table. */
        public Builder userStore(UserStore v) { this.userStore = Objects.requireNonNull(v); return this; }

        /** Required: ends a user's sessions on offboarding ({@link SessionRevoker#NONE} only if there are none). */
        public Builder sessionRevoker(SessionRevoker v) { this.sessionRevoker = Objects.requireNonNull(v); return this; }

        /** Required: revokes a user's API keys on offboarding ({@link ApiKeyRevoker#NONE} only if there are none). */
        public Builder apiKeyRevoker(ApiKeyRevoker v) { this.apiKeyRevoker = Objects.requireNonNull(v); return this; }

        /** Default: {@link AuditSink#NOOP}; dirsync's own audit log is kept regardless. */
        public Builder auditSink(AuditSink v) { this.auditSink = Objects.requireNonNull(v); return this; }

        /** Default: {@link Notifier#LOGGING}. */
        public Builder notifier(Notifier v) { this.notifier = Objects.requireNonNull(v); return this; }

        /** Default: {@link OutcomeListener#NONE}. For metrics: sees every event's outcome and duration. */
        public Builder outcomeListener(OutcomeListener v) { this.listener = Objects.requireNonNull(v); return this; }

        /** Default: {@link #DEFAULT_STALE_AFTER}. How long a live directory may stay silent before it counts as stale. */
        public Builder staleAfter(java.time.Duration v) {
            if (v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException("staleAfter must be positive, was " + v);
            }
            this.staleAfter = v;
            return this;
        }

        /**
         * Default: none (settings may name any role or workspace). The host's roles and workspaces per organization:
         * settings and group mappings naming anything else are refused.
         */
        public Builder hostCatalog(HostCatalog v) { this.catalog = Objects.requireNonNull(v); return this; }

        /** Default retention of processed-event ids: longer than any source's retry window (WorkOS: 3 days). */
        public static final java.time.Duration DEFAULT_LEDGER_RETENTION = java.time.Duration.ofDays(7);

        private java.time.Duration ledgerRetention = DEFAULT_LEDGER_RETENTION;

        /** Default: {@link #DEFAULT_LEDGER_RETENTION}. How long {@link DirectorySync#pruneLedger()} keeps event ids. */
        public Builder ledgerRetention(java.time.Duration v) {
            if (v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException("ledgerRetention must be positive, was " + v);
            }
            this.ledgerRetention = v;
            return this;
        }

        private JobScheduler jobScheduler = JobScheduler.INLINE;

        /**
         * Default: {@link JobScheduler#INLINE} (a re-projection runs in the call that needs it, batch by batch).
         * Where jobs run in the background: db-scheduler through dirsync-jdbi, or {@link JobScheduler#onExecutor}.
         */
        public Builder jobScheduler(JobScheduler v) { this.jobScheduler = Objects.requireNonNull(v); return this; }

        /** Default: {@link #DEFAULT_CLOCK}. */
        public Builder clock(Clock v) { this.clock = Objects.requireNonNull(v); return this; }

        public DirectorySync build() {
            if (userStore == null) {
                throw new IllegalStateException("No UserStore given: implement dev.dirsync.core.spi.UserStore "
                        + "against your user table and pass it to DirectorySync.builder().userStore(...) "
                        + "(see README § Integrate)");
            }
            if (sessionRevoker == null) {
                throw new IllegalStateException("No SessionRevoker given: offboarding must end sessions. Implement "
                        + "dev.dirsync.core.spi.SessionRevoker, or pass SessionRevoker.NONE if your app keeps no "
                        + "server-side sessions");
            }
            if (apiKeyRevoker == null) {
                throw new IllegalStateException("No ApiKeyRevoker given: offboarding must revoke API keys. Implement "
                        + "dev.dirsync.core.spi.ApiKeyRevoker, or pass ApiKeyRevoker.NONE if users own no API keys");
            }
            if (stateStore == null) {
                LoggerFactory.getLogger(DirectorySync.class).warn("dirsync is keeping its state in memory: it is "
                        + "lost on restart. Pass a persistent store (dirsync-jdbi) to DirectorySync.builder().stateStore(...)");
                stateStore = new InMemoryStateStore();
            }
            return new DirectorySync(this);
        }
    }
}
