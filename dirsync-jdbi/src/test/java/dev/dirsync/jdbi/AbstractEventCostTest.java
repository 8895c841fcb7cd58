package dev.dirsync.jdbi;

import com.zaxxer.hikari.HikariDataSource;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.outcome.Outcome;
import dev.dirsync.core.read.UserView;
import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.SessionRevoker;
import dev.dirsync.core.testkit.InMemoryUserStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What one source event costs the database in an organization of {@value #LARGE} users, counted at the JDBC level
 * (statements executed, rows fetched): bounded, whatever the organization's size. A full scan that comes back (say
 * granting admin re-reading every projection) fails these tests on rows, not on a stopwatch. Run once per database
 * by a tiny subclass, in tables of a random prefix, dropped afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractEventCostTest {
    static final int LARGE = 2_000;
    private static final String ORG = "large";
    private static final String DIR = "dir";
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private HikariDataSource pool;
    private CountingDataSource counting;
    private String prefix;
    private DirectorySync sync;
    private final AtomicLong clock = new AtomicLong();

    protected abstract TestDatabase database();

    @BeforeAll
    void loadALargeOrganization() {
        pool = TestDatabase.pool(database().newUrl(), 4);
        counting = new CountingDataSource(pool);
        prefix = TestDatabase.newPrefix();
        sync = DirectorySync.builder().stateStore(JdbiStateStore.builder(counting).tablePrefix(prefix).build())
                .userStore(new InMemoryUserStore()).sessionRevoker(SessionRevoker.NONE)
                .apiKeyRevoker(ApiKeyRevoker.NONE).build();
        sync.createOrganization(ORG, "Large", null, OrganizationSettings.defaults()
                .withGroupMapping(GroupMapping.role("g-admins", "admin"))
                .withGroupMapping(GroupMapping.workspaces("g-eng", "eng")));
        List<SourceEvent> events = new ArrayList<>();
        events.add(new SourceEvent.GroupCreated(meta("g-admins-created"), DirectoryGroup.of("g-admins", DIR, "Admins")));
        events.add(new SourceEvent.GroupCreated(meta("g-eng-created"), DirectoryGroup.of("g-eng", DIR, "Engineering")));
        for (int i = 0; i < LARGE; i++) {
            events.add(new SourceEvent.UserCreated(meta("seed-u" + i), user(i, "Engineer")));
            events.add(new SourceEvent.UserAddedToGroup(meta("seed-m" + i), userId(i), "g-eng"));
        }
        events.add(new SourceEvent.UserAddedToGroup(meta("seed-admin"), userId(0), "g-admins"));
        for (int from = 0; from < events.size(); from += 500) { // the bulk import's path: mirror, then one projection
            sync.acceptToMirror(ORG, events.subList(from, Math.min(events.size(), from + 500)));
        }
        sync.reproject(ORG);
    }

    @AfterAll
    void dropTables() {
        if (pool != null) {
            TestDatabase.dropTables(pool, prefix);
            pool.close();
        }
    }

    private EventMeta meta(String id) {
        return new EventMeta(id, ORG, DIR, Source.workos("Okta"), T.plusMillis(clock.incrementAndGet()));
    }

    private static String userId(int i) {
        return String.format("u%05d", i);
    }

    private static DirectoryUser user(int i, String title) {
        return DirectoryUser.builder(userId(i), DIR).email(userId(i) + "@large.test").givenName("U")
                .familyName(userId(i)).title(title).build();
    }

    /** What one call asked of the database. */
    private record Cost(long statements, long rows, List<String> sql) {
        /** The statements prepared, for the failure message. */
        String spentOn() {
            return String.join("\n  ", sql);
        }
    }

    private Cost cost(Supplier<Outcome> call, Class<? extends Outcome> expected) {
        // the connection's "last event" time is written once a minute: moved now, so the count does not depend on
        // how long the tests before this one took
        sync.accept(new SourceEvent.GroupCreated(meta("warm-" + clock.get()), DirectoryGroup.of("g-warm", DIR, "Warm")));
        counting.reset();
        Outcome o = call.get();
        Cost c = new Cost(counting.statements.get(), counting.rows.get(), List.copyOf(counting.prepared));
        assertThat(o).isInstanceOf(expected);
        return c;
    }

    /**
     * Lock, ledger, connection, mirror read and write, projection read, live groups, projection write, one audit
     * entry; H2 and MariaDB ask the ledger whether the id exists before inserting it (no single-statement
     * insert-if-absent there). Plus the access history's write: {@link #HISTORY}.
     */
    private long newUserBudget() {
        return (database().dialect.insertsIfAbsentInOneStatement() ? 9 : 10) + HISTORY;
    }

    /**
     * The access history of a person whose access changed: read the open interval, end it, insert the new one and
     * its workspace rows (one batch). A fixed cost per changed person, whatever the organization's size.
     */
    private static final int HISTORY = 4;

    @Test
    void aUserCreatedInAnOrganizationOf2000UsersCostsTenStatementsAtMostAndReadsAHandfulOfRows() {
        Cost c = cost(() -> sync.accept(new SourceEvent.UserCreated(meta("new-user"), user(LARGE + 1, "Engineer"))),
                Outcome.Applied.class);

        assertThat(c.statements()).as("statements:\n  " + c.spentOn()).isLessThanOrEqualTo(newUserBudget());
        assertThat(c.rows()).as("rows fetched by:\n  " + c.spentOn()).isLessThanOrEqualTo(3);
    }

    @Test
    void aMembershipEventCostsAFewStatementsMoreThanACreationNotOnePerGroupOrUser() {
        sync.accept(new SourceEvent.UserCreated(meta("member-created"), user(LARGE + 2, "Engineer")));

        Cost c = cost(() -> sync.accept(new SourceEvent.UserAddedToGroup(meta("member-added"), userId(LARGE + 2),
                "g-eng")), Outcome.Applied.class);

        // + the membership read and write; the user snapshot is absent here, the group mapped to a workspace
        assertThat(c.statements()).as("statements:\n  " + c.spentOn()).isLessThanOrEqualTo(newUserBudget() + 2);
        // + 1: the member's open access interval, read to end it
        assertThat(c.rows()).as("rows fetched by:\n  " + c.spentOn()).isLessThanOrEqualTo(6 + 1);
    }

    @Test
    void grantingAdminRechecksOnlyRefusedChangesAndDoesNotReadEveryProjection() {
        Cost c = cost(() -> sync.accept(new SourceEvent.UserAddedToGroup(meta("grant-admin"), userId(7),
                "g-admins")), Outcome.Applied.class);

        assertThat(sync.directory(ORG).user(new DirectoryUserKey(ORG, DIR, userId(7))))
                .map(UserView::applied).hasValueSatisfying(a -> assertThat(a.projection().role()).isEqualTo("admin"));
        assertThat(c.rows()).as("rows fetched (the organization has " + LARGE + " projections) by:\n  " + c.spentOn())
                .isLessThanOrEqualTo(10);
        assertThat(c.statements()).as("statements:\n  " + c.spentOn()).isLessThanOrEqualTo(newUserBudget() + 4);
    }

    @Test
    void aBulkImportPageCostsTheLedgerAndTheMirrorRowPerEventInOneTransactionReadingTheConnectionOnce() {
        int n = 100; // WorkOS's largest list page
        List<SourceEvent> users = new ArrayList<>();
        List<SourceEvent> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            users.add(new SourceEvent.UserUpdated(meta("page-u" + i), user(LARGE + 100 + i, "Engineer"),
                    java.util.Map.of()));
            members.add(new SourceEvent.UserAddedToGroup(meta("page-m" + i), userId(LARGE + 100 + i), "g-eng"));
        }
        // per event: the ledger (one statement, or two where it asks first), the mirror row read and written
        long perEvent = (database().dialect.insertsIfAbsentInOneStatement() ? 1 : 2) + 2;
        for (List<SourceEvent> page : List.of(users, members)) {
            sync.accept(new SourceEvent.GroupCreated(meta("warm-" + clock.get()), DirectoryGroup.of("g-warm", DIR, "Warm")));
            counting.reset();

            List<Outcome> out = sync.acceptToMirror(ORG, page);

            assertThat(out).allSatisfy(o -> assertThat(o).isInstanceOf(Outcome.Mirrored.class));
            assertThat(counting.commits.get()).as("one transaction for the page").isEqualTo(1);
            assertThat(counting.prepared.stream().filter(sql -> sql.contains("_connections ")).count())
                    .as("the directory's connection, read once for the page:\n  " + String.join("\n  ", counting.prepared))
                    .isLessThanOrEqualTo(1);
            // + the organization's lock and the connection
            assertThat(counting.statements.get()).as("statements").isLessThanOrEqualTo(n * perEvent + 2);
        }
    }

    @Test
    void theAuditExportWalksKeysetPagesOneStatementEachWithoutCountOrOffset() {
        // the export's walk (AuditHandler): whole keyset pages, no total; the organization has 2,000+ entries
        dev.dirsync.core.audit.AuditQuery q = dev.dirsync.core.audit.AuditQuery.of(ORG)
                .page(0, dev.dirsync.core.audit.AuditQuery.MAX_LIMIT).withoutTotal();
        counting.reset();
        long entries = 0;
        int pages = 0;
        for (dev.dirsync.core.audit.AuditPage page = sync.audit(q); ; page = sync.audit(q.after(page.nextCursor()))) {
            entries += page.entries().size();
            pages++;
            if (page.nextCursor() == null) {
                break;
            }
        }

        assertThat(entries).isGreaterThanOrEqualTo(LARGE);
        assertThat(counting.statements.get()).as("one statement per page:\n  " + String.join("\n  ", counting.prepared))
                .isEqualTo(pages);
        assertThat(counting.rows.get()).as("each entry fetched once, nothing counted").isEqualTo(entries);
        assertThat(counting.prepared).noneMatch(sql -> sql.toUpperCase(java.util.Locale.ROOT).contains("OFFSET")
                || sql.toUpperCase(java.util.Locale.ROOT).contains("COUNT("));
    }

    @Test
    void aRedeliveredEventCostsTheLockAndTheLedgerOnly() {
        SourceEvent e = new SourceEvent.UserCreated(meta("redelivered"), user(LARGE + 3, "Engineer"));
        sync.accept(e);

        Cost c = cost(() -> sync.accept(e), Outcome.Duplicate.class);

        assertThat(c.statements()).as("statements:\n  " + c.spentOn()).isLessThanOrEqualTo(3);
    }

    @Test
    void anUpdateTheHostDoesNotSeeLeavesTheAppliedProjectionUnwritten() {
        DirectoryUserKey key = new DirectoryUserKey(ORG, DIR, userId(11));
        Instant before = sync.directory(ORG).user(key).orElseThrow().applied().lastAppliedAt();

        // a new version with the same attributes: the mirror takes the version, the host has nothing to change
        Outcome o = sync.accept(new SourceEvent.UserUpdated(meta("no-op-update"), user(11, "Engineer"),
                java.util.Map.of()));

        assertThat(o).isInstanceOfSatisfying(Outcome.Applied.class, a -> assertThat(a.changes()).isEmpty());
        assertThat(sync.directory(ORG).user(key).orElseThrow().applied().lastAppliedAt()).isEqualTo(before);
    }

    @Test
    void aMembershipEventRepeatingUnchangedSnapshotsRewritesNeitherTheUserNorTheGroupButMovesTheirVersions() {
        DirectoryUser u = user(LARGE + 4, "Engineer");
        DirectoryGroup eng = DirectoryGroup.of("g-eng", DIR, "Engineering");
        sync.accept(new SourceEvent.UserCreated(meta("snap-created"), u));

        // WorkOS repeats the user's and the group's current snapshots with every membership event
        Cost c = cost(() -> sync.accept(new SourceEvent.UserAddedToGroup(meta("snap-added"), u.id(), "g-eng", u, eng)),
                Outcome.Applied.class);

        assertThat(c.sql()).as("no row of the mirror's users or groups is rewritten; statements:\n  " + c.spentOn())
                .noneMatch(sql -> MIRROR_ROW_WRITE.matcher(sql).find());
        assertThat(c.statements()).as("statements:\n  " + c.spentOn()).isLessThanOrEqualTo(newUserBudget() + 4);
        // the versions moved all the same: an update older than the membership event is stale, not applied
        Instant between = T.plusMillis(clock.get()).minusNanos(500_000);
        Outcome late = sync.accept(new SourceEvent.UserUpdated(new EventMeta("snap-late", ORG, DIR,
                Source.workos("Okta"), between), user(LARGE + 4, "Intern"), java.util.Map.of()));
        assertThat(late).isInstanceOf(Outcome.Stale.class);
        Outcome lateGroup = sync.accept(new SourceEvent.GroupUpdated(new EventMeta("snap-late-group", ORG, DIR,
                Source.workos("Okta"), between), DirectoryGroup.of("g-eng", DIR, "Old name"), java.util.Map.of()));
        assertThat(lateGroup).isInstanceOf(Outcome.Stale.class);
    }

    /** An upsert (MERGE / INSERT) of a mirror user or group: what rewrites the row's JSON and indexed columns. */
    private static final java.util.regex.Pattern MIRROR_ROW_WRITE =
            java.util.regex.Pattern.compile("(?is)^\\s*(merge|insert|replace)\\b.*mirror_(users|groups)\\b");

    @Test
    void aSignedWebhookCostsWhatItsEventCostsWithNoReadBeforeTheWrite() {
        String workosOrg = "org_hooked_" + prefix;
        String hooked = "hooked";
        sync.createOrganization(hooked, "Hooked", workosOrg, OrganizationSettings.defaults());
        dev.dirsync.core.workos.WebhookReceiver receiver = dev.dirsync.core.workos.WorkosSource.create(sync,
                dev.dirsync.core.workos.WorkosConfig.builder().webhookSecret(HOOK_SECRET).build()).webhooks();
        assertThat(receiver.receive(hook("hook-activated", "dsync.activated", "{\"object\":\"directory\",\"id\":\"hookdir\","
                + "\"organization_id\":\"" + workosOrg + "\",\"type\":\"okta scim v2.0\",\"name\":\"Okta\"}"), sig()))
                .isInstanceOf(dev.dirsync.core.workos.WebhookResult.Accepted.class);
        receiver.receive(hook("hook-u1", "dsync.user.created", hookUser("hu1", workosOrg)), sig());

        counting.reset();
        dev.dirsync.core.workos.WebhookResult r = receiver.receive(hook("hook-u2", "dsync.user.created",
                hookUser("hu2", workosOrg)), sig());
        Cost c = new Cost(counting.statements.get(), counting.rows.get(), List.copyOf(counting.prepared));

        assertThat(r).isInstanceOf(dev.dirsync.core.workos.WebhookResult.Accepted.class);
        // routing reads nothing of its own: the organization is read under its lock, the IdP's name with the
        // connection, both in the event's transaction (the lock is then the first statement of the delivery)
        assertThat(c.statements()).as("statements:\n  " + c.spentOn()).isLessThanOrEqualTo(newUserBudget());
        assertThat(c.sql().get(0)).as("first statement: the organization's lock").containsIgnoringCase("organizations");
        assertThat(sync.audit(dev.dirsync.core.audit.AuditQuery.of(hooked)).entries())
                .filteredOn(e -> "hook-u2".equals(e.sourceEventId())).isNotEmpty()
                .allSatisfy(e -> assertThat(e.actor()).isEqualTo("Okta via WorkOS Directory Sync"));
    }

    @Test
    void aSignedWebhookInInboxModeCostsOneInsertBeforeItsAnswerAndItsApplyIsGroupCommitted() {
        String workosOrg = "org_inbox_" + prefix;
        String org = "inboxed";
        sync.createOrganization(org, "Inboxed", workosOrg, OrganizationSettings.defaults());
        List<Runnable> appliers = new ArrayList<>();
        dev.dirsync.core.workos.WorkosSource source = dev.dirsync.core.workos.WorkosSource.create(sync,
                dev.dirsync.core.workos.WorkosConfig.builder().webhookSecret(HOOK_SECRET).inbox(appliers::add).build());
        dev.dirsync.core.workos.WebhookReceiver receiver = source.webhooks();
        receiver.receive(hook("inbox-activated", "dsync.activated", "{\"object\":\"directory\",\"id\":\"inboxdir\","
                + "\"organization_id\":\"" + workosOrg + "\",\"type\":\"okta scim v2.0\",\"name\":\"Okta\"}"), sig());
        appliers.forEach(Runnable::run); // the first delivery read the owner; the others route from the cache
        appliers.clear();

        counting.reset();
        dev.dirsync.core.workos.WebhookResult r = receiver.receive(hook("inbox-u0", "dsync.user.created",
                hookUserIn("iu0", workosOrg, "inboxdir")), sig());
        Cost answered = new Cost(counting.statements.get(), counting.rows.get(), List.copyOf(counting.prepared));

        assertThat(r).isInstanceOf(dev.dirsync.core.workos.WebhookResult.Queued.class);
        assertThat(answered.statements()).as("before the answer:\n  " + answered.spentOn()).isEqualTo(1);
        assertThat(answered.sql().get(0)).containsIgnoringCase("insert").containsIgnoringCase("inbox");
        assertThat(counting.commits.get()).isEqualTo(1);

        int more = 19;
        for (int i = 1; i <= more; i++) {
            receiver.receive(hook("inbox-u" + i, "dsync.user.created", hookUserIn("iu" + i, workosOrg, "inboxdir")), sig());
        }
        assertThat(appliers).as("one applier woken for the organization's burst").hasSize(1);
        counting.reset();
        appliers.forEach(Runnable::run);
        Cost applied = new Cost(counting.statements.get(), counting.rows.get(), List.copyOf(counting.prepared));
        long commits = counting.commits.get();

        assertThat(sync.directoryUsers(org)).hasSize(1 + more);
        assertThat(source.inbox().orElseThrow().depths()).noneMatch(d -> d.organizationId().equals(org));
        // 20 events in one transaction (taken with one read, removed with one delete), then one look that finds
        // none: 2 commits, not 20; and per event no more than its inline cost
        assertThat(commits).isEqualTo(2);
        assertThat(applied.statements()).as("applying 20:\n  " + applied.spentOn())
                .isLessThanOrEqualTo((1 + more) * (newUserBudget() - 1) + 6L);
    }

    private static String hookUserIn(String id, String workosOrg, String directory) {
        return hookUser(id, workosOrg).replace("\"hookdir\"", "\"" + directory + "\"");
    }

    private static final String HOOK_SECRET = "whsec_event_cost";
    private String lastHook = "";

    private byte[] hook(String id, String type, String data) {
        lastHook = "{\"object\":\"event\",\"id\":\"" + id + "\",\"event\":\"" + type + "\",\"data\":" + data
                + ",\"created_at\":\"" + T.plusMillis(clock.incrementAndGet()) + "\"}";
        return lastHook.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private String sig() {
        return dev.dirsync.core.workos.WebhookVerifier.sign(lastHook, HOOK_SECRET, System.currentTimeMillis());
    }

    private static String hookUser(String id, String workosOrg) {
        return "{\"object\":\"directory_user\",\"id\":\"" + id + "\",\"directory_id\":\"hookdir\",\"organization_id\":\""
                + workosOrg + "\",\"first_name\":\"H\",\"last_name\":\"" + id + "\",\"state\":\"active\",\"emails\":[{\"primary\":true,"
                + "\"value\":\"" + id + "@hooked.test\"}]}";
    }

    /** Creates block at a latch for users named "blocker*" while armed, and fail for the one named "boom". */
    private static final class GatedUserStore extends InMemoryUserStore {
        volatile java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        volatile java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

        @Override
        public dev.dirsync.core.spi.AppUser create(dev.dirsync.core.model.Projection desired) {
            String email = desired.identity().email();
            if (email != null && email.startsWith("blocker")) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (email != null && email.startsWith("boom@")) {
                throw new IllegalStateException("the host refuses " + email);
            }
            return super.create(desired);
        }
    }

    /**
     * Holds the organization with one event (its host call waits), queues {@code names} behind it on as many
     * threads, then lets go: returns each queued event's outcome or failure, and the statements of the release.
     */
    private List<Object> queuedBehindOneEvent(DirectorySync sync, GatedUserStore host, String blocker,
                                              List<String> names, java.util.function.Function<String, SourceEvent> event)
            throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(names.size() + 1);
        try {
            host.entered = new java.util.concurrent.CountDownLatch(1);
            host.release = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.Future<Outcome> first = pool.submit(() -> sync.accept(event.apply(blocker)));
            while (!host.entered.await(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (first.isDone()) {
                    throw new AssertionError("the first event did not reach the host: " + first.get());
                }
            }
            List<Thread> waiting = java.util.Collections.synchronizedList(new ArrayList<>());
            List<java.util.concurrent.Future<Outcome>> queued = new ArrayList<>();
            for (String n : names) {
                queued.add(pool.submit(() -> {
                    waiting.add(Thread.currentThread());
                    return sync.accept(event.apply(n));
                }));
            }
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (waiting.size() < names.size() || waiting.stream().anyMatch(t -> t.getState() != Thread.State.WAITING)) {
                assertThat(System.nanoTime()).as("queued behind the first event").isLessThan(deadline);
                Thread.sleep(5);
            }
            counting.reset();
            host.release.countDown();
            assertThat(first.get(30, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(Outcome.Applied.class);
            List<Object> out = new ArrayList<>();
            for (java.util.concurrent.Future<Outcome> f : queued) {
                try {
                    out.add(f.get(30, java.util.concurrent.TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    out.add(e.getCause());
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private long locksTaken() {
        return counting.prepared.stream().filter(sql -> sql.toLowerCase(java.util.Locale.ROOT).contains("for update"))
                .count();
    }

    @Test
    void eventsOfOneOrganizationArrivingTogetherShareOneTransactionAndOneFailingEventFailsOnlyItself() throws Exception {
        String org = "grouped";
        GatedUserStore host = new GatedUserStore();
        DirectorySync grouped = DirectorySync.builder()
                .stateStore(JdbiStateStore.builder(counting).tablePrefix(prefix).applySchema(false).build())
                .userStore(host).sessionRevoker(SessionRevoker.NONE).apiKeyRevoker(ApiKeyRevoker.NONE).build();
        grouped.createOrganization(org, "Grouped", null, OrganizationSettings.defaults());
        java.util.function.Function<String, SourceEvent> created = name -> new SourceEvent.UserCreated(
                new EventMeta("grouped-" + name, org, "grouped-dir", Source.workos("Okta"),
                        T.plusMillis(clock.incrementAndGet())),
                DirectoryUser.builder(name, "grouped-dir").email(name + "@grouped.test").build());

        // eight events queued behind a ninth (whose lock was taken before counting): one transaction for the
        // eight, not eight
        List<String> ok = List.of("a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8");
        List<Object> outcomes = queuedBehindOneEvent(grouped, host, "blocker1", ok, created);
        assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(Outcome.Applied.class));
        assertThat(locksTaken()).as("organization locks, one per transaction:\n  "
                + String.join("\n  ", counting.prepared)).isEqualTo(1);
        assertThat(counting.prepared.stream().filter(sql -> sql.toLowerCase(java.util.Locale.ROOT)
                .contains("audit")).count()).as("an audit entry per event").isGreaterThanOrEqualTo(ok.size() + 1);

        // one of eight fails in the host: the batch rolls back whole and each is taken alone
        List<String> mixed = List.of("b1", "b2", "b3", "boom", "b4", "b5", "b6", "b7");
        outcomes = queuedBehindOneEvent(grouped, host, "blocker2", mixed, created);
        for (int i = 0; i < mixed.size(); i++) {
            if (mixed.get(i).equals("boom")) {
                assertThat(outcomes.get(i)).isInstanceOfSatisfying(Throwable.class,
                        t -> assertThat(t).hasMessage("the host refuses boom@grouped.test"));
            } else {
                assertThat(outcomes.get(i)).as(mixed.get(i)).isInstanceOf(Outcome.Applied.class);
            }
        }
        // each applied once and recorded: delivered again, a duplicate; the refused one was not recorded
        for (String n : List.of("b1", "b7", "a1")) {
            assertThat(grouped.accept(created.apply(n))).as(n).isInstanceOf(Outcome.Duplicate.class);
        }
        assertThat(catchThrowable(() -> grouped.accept(created.apply("boom"))))
                .hasMessage("the host refuses boom@grouped.test");
        assertThat(grouped.directory(org).user(new DirectoryUserKey(org, "grouped-dir", "boom")))
                .as("nothing of the refused event was kept").isEmpty();
    }
}
