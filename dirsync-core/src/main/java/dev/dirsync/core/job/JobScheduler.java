package dev.dirsync.core.job;

import dev.dirsync.core.DirectorySync;

import java.util.concurrent.Executor;

/**
 * Where dirsync's jobs run. dirsync creates a job's record in the transaction of the write that needs it, then,
 * once that committed, hands the job here; the scheduler calls {@link DirectorySync#runJobBatch(String)} until the
 * job {@linkplain Job#finished() finished}, on any instance, as often as needed: a batch of a finished job does
 * nothing, and two runs of one job at once are serialized by the organization's lock (each batch reads the cursor
 * the other committed), so a scheduler that runs a job twice wastes time, never applies anything twice.
 * dirsync-jdbi binds this to db-scheduler (claim, heartbeat and fail-over on the host's database). A job whose
 * {@code total} fits one batch is never handed over: dirsync runs it in the call, which is as quick.
 */
public interface JobScheduler {

    /** Asks for {@code job} to be run; called after the transaction that created it committed. */
    void submit(Job job, DirectorySync sync);

    /**
     * Runs every batch on the caller's thread, right after the write that created the job (its changes are
     * then in that call's result, as before jobs existed). The default: for tests, small organizations and hosts
     * without background work. A crash mid-job leaves it queued; {@link DirectorySync#resumeJobs()} finishes it.
     */
    JobScheduler INLINE = (job, sync) -> sync.runJob(job.id());

    /**
     * Runs each job on {@code executor} (the host's threads: dirsync starts none), batch after batch; the caller
     * is answered at once with the job. For embedded use without a database; call {@link DirectorySync#resumeJobs()}
     * at startup to finish jobs a restart interrupted.
     */
    static JobScheduler onExecutor(Executor executor) {
        return (job, sync) -> executor.execute(() -> {
            try {
                sync.runJob(job.id());
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(JobScheduler.class).warn("dirsync job {} of organization {} "
                        + "stopped at its last committed batch; resumeJobs() continues it", job.id(),
                        job.organizationId(), e);
            }
        });
    }
}
