package dev.dirsync.servlet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Force-sync jobs: fair between organizations, bounded, forgotten once old, and reported consistently. */
class SyncJobsTest {
    private final AtomicLong now = new AtomicLong();
    private final CountDownLatch release = new CountDownLatch(1);
    private SyncJobs jobs;

    @AfterEach
    void stop() {
        release.countDown();
        if (jobs != null) {
            jobs.shutdown();
        }
    }

    private final SyncJobs.DirectoryRun blocking = (org, dir) -> {
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "complete";
    };

    private static String id(Map<String, Object> started) {
        return (String) started.get("jobId");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> directories(Map<String, Object> status) {
        return (List<Map<String, Object>>) status.get("directories");
    }

    private Map<String, Object> finished(String org, String job) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            Map<String, Object> s = jobs.status(org, job, SyncJobs.DirectoryProgress.NONE);
            if ((Boolean) s.get("finished")) {
                return s;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("job " + job + " did not finish");
    }

    @Test
    void aSecondForceSyncOfTheSameOrganizationIs409WhileAnotherOrganizationStarts() {
        jobs = new SyncJobs();
        String first = id(jobs.start("acme", List.of("dir_a"), blocking));

        ApiException again = catchThrowableOfType(() -> jobs.start("acme", List.of("dir_a"), blocking),
                ApiException.class);
        Map<String, Object> other = jobs.start("globex", List.of("dir_g"), blocking);

        assertThat(again.status).isEqualTo(409);
        assertThat(again.getMessage()).contains(first);
        assertThat(other).containsKey("jobId");
    }

    @Test
    void whenTheQueueIsFullAStartIs429WithRetryAfter() {
        jobs = new SyncJobs(1, 1, SyncJobs.DEFAULT_RETENTION, 5, now::get);
        jobs.start("a", List.of("d"), blocking); // runs
        jobs.start("b", List.of("d"), blocking); // waits in the queue

        ApiException full = catchThrowableOfType(() -> jobs.start("c", List.of("d"), blocking), ApiException.class);

        assertThat(full.status).isEqualTo(429);
        assertThat(full.getMessage()).contains("force syncs waiting");
        assertThat(full).extracting("headers").asString().contains("Retry-After");
        assertThat(jobs.remembered()).as("the refused job is not kept").isEqualTo(2);
    }

    @Test
    void finishedJobsAreForgottenAfterTheRetentionAndBeyondTheNewestOfAnOrganization() throws Exception {
        jobs = new SyncJobs(1, 4, Duration.ofHours(1), 2, now::get);
        String first = id(jobs.start("acme", List.of("d"), (o, d) -> "complete"));
        finished("acme", first);
        now.addAndGet(1);
        String second = id(jobs.start("acme", List.of("d"), (o, d) -> "complete"));
        finished("acme", second);
        now.addAndGet(1);
        String third = id(jobs.start("acme", List.of("d"), (o, d) -> "complete"));
        finished("acme", third);

        assertThatThrownBy(() -> jobs.status("acme", first, SyncJobs.DirectoryProgress.NONE))
                .as("only the newest two of acme are kept").hasMessageContaining("no sync job");
        assertThat(jobs.status("acme", second, SyncJobs.DirectoryProgress.NONE)).containsEntry("finished", true);

        now.addAndGet(Duration.ofMinutes(61).toNanos());
        assertThatThrownBy(() -> jobs.status("acme", third, SyncJobs.DirectoryProgress.NONE))
                .hasMessageContaining("no sync job");
        assertThat(jobs.remembered()).isZero();
    }

    @Test
    void aStatusThatSaysFinishedNeverShowsADirectoryStillRunning() throws Exception {
        jobs = new SyncJobs();
        String job = id(jobs.start("acme", List.of("d"), blocking));
        while (!"running".equals(directories(jobs.status("acme", job, SyncJobs.DirectoryProgress.NONE)).get(0)
                .get("state"))) {
            Thread.sleep(5);
        }
        // the job finishes while the status is being put together (reading progress takes a WorkOS call)
        SyncJobs.DirectoryProgress finishesMeanwhile = (org, dir) -> {
            release.countDown();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < until && !(Boolean) jobs.status(org, job, SyncJobs.DirectoryProgress.NONE)
                    .get("finished")) {
                Thread.onSpinWait();
            }
            return Map.of();
        };

        Map<String, Object> during = jobs.status("acme", job, finishesMeanwhile);
        Map<String, Object> after = jobs.status("acme", job, SyncJobs.DirectoryProgress.NONE);

        assertThat(during).containsEntry("finished", false);
        assertThat(directories(during).get(0)).containsEntry("state", "running");
        assertThat(after).containsEntry("finished", true);
        assertThat(directories(after).get(0)).containsEntry("state", "complete");
    }
}
