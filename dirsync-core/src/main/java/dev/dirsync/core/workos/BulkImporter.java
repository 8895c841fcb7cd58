package dev.dirsync.core.workos;

import com.workos.common.exceptions.RateLimitException;
import com.workos.common.exceptions.WorkOSException;
import com.workos.common.http.Page;
import com.workos.models.DirectoryGroup;
import com.workos.models.DirectoryUserWithGroups;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.Organization;
import dev.dirsync.core.outcome.Outcome;
import dev.dirsync.core.read.DirectoryView;
import dev.dirsync.core.read.GroupQuery;
import dev.dirsync.core.read.GroupView;
import dev.dirsync.core.read.UserQuery;
import dev.dirsync.core.read.UserView;
import dev.dirsync.core.state.DirectoryConnection;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * First-sync bulk import and force sync of one WorkOS directory: pages through its groups, users and group
 * memberships with workos-java, loads them into the mirror, then projects the organization once.
 *
 * <p>How it stays correct across crashes and redeliveries:
 * <ul>
 *   <li>Every mirror change goes through {@link DirectorySync#accept} as a synthetic event with a
 *       deterministic id ({@code sync:<job>:user:<id>:<updated_at>}), so re-running a page after a crash is a
 *       duplicate the ledger ignores.</li>
 *   <li>A checkpoint (phase, list cursor, ids seen) is written after each page, in one transaction; a new
 *       importer resumes the unfinished job from it.</li>
 *   <li>Changes go to the mirror only ({@link DirectorySync#acceptToMirror}) and the organization is
 *       re-projected once at the end, so the host never sees a half-synced directory, while webhooks about
 *       other changes keep being applied during the import. The organization's mode is never touched: in test
 *       mode the re-projection fills the preview, paused it waits for resume.</li>
 *   <li>Snapshots carry the object's {@code updated_at} as their version (WorkOS's clock, comparable with
 *       event {@code created_at}); a webhook about a later change wins, one about an earlier change is stale.
 *       Membership and removal changes, which have no timestamp of their own, carry the job's start time.</li>
 * </ul>
 * Force sync also removes what the mirror has and WorkOS no longer lists (users are deactivated per the
 * organization's policy; nothing is hard-deleted). A user changed after the job started is never removed:
 * the engine sees the removal as older than that change.
 *
 * <p>429s are retried inside workos-java, honoring {@code Retry-After}; if they persist the job stops with
 * {@link ImportResult#retryAfter()} set and resumes from its checkpoint on the next call.
 */
public final class BulkImporter {
    private static final Logger log = LoggerFactory.getLogger(BulkImporter.class);
    private static final String PREFIX = "workos.import:";

    /** What kind of import. */
    public enum Kind {
        /** Load a directory's current state, typically right after linking. */
        FIRST_SYNC,
        /** Load again and also remove users, groups and memberships WorkOS no longer lists. */
        FORCE_SYNC
    }

    /** Steps of a job, in order. */
    public enum Phase { GROUPS, USERS, MEMBERSHIPS, SWEEP, PROJECT, DONE }

    /**
     * Progress of an import job, for logs and the admin UI.
     *
     * @param membershipGroupsTotal groups whose members are listed; known once the groups phase finished
     * @param removed users and groups a force sync found gone
     */
    public record ImportProgress(String jobId, String organizationId, String directoryId, Kind kind, Phase phase,
                                 long groups, long users, int membershipGroupsDone, int membershipGroupsTotal,
                                 long removed, Instant startedAt, @Nullable Instant completedAt) {
        public boolean complete() {
            return phase == Phase.DONE;
        }

        /** Units done in the current phase. */
        public long done() {
            return switch (phase) {
                case GROUPS -> groups;
                case USERS -> users;
                case MEMBERSHIPS, SWEEP, PROJECT, DONE -> membershipGroupsDone;
            };
        }

        /** Units in the current phase, or null where WorkOS does not tell the total up front (list endpoints). */
        public @Nullable Long total() {
            return switch (phase) {
                case GROUPS, USERS -> null;
                case MEMBERSHIPS, SWEEP, PROJECT, DONE -> (long) membershipGroupsTotal;
            };
        }
    }

    /**
     * Result of one {@code run}: complete, or interrupted with the reason; call again to resume.
     *
     * @param retryAfter set when WorkOS kept answering 429: wait this long before resuming
     */
    public record ImportResult(ImportProgress progress, @Nullable String interruption, @Nullable Duration retryAfter) {
        public boolean complete() {
            return progress.complete();
        }
    }

    private final Api api;
    private final DirectorySync sync;
    private final WorkosConfig config;

    BulkImporter(Api api, DirectorySync sync, WorkosConfig config) {
        this.api = api;
        this.sync = sync;
        this.config = config;
    }

    public ImportResult firstSync(String organizationId, String directoryId) {
        return run(organizationId, directoryId, Kind.FIRST_SYNC, p -> { });
    }

    public ImportResult forceSync(String organizationId, String directoryId) {
        return run(organizationId, directoryId, Kind.FORCE_SYNC, p -> { });
    }

    /**
     * Runs (or resumes) an import of a directory into the organization. An unfinished job of the same directory
     * is resumed whatever {@code kind} asks for; a finished one is followed by a new job. First checks with WorkOS
     * that the directory belongs to the organization ({@link #verifyDirectory}).
     *
     * @throws dev.dirsync.core.BindingConflict if it does not; nothing is imported
     * @throws IllegalStateException if WorkOS cannot be asked before a new job starts (a resumed job reports it
     *                               as an interruption instead)
     */
    public ImportResult run(String organizationId, String directoryId, Kind kind, Consumer<ImportProgress> listener) {
        Job job = load(organizationId, directoryId).filter(j -> j.phase != Phase.DONE).orElse(null);
        try {
            verifyDirectory(organizationId, directoryId);
        } catch (WorkOSException e) {
            log.warn("import of directory {} into organization {} not started: WorkOS could not say who owns the "
                    + "directory: {} {}", directoryId, organizationId, e.status, e.getMessage());
            if (job == null) {
                throw new IllegalStateException("could not ask WorkOS which organization owns directory "
                        + directoryId + " (" + e.status + " " + e.getMessage() + "): try again later", e);
            }
            return new ImportResult(job.progress(), "WorkOS API call failed (" + e.status + "): " + e.getMessage(),
                    e instanceof RateLimitException r && r.retryAfterSeconds != null
                            ? Duration.ofSeconds(r.retryAfterSeconds) : null);
        }
        if (job == null) {
            job = new Job(UUID.randomUUID().toString(), organizationId, directoryId, kind,
                    config.clock().instant());
            save(job, List.of());
            log.info("{} of directory {} into organization {} started (job {})", kind, directoryId,
                    organizationId, job.id);
        } else if (job.kind != kind) {
            log.info("resuming the unfinished {} job {} of directory {} instead of starting a {}", job.kind,
                    job.id, directoryId, kind);
        }
        Run run = new Run(job, provider(organizationId, directoryId), listener);
        try {
            run.execute();
            return new ImportResult(job.progress(), null, null);
        } catch (RateLimitException e) {
            Duration wait = e.retryAfterSeconds == null ? config.retryMaxDelay() : Duration.ofSeconds(e.retryAfterSeconds);
            log.warn("import job {} paused by WorkOS rate limiting; resume in {}", job.id, wait);
            return new ImportResult(job.progress(), "WorkOS rate limit (429) persisted after retries", wait);
        } catch (WorkOSException e) {
            log.warn("import job {} interrupted in phase {}: {} {}; call again to resume from the checkpoint",
                    job.id, job.phase, e.status, e.getMessage());
            return new ImportResult(job.progress(), "WorkOS API call failed (" + e.status + "): " + e.getMessage(), null);
        }
    }

    /**
     * Asks WorkOS which WorkOS organization owns the directory and refuses unless it is the one linked to the
     * organization, so an import can never copy another tenant's directory into this one. Every {@link #run} does
     * this first (a resumed job too); adapters call it to refuse before starting a job in the background.
     *
     * @throws IllegalArgumentException if there is no such organization
     * @throws IllegalStateException if the organization is not linked to a WorkOS organization
     * @throws dev.dirsync.core.BindingConflict if WorkOS does not list the directory under that WorkOS
     *                                                 organization (or does not know it)
     * @throws RuntimeException workos-java's exception if WorkOS could not be asked (try again later)
     */
    public void verifyDirectory(String organizationId, String directoryId) {
        Organization org = sync.organization(organizationId).orElseThrow(() -> new IllegalArgumentException(
                "unknown organization '" + organizationId + "': create it with DirectorySync.createOrganization "
                        + "and link it to its WorkOS organization first"));
        String workosOrg = org.workosOrganizationId();
        if (workosOrg == null) {
            throw new IllegalStateException("organization '" + organizationId + "' is not linked to a WorkOS "
                    + "organization: link it (WorkosSetup.link or createWorkosOrganization) before importing a "
                    + "directory");
        }
        String owner;
        try {
            owner = api.client().getDirectorySync().get(directoryId).getOrganizationId();
        } catch (com.workos.common.exceptions.NotFoundException e) {
            owner = null;
        }
        if (!workosOrg.equals(owner)) {
            log.warn("import of directory {} into organization {} refused: WorkOS lists it under {}, not {}",
                    directoryId, organizationId, owner == null ? "no organization it knows" : "another organization",
                    workosOrg);
            throw dev.dirsync.core.BindingConflict.directoryNotOwned(directoryId, organizationId);
        }
    }

    /** The latest job of a directory (running, interrupted or done), if any. */
    public Optional<ImportProgress> progress(String organizationId, String directoryId) {
        return load(organizationId, directoryId).map(Job::progress);
    }

    private final class Run {
        private final Job job;
        private final Source source;
        private final Consumer<ImportProgress> listener;

        Run(Job job, Source source, Consumer<ImportProgress> listener) {
            this.job = job;
            this.source = source;
            this.listener = listener;
        }

        void execute() {
            while (job.phase != Phase.DONE) {
                Phase before = job.phase;
                switch (job.phase) {
                    case GROUPS -> groupsPage();
                    case USERS -> usersPage();
                    case MEMBERSHIPS -> membershipsOfNextGroup();
                    case SWEEP -> sweep();
                    case PROJECT -> project();
                    default -> throw new IllegalStateException("phase " + job.phase);
                }
                if (before != job.phase) {
                    log.info("import job {}: {} done, now {}", job.id, before, job.phase);
                }
                listener.accept(job.progress());
            }
        }

        private void groupsPage() {
            Page<DirectoryGroup> page = api.client().getDirectorySync().listGroups(null, job.cursor,
                    config.pageSize(), null, job.directoryId, null);
            List<String> ids = new ArrayList<>();
            List<SourceEvent> batch = new ArrayList<>();
            for (DirectoryGroup g : page.data) {
                var group = WorkosObjects.group(TypedObjects.group(g));
                Instant v = version(g.getUpdatedAt() == null ? null : g.getUpdatedAt().toInstant());
                batch.add(new SourceEvent.GroupUpdated(meta("group:" + group.id() + ":" + v, v), group));
                ids.add(group.id());
            }
            acceptAll(batch);
            job.groups += ids.size();
            String chunk = ids.isEmpty() ? null : seenKey(job, 'g', job.groupChunks++);
            advance(page.listMetadata.after, Phase.USERS);
            save(job, chunk == null ? List.of() : List.of(Map.entry(chunk, String.join("\n", ids))));
        }

        private void usersPage() {
            Page<DirectoryUserWithGroups> page = api.client().getDirectorySync().listUsers(null, job.cursor,
                    config.pageSize(), null, job.directoryId, null, null, null);
            List<String> ids = new ArrayList<>();
            List<SourceEvent> batch = new ArrayList<>();
            for (DirectoryUserWithGroups u : page.data) {
                var user = WorkosObjects.user(TypedObjects.user(u));
                Instant v = version(u.getUpdatedAt() == null ? null : u.getUpdatedAt().toInstant());
                batch.add(new SourceEvent.UserUpdated(meta("user:" + user.id() + ":" + v, v), user));
                ids.add(user.id());
            }
            acceptAll(batch);
            job.users += ids.size();
            String chunk = ids.isEmpty() ? null : seenKey(job, 'u', job.userChunks++);
            advance(page.listMetadata.after, Phase.MEMBERSHIPS);
            if (job.phase == Phase.MEMBERSHIPS) {
                job.membershipGroupsTotal = (int) job.groups;
            }
            save(job, chunk == null ? List.of() : List.of(Map.entry(chunk, String.join("\n", ids))));
        }

        /** The groups chunk being walked by the memberships phase: one page of group ids, never all of them. */
        private @Nullable List<String> groupChunk;
        private int groupChunkIndex = -1;

        /** The group the memberships phase is at, read from its chunk; null once every chunk is done. */
        private @Nullable String currentGroup() {
            while (job.memberChunk < job.groupChunks) {
                if (groupChunkIndex != job.memberChunk) {
                    int chunk = job.memberChunk;
                    groupChunk = sync.checkpoints(cp -> cp.get(seenKey(job, 'g', chunk)))
                            .map(v -> List.of(v.split("\n"))).orElse(List.of());
                    groupChunkIndex = chunk;
                }
                if (job.memberOffset < groupChunk.size()) {
                    return groupChunk.get(job.memberOffset);
                }
                job.memberChunk++;
                job.memberOffset -= groupChunk.size();
            }
            return null;
        }

        /**
         * One group's members, applied a page at a time as WorkOS lists them (memory: one page, plus for a force
         * sync the ids listed, to find the members WorkOS no longer lists).
         */
        private void membershipsOfNextGroup() {
            String groupId = currentGroup();
            if (groupId == null) {
                job.phase = job.kind == Kind.FORCE_SYNC ? Phase.SWEEP : Phase.PROJECT;
                save(job, List.of());
                return;
            }
            Set<String> listed = job.kind == Kind.FORCE_SYNC ? new java.util.HashSet<>() : Set.of();
            Instant v = job.startedAt;
            String after = null;
            do {
                Page<DirectoryUserWithGroups> page = api.client().getDirectorySync().listUsers(null, after,
                        config.pageSize(), null, null, groupId, null, null);
                List<SourceEvent> batch = new ArrayList<>(page.data.size());
                for (DirectoryUserWithGroups u : page.data) {
                    if (job.kind != Kind.FORCE_SYNC || listed.add(u.getId())) {
                        batch.add(new SourceEvent.UserAddedToGroup(meta("member:" + groupId + ":" + u.getId(), v),
                                u.getId(), groupId));
                    }
                }
                acceptAll(batch);
                after = page.data.isEmpty() ? null : page.listMetadata.after;
            } while (after != null);
            if (job.kind == Kind.FORCE_SYNC) {
                List<String> mirrored = sync.directory(job.organizationId).memberIds(job.directoryId, groupId);
                for (String userId : mirrored) {
                    if (!listed.contains(userId)) {
                        accept(new SourceEvent.UserRemovedFromGroup(meta("unmember:" + groupId + ":" + userId, v),
                                userId, groupId));
                    }
                }
            }
            job.groupIndex++;
            job.memberOffset++;
            save(job, List.of());
        }

        private void sweep() {
            Set<String> users = seen(job, 'u');
            Set<String> groups = seen(job, 'g');
            DirectoryView mirror = sync.directory(job.organizationId);
            long removed = 0;
            // keyset paging: removing a user (a tombstone) cannot shift the pages still to come
            DirectoryUserKey after = null;
            dev.dirsync.core.read.Page<UserView> userPage;
            do {
                userPage = mirror.users(UserQuery.all().inDirectory(job.directoryId).after(after)
                        .page(0, config.pageSize()));
                for (UserView v : userPage.items()) {
                    String id = v.key().userId();
                    if (!users.contains(id)) {
                        // stamped with the job's start: a user created or changed since then is newer and stays
                        Outcome o = accept(new SourceEvent.UserDeleted(meta("user-gone:" + id, job.startedAt), id));
                        removed += o instanceof Outcome.Stale ? 0 : 1;
                    }
                    after = v.key();
                }
            } while (userPage.hasMore() && !userPage.items().isEmpty());
            // tombstones included so that removing a group cannot shift the offsets of the pages still to come
            GroupQuery groupQuery = GroupQuery.all().inDirectory(job.directoryId).includingDeleted(true);
            dev.dirsync.core.read.Page<GroupView> groupPage;
            int offset = 0;
            do {
                groupPage = mirror.groups(groupQuery.page(offset, config.pageSize()));
                for (GroupView v : groupPage.items()) {
                    String id = v.group().group().id();
                    if (!v.group().deleted() && !groups.contains(id)) {
                        Outcome o = accept(new SourceEvent.GroupDeleted(meta("group-gone:" + id, job.startedAt), id));
                        removed += o instanceof Outcome.Stale ? 0 : 1;
                    }
                }
                offset += groupPage.items().size();
            } while (groupPage.hasMore() && !groupPage.items().isEmpty());
            job.removed = removed;
            job.phase = Phase.PROJECT;
            save(job, List.of());
        }

        private void project() {
            sync.reproject(job.organizationId); // follows the organization's mode: apply, preview, or hold
            List<String> chunks = new ArrayList<>();
            for (int i = 0; i < job.userChunks; i++) {
                chunks.add(seenKey(job, 'u', i));
            }
            for (int i = 0; i < job.groupChunks; i++) {
                chunks.add(seenKey(job, 'g', i));
            }
            job.phase = Phase.DONE;
            job.completedAt = config.clock().instant();
            sync.checkpoints(cp -> {
                chunks.forEach(cp::remove);
                cp.put(jobKey(job.organizationId, job.directoryId), job.toJson());
                return null;
            });
            log.info("import job {} of directory {} complete: {} groups, {} users, {} removed", job.id,
                    job.directoryId, job.groups, job.users, job.removed);
        }

        private void advance(@Nullable String after, Phase next) {
            job.cursor = after;
            if (after == null) {
                job.phase = next;
            }
        }

        private Instant version(@Nullable Instant updatedAt) {
            return updatedAt != null ? updatedAt : job.startedAt;
        }

        private EventMeta meta(String suffix, Instant at) {
            return new EventMeta("sync:" + job.id + ":" + suffix, job.organizationId, job.directoryId, source, at);
        }

        /** One transaction per page; a crash re-runs the page, whose deterministic ids make it duplicates. */
        private void acceptAll(List<SourceEvent> batch) {
            if (batch.isEmpty()) {
                return;
            }
            List<Outcome> outcomes = sync.acceptToMirror(job.organizationId, batch);
            for (Outcome o : outcomes) {
                if (o instanceof Outcome.Rejected r) {
                    throw new IllegalStateException("import job " + job.id + " stopped: dirsync refused "
                            + r.eventId() + ": " + r.reason());
                }
            }
        }

        private Outcome accept(SourceEvent e) {
            Outcome o = sync.acceptToMirror(e);
            if (o instanceof Outcome.Rejected r) {
                throw new IllegalStateException("import job " + job.id + " stopped: dirsync refused "
                        + e.meta().eventId() + ": " + r.reason());
            }
            return o;
        }
    }

    private Source provider(String organizationId, String directoryId) {
        String provider = sync.directory(organizationId).connections().stream()
                .filter(c -> c.directoryId().equals(directoryId)).findFirst()
                .map(DirectoryConnection::provider).orElse(DirectoryTypes.UNKNOWN_PROVIDER);
        return Source.workos(provider);
    }

    private Optional<Job> load(String organizationId, String directoryId) {
        return sync.checkpoints(cp -> cp.get(jobKey(organizationId, directoryId))).map(Job::fromJson);
    }

    private void save(Job job, List<Map.Entry<String, String>> chunks) {
        sync.checkpoints(cp -> {
            chunks.forEach(c -> cp.put(c.getKey(), c.getValue()));
            cp.put(jobKey(job.organizationId, job.directoryId), job.toJson());
            return null;
        });
    }

    private Set<String> seen(Job job, char kind) {
        int n = kind == 'u' ? job.userChunks : job.groupChunks;
        return sync.checkpoints(cp -> {
            Set<String> out = new TreeSet<>();
            for (int i = 0; i < n; i++) {
                cp.get(seenKey(job, kind, i)).ifPresent(v -> out.addAll(List.of(v.split("\n"))));
            }
            return out;
        });
    }

    private static String jobKey(String organizationId, String directoryId) {
        return PREFIX + organizationId + ":" + directoryId;
    }

    private static String seenKey(Job job, char kind, int chunk) {
        return PREFIX + job.organizationId + ":" + job.directoryId + ":" + job.id + ":seen-" + kind + ":" + chunk;
    }

    /** Mutable state of one job, stored as JSON in the checkpoint store. */
    private static final class Job {
        final String id;
        final String organizationId;
        final String directoryId;
        final Kind kind;
        final Instant startedAt;
        Phase phase = Phase.GROUPS;
        @Nullable String cursor;
        long groups;
        long users;
        long removed;
        int groupChunks;
        int userChunks;
        int groupIndex;
        /** Where the memberships phase is: the groups chunk, and the group's place in it. */
        int memberChunk;
        int memberOffset;
        int membershipGroupsTotal;
        @Nullable Instant completedAt;

        Job(String id, String organizationId, String directoryId, Kind kind, Instant startedAt) {
            this.id = id;
            this.organizationId = organizationId;
            this.directoryId = directoryId;
            this.kind = kind;
            this.startedAt = startedAt;
        }

        ImportProgress progress() {
            return new ImportProgress(id, organizationId, directoryId, kind, phase, groups, users, groupIndex,
                    membershipGroupsTotal, removed, startedAt, completedAt);
        }

        String toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("organizationId", organizationId);
            m.put("directoryId", directoryId);
            m.put("kind", kind.name());
            m.put("startedAt", startedAt.toString());
            m.put("phase", phase.name());
            m.put("cursor", cursor);
            m.put("groups", groups);
            m.put("users", users);
            m.put("removed", removed);
            m.put("groupChunks", groupChunks);
            m.put("userChunks", userChunks);
            m.put("groupIndex", groupIndex);
            m.put("memberChunk", memberChunk);
            m.put("memberOffset", memberOffset);
            m.put("membershipGroupsTotal", membershipGroupsTotal);
            m.put("completedAt", completedAt == null ? null : completedAt.toString());
            return Json.write(m);
        }

        static Job fromJson(String json) {
            Map<String, Object> m = Json.parseObject(json);
            Job j = new Job(Json.str(m, "id"), Json.str(m, "organizationId"), Json.str(m, "directoryId"),
                    Kind.valueOf(Json.str(m, "kind")), Instant.parse(Json.str(m, "startedAt")));
            j.phase = Phase.valueOf(Json.str(m, "phase"));
            j.cursor = Json.str(m, "cursor");
            j.groups = num(m, "groups");
            j.users = num(m, "users");
            j.removed = num(m, "removed");
            j.groupChunks = (int) num(m, "groupChunks");
            j.userChunks = (int) num(m, "userChunks");
            j.groupIndex = (int) num(m, "groupIndex");
            if (m.containsKey("memberChunk")) {
                j.memberChunk = (int) num(m, "memberChunk");
                j.memberOffset = (int) num(m, "memberOffset");
            } else {
                // saved by a version that walked the groups in another order: its memberships phase starts over
                // (what it applied already comes again as duplicates)
                j.groupIndex = 0;
            }
            j.membershipGroupsTotal = (int) num(m, "membershipGroupsTotal");
            String done = Json.str(m, "completedAt");
            j.completedAt = done == null ? null : Instant.parse(done);
            return j;
        }

        private static long num(Map<String, Object> m, String key) {
            return m.get(key) instanceof Number n ? n.longValue() : 0;
        }
    }
}
