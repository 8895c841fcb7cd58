/**
 * Durable background jobs: work whose size grows with the organization (re-projection after a settings change,
 * a large group's or a directory's deletion) runs as a {@link dev.dirsync.core.job.Job} in bounded batches, each
 * its own short transaction through the write pipeline, its progress committed with the batch it covers. A
 * {@link dev.dirsync.core.job.JobScheduler} decides where the batches run (dirsync-jdbi binds it to db-scheduler).
 */
@NullMarked
package dev.dirsync.core.job;

import org.jspecify.annotations.NullMarked;
