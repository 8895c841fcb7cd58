package dev.dirsync.examples.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.SettingsUpdate;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.job.Job;
import dev.dirsync.core.job.JobScheduler;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.Identity;
import dev.dirsync.core.model.Projection;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.AppUser;
import dev.dirsync.core.spi.SessionRevoker;
import dev.dirsync.core.spi.UserStore;
import dev.dirsync.jdbi.JdbiStateStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 11 target 6: a mapping change on an organization of USERS people (all in one group), on a JDBI store.
 * Loads the mirror (bulk pages), projects everyone once (a job), then measures the admin call that changes the
 * group's mapping (it answers with a job), the job's duration, and every batch's time (each batch is one write
 * holding the organization's lock: the longest is the longest lock hold). Usage: ReprojectionBench JDBC_URL USER
 * PASSWORD USERS.
 */
public final class ReprojectionBench {

    /** The host's user table, in maps keyed the way a host indexes it. */
    static final class MapUsers implements UserStore {
        final Map<String, AppUser> byId = new ConcurrentHashMap<>();
        final Map<DirectoryUserKey, String> byKey = new ConcurrentHashMap<>();
        final AtomicLong ids = new AtomicLong();
        final AtomicLong workspaceWrites = new AtomicLong();

        @Override public Optional<AppUser> findByDirectoryUser(DirectoryUserKey key) {
            return Optional.ofNullable(byKey.get(key)).map(byId::get);
        }
        @Override public Optional<AppUser> findLinkableByVerifiedEmail(String organizationId, String email) {
            return Optional.empty();
        }
        @Override public AppUser create(Projection p) {
            AppUser u = new AppUser("app" + ids.incrementAndGet(), p.key().organizationId(), p.identity().email(),
                    p.role(), p.status(), Instant.now(), p.key());
            byId.put(u.id(), u);
            byKey.put(p.key(), u.id());
            return u;
        }
        @Override public void link(String appUserId, DirectoryUserKey key) { byKey.put(key, appUserId); }
        @Override public void updateProfile(String appUserId, Identity identity, Map<String, String> metadata) { }
        @Override public void setStatus(String appUserId, UserStatus status) { }
        @Override public void setRole(String appUserId, String role) { }
        @Override public void setWorkspaces(String appUserId, Set<String> workspaces) { workspaceWrites.incrementAndGet(); }
        @Override public List<AppUser> listActiveAdmins(String organizationId, String adminRole) { return List.of(); }
        @Override public List<AppUser> listActiveUsers(String organizationId) { return List.copyOf(byId.values()); }
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int users = Integer.parseInt(args[3]);
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setUsername(args[1]);
        c.setPassword(args[2].equals("-") ? "" : args[2]);
        c.setMaximumPoolSize(4);
        try (HikariDataSource ds = new HikariDataSource(c)) {
            String prefix = "rb" + Long.toHexString(System.nanoTime() & 0xffffffL) + "_";
            JdbiStateStore store = JdbiStateStore.builder(ds).tablePrefix(prefix).build();
            MapUsers host = new MapUsers();
            List<Job> handedOver = new ArrayList<>();
            JobScheduler background = (job, sync) -> handedOver.add(job); // this tool runs the batches itself
            DirectorySync sync = DirectorySync.builder().stateStore(store).userStore(host)
                    .sessionRevoker(SessionRevoker.NONE).apiKeyRevoker(ApiKeyRevoker.NONE)
                    .jobScheduler(background).build();
            String org = "big";
            sync.createOrganization(org, "Big Corp");
            long t0 = System.nanoTime();
            int seq = 0;
            Instant base = Instant.parse("2026-01-01T00:00:00Z");
            List<SourceEvent> page = new ArrayList<>();
            page.add(new SourceEvent.GroupCreated(new EventMeta("e" + seq++, org, "scim", Source.scim("Okta"),
                    base), DirectoryGroup.of("g_all", "scim", "Everyone")));
            for (int i = 0; i < users; i++) {
                String id = String.format("u%06d", i);
                page.add(new SourceEvent.UserCreated(new EventMeta("e" + seq++, org, "scim", Source.scim("Okta"),
                        base.plusMillis(seq)), DirectoryUser.builder(id, "scim").email(id + "@big.test")
                        .givenName("User").familyName(id).build()));
                page.add(new SourceEvent.UserAddedToGroup(new EventMeta("e" + seq++, org, "scim",
                        Source.scim("Okta"), base.plusMillis(seq)), id, "g_all"));
                if (page.size() >= 1000) {
                    sync.acceptToMirror(org, page);
                    page = new ArrayList<>();
                }
            }
            if (!page.isEmpty()) {
                sync.acceptToMirror(org, page);
            }
            System.out.printf("mirror loaded: %d users in %.1f s%n", users, (System.nanoTime() - t0) / 1e9);

            Job first = sync.updateSettings(org, s -> s.withDefaultRole("member"), null, Source.admin("bench")).job();
            long[] firstRun = run(sync, first);
            System.out.printf("first projection (creates %d host users): %.1f s, %d batches, longest batch %.0f ms%n",
                    host.byId.size(), firstRun[0] / 1e9, firstRun[1], firstRun[2] / 1e6);

            long a0 = System.nanoTime();
            SettingsUpdate update = sync.updateSettings(org,
                    s -> s.withGroupMapping(GroupMapping.workspaces("g_all", "engineering")), null, Source.admin("bench"));
            long admin = System.nanoTime() - a0;
            long[] r = run(sync, update.job());
            System.out.printf("mapping change: admin call %.1f ms (answered with job %s, %d of %d), job %.1f s, "
                            + "%d batches, batch p50 %.0f ms, longest batch (lock hold) %.0f ms, workspace writes %d%n",
                    admin / 1e6, update.job().id(), update.job().done(), update.job().total(), r[0] / 1e9, r[1],
                    r[3] / 1e6, r[2] / 1e6, host.workspaceWrites.get());
        }
    }

    /** Runs the job's batches: {total ns, batches, longest batch ns, median batch ns}. */
    static long[] run(DirectorySync sync, Job job) {
        List<Long> times = new ArrayList<>();
        long start = System.nanoTime();
        Job j = job;
        while (!j.finished()) {
            long b0 = System.nanoTime();
            j = sync.runJobBatch(job.id());
            times.add(System.nanoTime() - b0);
        }
        long total = System.nanoTime() - start;
        long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
        return new long[]{total, sorted.length, sorted[sorted.length - 1], sorted[sorted.length / 2]};
    }
}
