package dev.dirsync.jdbi;

import dev.dirsync.core.job.Job;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.SourceVersion;
import dev.dirsync.core.state.JobStore;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Update;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Job records; the cursor is two columns so a job resumes by keyset after the last committed batch. */
final class JdbiJobStore implements JobStore {
    private static final List<String> COLUMNS = List.of("id", "organization_id", "kind", "status", "done_count",
            "total_count", "cursor_directory_id", "cursor_user_id", "scope_directory_id", "scope_group_id",
            "version_time", "version_tiebreak", "actor", "event_id", "created_at", "updated_at", "error");
    private final Repositories r;
    private final RowMapper<Job> mapper;
    private final String select;

    JdbiJobStore(Repositories r) {
        this.r = r;
        this.select = r.select(COLUMNS);
        this.mapper = (rs, ctx) -> {
            String org = rs.getString("organization_id");
            String cursorDir = rs.getString("cursor_directory_id");
            Instant versionTime = r.nullableTime(rs, "version_time");
            return new Job(rs.getString("id"), org, Job.Kind.valueOf(rs.getString("kind")),
                    Job.Status.valueOf(rs.getString("status")), rs.getLong("done_count"), rs.getLong("total_count"),
                    cursorDir == null ? null : new DirectoryUserKey(org, cursorDir, rs.getString("cursor_user_id")),
                    rs.getString("scope_directory_id"), rs.getString("scope_group_id"),
                    versionTime == null ? null : new SourceVersion(versionTime, rs.getString("version_tiebreak")),
                    rs.getString("actor"), rs.getString("event_id"), r.time(rs, "created_at"),
                    r.time(rs, "updated_at"), rs.getString("error"));
        };
    }

    @Override
    public void insert(Job job) {
        bind(r.handle.createUpdate(Sql.insert(r.t.jobs, COLUMNS)), job).execute();
    }

    @Override
    public Optional<Job> find(String id) {
        return r.handle.createQuery(select + r.t.jobs + " WHERE id = :id").bind("id", id).map(mapper).findOne();
    }

    @Override
    public void update(Job job) {
        int n = bind(r.handle.createUpdate("UPDATE " + r.t.jobs + " SET status = :status, done_count = :done_count, "
                + "total_count = :total_count, cursor_directory_id = :cursor_directory_id, "
                + "cursor_user_id = :cursor_user_id, updated_at = :updated_at, error = :error WHERE id = :id"), job)
                .execute();
        if (n != 1) {
            throw new IllegalStateException("no job " + job.id());
        }
    }

    @Override
    public List<Job> list(String organizationId, int limit) {
        return r.handle.createQuery(select + r.t.jobs + " WHERE organization_id = :o"
                        + " ORDER BY created_at DESC, id DESC LIMIT :limit")
                .bind("o", organizationId).bind("limit", limit).map(mapper).list();
    }

    @Override
    public List<Job> unfinished() {
        return r.handle.createQuery(select + r.t.jobs + " WHERE status IN ('QUEUED', 'RUNNING')"
                + " ORDER BY created_at, id").map(mapper).list();
    }

    private Update bind(Update u, Job j) {
        DirectoryUserKey c = j.cursor();
        SourceVersion v = j.version();
        String error = j.error();
        return u.bind("id", j.id()).bind("organization_id", j.organizationId()).bind("kind", j.kind().name())
                .bind("status", j.status().name()).bind("done_count", j.done()).bind("total_count", j.total())
                .bind("cursor_directory_id", c == null ? null : c.directoryId())
                .bind("cursor_user_id", c == null ? null : c.userId())
                .bind("scope_directory_id", j.scopeDirectoryId()).bind("scope_group_id", j.scopeGroupId())
                .bind("version_time", r.time(v == null ? null : v.time()))
                .bind("version_tiebreak", v == null ? null : v.tiebreak())
                .bind("actor", j.actor()).bind("event_id", j.eventId())
                .bind("created_at", r.time(j.createdAt())).bind("updated_at", r.time(j.updatedAt()))
                .bind("error", error == null || error.length() <= 1000 ? error : error.substring(0, 1000));
    }
}
