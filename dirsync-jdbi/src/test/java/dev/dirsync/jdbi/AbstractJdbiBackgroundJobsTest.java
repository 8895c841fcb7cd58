package dev.dirsync.jdbi;

import com.zaxxer.hikari.HikariDataSource;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.job.Job;
import dev.dirsync.core.state.StateStore;
import dev.dirsync.core.testkit.BackgroundJobsContract;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The background-jobs contract on a database, plus what db-scheduler adds: two instances share a job (only one
 * runs it at a time, it finishes once), an instance that died mid-job is replaced by another that resumes at the
 * cursor, and a schema-5 database upgrades to the jobs tables. Run once per database by a tiny subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractJdbiBackgroundJobsTest extends BackgroundJobsContract {
    private HikariDataSource dataSource;
    private CountingDataSource counting;
    private String prefix;

    protected abstract TestDatabase database();

    @BeforeAll
    void startDatabase() {
        dataSource = TestDatabase.pool(database().newUrl(), 8);
        counting = new CountingDataSource(dataSource);
        prefix = TestDatabase.newPrefix();
        JdbiStateStore.builder(dataSource).tablePrefix(prefix).build();
    }

    @AfterAll
    void dropTables() {
        if (dataSource != null) {
            TestDatabase.dropTables(dataSource, prefix);
            dataSource.close();
        }
    }

    @Override
    protected StateStore store() {
        return JdbiStateStore.builder(counting).tablePrefix(prefix).build();
    }

    /**
     * A batch's fixed cost: the job read before the write, the organization's lock, the job under the lock, the
     * batch's keys, the four batch reads (mirror users, live groups, applied projections, open access intervals)
     * and the job's progress.
     */
    private static final int BATCH_BASE = 9;

    /**
     * What the people whose access changed cost on top, together (JDBC batches): the audit entries, the applied
     * projections, the access history's ends of the old intervals, the new ones and their workspace rows.
     */
    private static final int BATCHED_WRITES = 5;

    @Test
    void aJobBatchCostsAConstantNumberOfStatementsWhateverItsSizeAndWritesOnlyWhoChanged() {
        DirectorySync sync = seeded(new Queue());
        Job mapping = mapEveryoneToEngineering(sync).job();

        counting.reset();
        Job afterOne = sync.runJobBatch(mapping.id());
        long changed = counting.statements.get();
        List<String> changedSql = List.copyOf(counting.prepared);
        sync.runJob(mapping.id());
        // the same settings again ("activate" heals drift): nobody's access changes
        Queue queue = new Queue();
        sync(queue).reproject(org);
        counting.reset();
        Job unchangedBatch = sync.runJobBatch(queue.submitted.get(0).id());
        long unchanged = counting.statements.get();
        List<String> unchangedSql = List.copyOf(counting.prepared);

        assertThat(afterOne.done()).isEqualTo(50);
        assertThat(unchangedBatch.done()).isEqualTo(50);
        assertThat(unchanged).as("a batch of 50 people whose access did not change:\n  "
                + String.join("\n  ", unchangedSql)).isLessThanOrEqualTo(BATCH_BASE);
        assertThat(changed).as("a batch of 50 people who each gained a workspace:\n  "
                + String.join("\n  ", changedSql)).isLessThanOrEqualTo(BATCH_BASE + BATCHED_WRITES);
        assertThat(users.workspaceWrites.values()).as("the host is written once per person, by the mapping change")
                .hasSize(USERS).allMatch(n -> n == 1);
    }

    private DbSchedulerJobs runner(Duration slice) {
        return DbSchedulerJobs.builder(dataSource).tablePrefix(prefix).pollInterval(Duration.ofMillis(200))
                .heartbeatInterval(Duration.ofSeconds(1)).slice(slice).sweepInterval(Duration.ofSeconds(1))
                .shutdownMaxWait(Duration.ofSeconds(5)).build();
    }

    private Job awaitFinished(DirectorySync sync, String jobId) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Job j = sync.job(org, jobId).orElseThrow();
        while (!j.finished() && System.nanoTime() < until) {
            Thread.sleep(100);
            j = sync.job(org, jobId).orElseThrow();
        }
        return j;
    }

    @Test
    void twoInstancesShareAJobAndItsBatchesTakeEffectOnce() throws Exception {
        seeded(new Queue());
        // a slice of one batch: every batch is a new execution, which either instance may claim
        DbSchedulerJobs a = runner(Duration.ofMillis(1));
        DbSchedulerJobs b = runner(Duration.ofMillis(1));
        DirectorySync first = sync(a);
        DirectorySync second = sync(b);
        a.start(first);
        b.start(second);
        try {
            Job job = mapEveryoneToEngineering(first).job();
            assertThat(job).isNotNull();

            Job done = awaitFinished(second, job.id());

            assertThat(done.status()).isEqualTo(Job.Status.DONE);
            assertThat(done.done()).isEqualTo(USERS);
            // the execution is removed once its handler returns, just after the last batch commits
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (executions() > 0 && System.nanoTime() < until) {
                Thread.sleep(100);
            }
        } finally {
            a.stop();
            b.stop();
        }
        for (int i = 0; i < USERS; i++) {
            assertThat(workspacesOf(i)).as(userId(i)).containsExactly("engineering");
        }
        assertThat(users.workspaceWrites.values()).as("one write per person").hasSize(USERS).allMatch(n -> n == 1);
        assertThat(workspaceAuditPerUser()).hasSize(USERS).allSatisfy((u, n) -> assertThat(n).isEqualTo(1));
        assertThat(executions()).as("a finished job leaves no execution").isZero();
    }

    @Test
    void eventsOfTheOrganizationAreServedWhileItsReprojectionRunsAndEndUpProjected() throws Exception {
        seeded(new Queue());
        DbSchedulerJobs runner = runner(Duration.ofSeconds(30));
        DirectorySync sync = sync(runner);
        runner.start(sync);
        List<Integer> leavers = List.of(3, 49, 50, 51, 77, 100, 118);
        try {
            Job job = mapEveryoneToEngineering(sync).job();
            // the organization's own traffic, concurrently with the job's batches on db-scheduler's thread
            int served = 0;
            for (int i : leavers) {
                sync.accept(new dev.dirsync.core.event.SourceEvent.UserRemovedFromGroup(next(), userId(i), GROUP,
                        null, null));
                served++;
                if (served == 3) {
                    sync.accept(new dev.dirsync.core.event.SourceEvent.UserCreated(next(), user(700)));
                    sync.accept(new dev.dirsync.core.event.SourceEvent.UserAddedToGroup(next(), userId(700), GROUP));
                }
            }
            assertThat(awaitFinished(sync, job.id()).status()).isEqualTo(Job.Status.DONE);
        } finally {
            runner.stop();
        }
        for (int i = 0; i < USERS; i++) {
            if (leavers.contains(i)) {
                assertThat(workspacesOf(i)).as(userId(i) + " left the group").isEmpty();
            } else {
                assertThat(workspacesOf(i)).as(userId(i)).containsExactly("engineering");
            }
        }
        assertThat(workspacesOf(700)).containsExactly("engineering");
    }

    @Test
    void anInstanceThatDiesMidJobIsReplacedAndTheJobResumesAtItsCursor() throws Exception {
        DirectorySync dead = seeded(new Queue());
        Job job = mapEveryoneToEngineering(dead).job();
        dead.runJobBatch(job.id());
        // the instance dies holding the execution: picked, its heartbeat long stale
        pickedByADeadInstance(job.id());
        DbSchedulerJobs survivor = runner(Duration.ofSeconds(30));
        DirectorySync second = sync(survivor);
        survivor.start(second);
        try {
            Job done = awaitFinished(second, job.id());

            assertThat(done.status()).isEqualTo(Job.Status.DONE);
        } finally {
            survivor.stop();
        }
        assertThat(users.workspaceWrites.values()).as("one write per person").hasSize(USERS).allMatch(n -> n == 1);
        assertThat(workspaceAuditPerUser()).hasSize(USERS).allSatisfy((u, n) -> assertThat(n).isEqualTo(1));
    }

    @Test
    void aJobCommittedButNeverScheduledIsFoundByTheSweep() throws Exception {
        DirectorySync crashed = seeded(new Queue()); // the Queue "loses" the job: as if the instance died at submit
        Job job = mapEveryoneToEngineering(crashed).job();
        DbSchedulerJobs runner = runner(Duration.ofSeconds(30));
        DirectorySync next = sync(runner);
        runner.start(next);
        try {
            assertThat(awaitFinished(next, job.id()).status()).isEqualTo(Job.Status.DONE);
        } finally {
            runner.stop();
        }
        assertThat(workspacesOf(USERS - 1)).containsExactly("engineering");
    }

    @Test
    void aSchemaFiveDatabaseUpgradesToTheJobsTables() {
        String old = TestDatabase.newPrefix();
        try {
            new SchemaMigrator(Jdbi.create(dataSource), database().dialect, new Tables(old, null),
                    Duration.ofSeconds(30), SchemaMigrator.VERSIONS.subList(0, 5)).migrate();

            JdbiStateStore upgraded = JdbiStateStore.builder(dataSource).tablePrefix(old).build();

            List<String> versions = Jdbi.create(dataSource).withHandle(h -> h.createQuery(
                    "SELECT version FROM " + old + "schema_version ORDER BY version").mapTo(String.class).list());
            assertThat(versions).as("upgraded from 5 to the newest, through 6 (the jobs tables)").containsExactlyElementsOf(
                    SchemaMigrator.VERSIONS.stream().map(v -> String.valueOf(v.number())).toList()).contains("6");
            List<Job> open = upgraded.inTransaction((dev.dirsync.core.state.StateTransaction tx) -> tx.jobs().unfinished());
            assertThat(open).isEmpty();
            int tasks = Jdbi.create(dataSource).withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + old
                    + "scheduled_tasks").mapTo(Integer.class).one());
            assertThat(tasks).isZero();
        } finally {
            TestDatabase.dropTables(dataSource, old);
        }
    }

    private int executions() {
        return Jdbi.create(dataSource).withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + prefix
                + "scheduled_tasks WHERE task_name = :t").bind("t", DbSchedulerJobs.TASK).mapTo(Integer.class).one());
    }

    private void pickedByADeadInstance(String jobId) throws Exception {
        Timestamp longAgo = Timestamp.from(Instant.now().minus(Duration.ofDays(1)));
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO "
                + prefix + "scheduled_tasks (task_name, task_instance, task_data, execution_time, picked, picked_by, "
                + "last_heartbeat, version) VALUES (?, ?, NULL, ?, TRUE, 'a-dead-instance', ?, 1)")) {
            c.setAutoCommit(true);
            s.setString(1, DbSchedulerJobs.TASK);
            s.setString(2, jobId);
            s.setTimestamp(3, longAgo);
            s.setTimestamp(4, longAgo);
            s.executeUpdate();
        }
    }
}
