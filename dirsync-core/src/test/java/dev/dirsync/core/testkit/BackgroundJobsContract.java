package dev.dirsync.core.testkit;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.SettingsUpdate;
import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.audit.AuditEntry;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.job.Job;
import dev.dirsync.core.job.JobScheduler;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.outcome.Outcome;
import dev.dirsync.core.state.StateStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of dirsync's background jobs on a state store: a mapping change, a large group's deletion and a
 * directory's deletion answer with a job and run in batches whose cursor commits with the batch; a restarted
 * runner resumes exactly where the last committed batch ended; events between batches are never undone. Subclass
 * it and return the store; {@link #store()} is called again for a "restarted" instance and must see the same data.
 */
public abstract class BackgroundJobsContract {
    protected static final String DIR = "dir_okta";
    protected static final String GROUP = "g_all";
    // a SCIM directory: its id belongs to its organization, so every test organization may use the same one
    protected static final Source OKTA = Source.scim("Okta");
    protected static final Source ADMIN = Source.admin("admin@acme.test");
    /** Users of the test organization: three batches (50, 50, 20). */
    protected static final int USERS = 120;

    /** The store; each call for the same data (a restarted instance calls it again). */
    protected abstract StateStore store();

    /** A scheduler that keeps what it is given: the test runs the batches itself, one at a time. */
    protected static final class Queue implements JobScheduler {
        public final List<Job> submitted = new CopyOnWriteArrayList<>();

        public Queue() {
        }

        @Override
        public void submit(Job job, DirectorySync sync) {
            submitted.add(job);
        }
    }

    /** The host's user table, counting how often each user's workspaces were written. */
    protected static final class CountingUsers extends InMemoryUserStore {
        public final Map<String, Integer> workspaceWrites = new ConcurrentHashMap<>();

        public CountingUsers(MutableClock clock) {
            super(clock);
        }

        @Override
        public synchronized void setWorkspaces(String appUserId, Set<String> workspaces) {
            workspaceWrites.merge(appUserId, 1, Integer::sum);
            super.setWorkspaces(appUserId, workspaces);
        }
    }

    protected MutableClock clock;
    protected CountingUsers users;
    protected RecordingRevokers host;
    protected String org;
    private Instant sourceTime;
    private int seq;

    /** A fresh organization and host for every test (subclasses may keep one store for the whole class). */
    @BeforeEach
    void freshOrganization() {
        clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
        users = new CountingUsers(clock);
        host = new RecordingRevokers();
        org = "org_" + UUID.randomUUID().toString().substring(0, 8);
        sourceTime = Instant.parse("2026-03-02T08:00:00Z");
        seq = 0;
    }

    protected DirectorySync sync(JobScheduler scheduler) {
        return DirectorySync.builder().stateStore(store()).userStore(users).sessionRevoker(host).apiKeyRevoker(host)
                .auditSink(host).notifier(host).clock(clock).jobScheduler(scheduler).build();
    }

    protected EventMeta next() {
        seq++;
        sourceTime = sourceTime.plusSeconds(1);
        clock.advance(Duration.ofMillis(10));
        return new EventMeta(org + "_event_" + seq, org, DIR, OKTA, sourceTime);
    }

    protected static String userId(int i) {
        return String.format("u%03d", i);
    }

    protected static DirectoryUser user(int i) {
        return DirectoryUser.builder(userId(i), DIR).userName(userId(i) + "@acme.test").email(userId(i) + "@acme.test")
                .givenName("User").familyName(userId(i)).build();
    }

    /** The organization with {@link #USERS} people, all in {@link #GROUP}, projected, no mapping yet. */
    protected DirectorySync seeded(JobScheduler scheduler) {
        DirectorySync inline = sync(JobScheduler.INLINE);
        inline.createOrganization(org, "Acme");
        List<SourceEvent> events = new ArrayList<>();
        events.add(new SourceEvent.GroupCreated(next(), DirectoryGroup.of(GROUP, DIR, "Everyone")));
        for (int i = 0; i < USERS; i++) {
            events.add(new SourceEvent.UserCreated(next(), user(i)));
            events.add(new SourceEvent.UserAddedToGroup(next(), userId(i), GROUP));
        }
        inline.acceptToMirror(org, events);
        inline.reproject(org);
        assertThat(users.rows(org)).hasSize(USERS);
        users.workspaceWrites.clear();
        host.audit.clear();
        return sync(scheduler);
    }

    protected SettingsUpdate mapEveryoneToEngineering(DirectorySync sync) {
        return sync.updateSettings(org, s -> s.withGroupMapping(GroupMapping.workspaces(GROUP, "engineering")),
                null, ADMIN);
    }

    protected Set<String> workspacesOf(int i) {
        return users.byDirectoryUser(new DirectoryUserKey(org, DIR, userId(i))).orElseThrow().workspaces;
    }

    protected Map<String, Long> workspaceAuditPerUser() {
        return host.audit.stream().filter(e -> e.action() == AuditAction.WORKSPACE_ADDED)
                .collect(Collectors.groupingBy(AuditEntry::targetDirectoryUserId, Collectors.counting()));
    }

    @Test
    void aMappingChangeAnswersWithAJobThatProjectsEveryoneInBatches() {
        Queue queue = new Queue();
        DirectorySync sync = seeded(queue);

        SettingsUpdate update = mapEveryoneToEngineering(sync);

        Job job = update.job();
        assertThat(job).isNotNull();
        assertThat(job.kind()).isEqualTo(Job.Kind.REPROJECT);
        assertThat(job.status()).isEqualTo(Job.Status.QUEUED);
        assertThat(job.total()).isEqualTo(USERS);
        assertThat(update.changes()).isEmpty();
        assertThat(queue.submitted).extracting(Job::id).containsExactly(job.id());
        assertThat(workspacesOf(0)).isEmpty(); // the request did not project anyone

        Job afterOne = sync.runJobBatch(job.id());
        assertThat(afterOne.status()).isEqualTo(Job.Status.RUNNING);
        assertThat(afterOne.done()).isEqualTo(50);
        assertThat(sync.job(org, job.id()).orElseThrow().done()).isEqualTo(50);
        assertThat(sync.jobs(org)).extracting(Job::id).contains(job.id());
        assertThat(workspacesOf(49)).containsExactly("engineering");
        assertThat(workspacesOf(50)).isEmpty();

        sync.runJob(job.id());

        Job done = sync.job(org, job.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(Job.Status.DONE);
        assertThat(done.done()).isEqualTo(USERS);
        assertThat(sync.unfinishedJobs()).extracting(Job::id).doesNotContain(job.id());
        for (int i = 0; i < USERS; i++) {
            assertThat(workspacesOf(i)).as(userId(i)).containsExactly("engineering");
        }
        assertThat(users.workspaceWrites.values()).hasSize(USERS).allMatch(n -> n == 1);
        assertThat(sync.runJobBatch(job.id()).done()).as("a finished job's batch does nothing").isEqualTo(USERS);
    }

    @Test
    void eventsArrivingBetweenBatchesEndUpProjectedAndNoLaterBatchUndoesThem() {
        Queue queue = new Queue();
        DirectorySync sync = seeded(queue);
        Job job = mapEveryoneToEngineering(sync).job();
        sync.runJobBatch(job.id()); // u000..u049 done

        // webhooks between batches: one person already re-projected leaves, one not reached yet leaves, one joins
        sync.accept(new SourceEvent.UserRemovedFromGroup(next(), userId(10), GROUP, null, null));
        sync.accept(new SourceEvent.UserRemovedFromGroup(next(), userId(100), GROUP, null, null));
        sync.accept(new SourceEvent.UserCreated(next(), user(500)));
        sync.accept(new SourceEvent.UserAddedToGroup(next(), userId(500), GROUP));
        assertThat(workspacesOf(10)).isEmpty();
        assertThat(workspacesOf(500)).as("new settings apply to events at once").containsExactly("engineering");
        sync.runJobBatch(job.id());
        sync.accept(new SourceEvent.UserRemovedFromGroup(next(), userId(110), GROUP, null, null));
        // SCIM requests (computed from the mirror under the lock) between batches too: a PATCH removing a member
        // the job has not reached, and a POST /Users with the group's PATCH adding the new user
        sync.acceptComputed(org, mirror -> List.of(new SourceEvent.UserRemovedFromGroup(next(), userId(105), GROUP,
                null, null)));
        sync.acceptComputed(org, mirror -> List.of(new SourceEvent.UserCreated(next(), user(501)),
                new SourceEvent.UserAddedToGroup(next(), userId(501), GROUP)));
        assertThat(workspacesOf(105)).isEmpty();
        assertThat(workspacesOf(501)).containsExactly("engineering");
        sync.runJob(job.id());

        assertThat(workspacesOf(10)).isEmpty();
        assertThat(workspacesOf(100)).isEmpty();
        assertThat(workspacesOf(110)).isEmpty();
        assertThat(workspacesOf(105)).as("a SCIM removal between batches is not undone").isEmpty();
        assertThat(workspacesOf(500)).containsExactly("engineering");
        assertThat(workspacesOf(501)).containsExactly("engineering");
        assertThat(workspacesOf(99)).containsExactly("engineering");
        assertThat(workspacesOf(119)).containsExactly("engineering");
        assertThat(sync.job(org, job.id()).orElseThrow().done()).as("the new users are walked too").isEqualTo(USERS + 2);
    }

    @Test
    void aRestartedRunnerResumesAtTheCursorAndAppliesEveryoneExactlyOnce() {
        DirectorySync first = seeded(new Queue());
        Job job = mapEveryoneToEngineering(first).job();
        first.runJobBatch(job.id());
        first.runJobBatch(job.id());
        // the instance dies here; a new one starts on the same database
        Queue queue = new Queue();
        DirectorySync restarted = sync(queue);

        List<Job> open = restarted.resumeJobs();

        assertThat(open).extracting(Job::id).containsExactly(job.id());
        assertThat(open.get(0).done()).isEqualTo(100);
        assertThat(queue.submitted).extracting(Job::id).containsExactly(job.id());
        restarted.runJob(job.id());
        for (int i = 0; i < USERS; i++) {
            assertThat(workspacesOf(i)).as(userId(i)).containsExactly("engineering");
        }
        assertThat(users.workspaceWrites.values()).as("one write per person").hasSize(USERS).allMatch(n -> n == 1);
        assertThat(workspaceAuditPerUser()).as("one audit entry per person").hasSize(USERS)
                .allSatisfy((u, n) -> assertThat(n).isEqualTo(1));
    }

    @Test
    void aNewerMappingChangeSupersedesTheRunningReprojection() {
        DirectorySync sync = seeded(new Queue());
        Job older = mapEveryoneToEngineering(sync).job();
        sync.runJobBatch(older.id());

        Job newer = sync.updateSettings(org, s -> s.withGroupMapping(GroupMapping.workspaces(GROUP, "design")),
                null, ADMIN).job();

        assertThat(sync.job(org, older.id()).orElseThrow().status()).isEqualTo(Job.Status.SUPERSEDED);
        assertThat(sync.runJobBatch(older.id()).status()).isEqualTo(Job.Status.SUPERSEDED);
        sync.runJob(newer.id());
        for (int i = 0; i < USERS; i++) {
            assertThat(workspacesOf(i)).as(userId(i)).containsExactly("design");
        }
    }

    @Test
    void deletingALargeGroupAnswersAtOnceAndRemovesItsAccessInBatches() {
        DirectorySync inline = seeded(JobScheduler.INLINE);
        mapEveryoneToEngineering(inline);
        assertThat(workspacesOf(0)).containsExactly("engineering");
        Queue queue = new Queue();
        DirectorySync sync = sync(queue);

        Outcome o = sync.accept(new SourceEvent.GroupDeleted(next(), GROUP));

        assertThat(o).isInstanceOf(Outcome.Applied.class);
        assertThat(queue.submitted).hasSize(1);
        Job job = queue.submitted.get(0);
        assertThat(job.kind()).isEqualTo(Job.Kind.GROUP_DELETED);
        assertThat(job.total()).isEqualTo(USERS);
        assertThat(workspacesOf(0)).as("not in the webhook's transaction").containsExactly("engineering");
        sync.runJob(job.id());
        for (int i = 0; i < USERS; i++) {
            assertThat(workspacesOf(i)).as(userId(i)).isEmpty();
        }
    }

    @Test
    void deletingALargeDirectoryDeactivatesItsPeopleInBatches() {
        seeded(JobScheduler.INLINE).updateSettings(org, s -> s.withDeactivateWhenDirectoryDeleted(true), null, ADMIN);
        Queue queue = new Queue();
        DirectorySync sync = sync(queue);

        sync.accept(new SourceEvent.DirectoryDeleted(next()));

        assertThat(queue.submitted).hasSize(1);
        Job job = queue.submitted.get(0);
        assertThat(job.kind()).isEqualTo(Job.Kind.DIRECTORY_DELETED);
        assertThat(users.byDirectoryUser(new DirectoryUserKey(org, DIR, userId(0))).orElseThrow().status)
                .isEqualTo(UserStatus.ACTIVE);
        sync.runJobBatch(job.id());
        assertThat(sync.directoryUsers(org).stream().filter(u -> u.deleted()).count()).isEqualTo(50);
        sync.runJob(job.id());
        assertThat(sync.directoryUsers(org)).allMatch(u -> u.deleted());
        assertThat(users.rows(org)).allMatch(r -> r.status != UserStatus.ACTIVE);
    }

    @Test
    void theInlineSchedulerRunsTheJobInTheCallAndReturnsItsChanges() {
        DirectorySync sync = seeded(JobScheduler.INLINE);

        SettingsUpdate update = mapEveryoneToEngineering(sync);

        assertThat(update.job()).isNull();
        assertThat(update.changes()).hasSize(USERS);
        assertThat(sync.jobs(org)).first().extracting(Job::status).isEqualTo(Job.Status.DONE);
        assertThat(workspacesOf(USERS - 1)).containsExactly("engineering");
    }

}
