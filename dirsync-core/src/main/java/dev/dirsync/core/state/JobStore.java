package dev.dirsync.core.state;

import dev.dirsync.core.job.Job;

import java.util.List;
import java.util.Optional;

/** Durable job records; written in the transaction of the work they describe. */
public interface JobStore {

    void insert(Job job);

    Optional<Job> find(String id);

    /** Replaces the job's record (progress, cursor, status). */
    void update(Job job);

    /** The organization's jobs, newest first, at most {@code limit}. */
    List<Job> list(String organizationId, int limit);

    /** Jobs of every organization not finished yet, oldest first: what a restarted runner resumes. */
    List<Job> unfinished();
}
