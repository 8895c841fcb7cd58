package dev.dirsync.core.job;

import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.SourceVersion;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Objects;

/**
 * A durable job over one organization's directory users, walked in (directory id, user id) order: what it does
 * ({@link Kind}), to whom ({@code scopeDirectoryId}, {@code scopeGroupId}), and how far it got ({@code cursor},
 * {@code done} of {@code total}). The cursor is written in the transaction of the batch it covers, so a job resumed
 * after a crash starts exactly after the last committed batch.
 *
 * @param cursor the last user a committed batch covered; null before the first batch
 * @param version the deleting event's version ({@link Kind#DIRECTORY_DELETED}: the tombstones' version)
 * @param eventId the source event that caused the job, if any (audit entries name it)
 * @param error why the job failed (status {@link Status#FAILED})
 */
public record Job(String id, String organizationId, Kind kind, Status status, long done, long total,
                  @Nullable DirectoryUserKey cursor, @Nullable String scopeDirectoryId,
                  @Nullable String scopeGroupId, @Nullable SourceVersion version, String actor,
                  @Nullable String eventId, Instant createdAt, Instant updatedAt, @Nullable String error) {

    /** What a job does to each user it walks. */
    public enum Kind {
        /** Re-projects every user of the organization (settings or mapping changed). */
        REPROJECT,
        /** Re-projects the members of a deleted group ({@code scopeDirectoryId}, {@code scopeGroupId}). */
        GROUP_DELETED,
        /** Marks every user of a deleted directory deleted in the mirror and projects them. */
        DIRECTORY_DELETED
    }

    /** Where a job stands. */
    public enum Status {
        QUEUED, RUNNING, DONE, FAILED,
        /** A newer re-projection of the same organization covers this one's work. */
        SUPERSEDED;

        /** True once the job will run no more batches. */
        public boolean finished() {
            return this == DONE || this == FAILED || this == SUPERSEDED;
        }
    }

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (kind == Kind.GROUP_DELETED && (scopeDirectoryId == null || scopeGroupId == null)) {
            throw new IllegalArgumentException("a GROUP_DELETED job needs the group's directory and id");
        }
        if (kind == Kind.DIRECTORY_DELETED && (scopeDirectoryId == null || version == null)) {
            throw new IllegalArgumentException("a DIRECTORY_DELETED job needs the directory and the event's version");
        }
    }

    /** A new job, queued. */
    public static Job queued(String id, String organizationId, Kind kind, long total,
                             @Nullable String scopeDirectoryId, @Nullable String scopeGroupId,
                             @Nullable SourceVersion version, String actor, @Nullable String eventId, Instant now) {
        return new Job(id, organizationId, kind, Status.QUEUED, 0, total, null, scopeDirectoryId, scopeGroupId,
                version, actor, eventId, now, now, null);
    }

    public boolean finished() {
        return status.finished();
    }

    /** This job after one more batch that covered {@code count} users up to {@code last}. */
    public Job advanced(DirectoryUserKey last, int count, boolean complete, Instant now) {
        // total was counted when the job began; users added since make done pass it, so total follows
        long d = done + count;
        return new Job(id, organizationId, kind, complete ? Status.DONE : Status.RUNNING, d, Math.max(total, d), last,
                scopeDirectoryId, scopeGroupId, version, actor, eventId, createdAt, now, null);
    }

    /** This job finished with {@code status} (and {@code error} if it failed). */
    public Job ended(Status status, @Nullable String error, Instant now) {
        return new Job(id, organizationId, kind, status, done, status == Status.DONE ? done : total, cursor,
                scopeDirectoryId, scopeGroupId, version, actor, eventId, createdAt, now, error);
    }
}
