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
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.model.Projection;
import dev.dirsync.core.model.SourceVersion;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.AppUser;
import dev.dirsync.core.spi.SessionRevoker;
import dev.dirsync.core.spi.UserStore;
import dev.dirsync.core.state.MirrorMembership;
import dev.dirsync.core.state.MirrorUser;
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
 * Issue 11 target 6: a mapping change, a group delete and a directory delete on an organization of USERS people
 * (all in one group), on a JDBI store. Seeds the mirror straight into the tables, projects everyone once (a job),
 * then measures the admin call that changes the group's mapping (it answers with a job), the deletion of the group
 * (every member loses the mapped workspace) and of the directory (every member is deactivated), each a job: the call,
 * the job's duration, and every batch's time (each batch is one write holding the organization's lock: the longest
 * is the longest lock hold). Usage: ReprojectionBench JDBC_URL USER PASSWORD USERS.
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
        final AtomicLong deactivated = new AtomicLong();
        @Override public void setStatus(String appUserId, UserStatus status) {
            if (status != UserStatus.ACTIVE) {
                deactivated.incrementAndGet();
            }
        }
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
            // deleting the directory deactivates its people, so the last phase has work for every one of them
            sync.createOrganization(org, "Big Corp", null,
                    OrganizationSettings.defaults().withDeactivateWhenDirectoryDeleted(true));
            long t0 = System.nanoTime();
            seed(sync, store, org, users);
            System.out.printf("mirror seeded: %d users in %.1f s%n", users, (System.nanoTime() - t0) / 1e9);

            Job first = sync.updateSettings(org, s -> s.withDefaultRole("member"), null, Source.admin("bench")).job();
            long[] firstRun = run(sync, first);
            System.out.printf("first projection (creates %d host users): %.1f s, %d batches, batch p50 %.0f ms, "
                            + "longest batch %.0f ms, process CPU %.1f s%n", host.byId.size(), firstRun[0] / 1e9, firstRun[1],
                    firstRun[3] / 1e6, firstRun[2] / 1e6, firstRun[4] / 1e9);

            long a0 = System.nanoTime();
            SettingsUpdate update = sync.updateSettings(org,
                    s -> s.withGroupMapping(GroupMapping.workspaces("g_all", "engineering")), null, Source.admin("bench"));
            long admin = System.nanoTime() - a0;
            long[] r = run(sync, update.job());
            System.out.printf("mapping change: admin call %.1f ms (answered with job %s, %d of %d), job %.1f s, "
                            + "%d batches, batch p50 %.0f ms, longest batch (lock hold) %.0f ms, workspace writes %d, process CPU %.1f s%n",
                    admin / 1e6, update.job().id(), update.job().done(), update.job().total(), r[0] / 1e9, r[1],
                    r[3] / 1e6, r[2] / 1e6, host.workspaceWrites.get(), r[4] / 1e9);

            handedOver.clear();
            long g0 = System.nanoTime();
            sync.accept(new SourceEvent.GroupDeleted(meta(org, "e-group-deleted", Instant.now()), "g_all"));
            long groupCall = System.nanoTime() - g0;
            Job groupJob = handedOver.get(0);
            long[] g = run(sync, groupJob);
            System.out.printf("group delete: event %.1f ms (answered with job %s, %s of %d), job %.1f s, %d batches, "
                            + "batch p50 %.0f ms, longest batch (lock hold) %.0f ms, workspace writes %d, process CPU %.1f s%n",
                    groupCall / 1e6, groupJob.id(), groupJob.kind(), groupJob.total(), g[0] / 1e9, g[1], g[3] / 1e6,
                    g[2] / 1e6, host.workspaceWrites.get(), g[4] / 1e9);

            handedOver.clear();
            long d0 = System.nanoTime();
            sync.accept(new SourceEvent.DirectoryDeleted(meta(org, "e-directory-deleted", Instant.now())));
            long directoryCall = System.nanoTime() - d0;
            Job directoryJob = handedOver.get(0);
            long[] d = run(sync, directoryJob);
            System.out.printf("directory delete: event %.1f ms (answered with job %s, %s of %d), job %.1f s, "
                            + "%d batches, batch p50 %.0f ms, longest batch (lock hold) %.0f ms, deactivated %d, process CPU %.1f s%n",
                    directoryCall / 1e6, directoryJob.id(), directoryJob.kind(), directoryJob.total(), d[0] / 1e9,
                    d[1], d[3] / 1e6, d[2] / 1e6, host.deactivated.get(), d[4] / 1e9);
        }
    }

    private static EventMeta meta(String org, String id, Instant at) {
        return new EventMeta(id, org, DIR, Source.scim("Okta"), at);
    }

    private static final String DIR = "scim";
    private static final int SEED_BATCH = 2_000;

    /**
     * The mirror of USERS people, all in group g_all: the group through the engine (which also records the SCIM
     * connection), the people and memberships straight into the tables in transactions of {@value #SEED_BATCH}
     * rows, as a first sync would have left them (ScimSeed does the same for the SCIM read benchmark).
     */
    private static void seed(DirectorySync sync, JdbiStateStore store, String org, int users) {
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        sync.acceptToMirror(org, List.of(new SourceEvent.GroupCreated(meta(org, "e-group", base),
                DirectoryGroup.of("g_all", DIR, "Everyone"))));
        SourceVersion v = new SourceVersion(base.plusSeconds(1), "seed");
        for (int from = 0; from < users; from += SEED_BATCH) {
            int first = from;
            store.inTransaction(t -> {
                for (int i = first; i < Math.min(users, first + SEED_BATCH); i++) {
                    String id = String.format("u%06d", i);
                    t.mirror().putUser(new MirrorUser(org, DirectoryUser.builder(id, DIR).email(id + "@big.test")
                            .givenName("User").familyName(id).build(), v, false));
                    t.mirror().putMembership(new MirrorMembership(org, DIR, "g_all", id, true, v));
                }
                return null;
            });
        }
    }

    /** CPU time of this process so far (every thread, JIT and GC included): robust to a loaded machine. */
    static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Runs the job's batches: {total ns, batches, longest batch ns, median batch ns, process CPU ns}. */
    static long[] run(DirectorySync sync, Job job) {
        List<Long> times = new ArrayList<>();
        long cpu0 = cpu();
        long start = System.nanoTime();
        Job j = job;
        while (!j.finished()) {
            long b0 = System.nanoTime();
            j = sync.runJobBatch(job.id());
            times.add(System.nanoTime() - b0);
        }
        long total = System.nanoTime() - start;
        long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
        return new long[]{total, sorted.length, sorted[sorted.length - 1], sorted[sorted.length / 2], cpu() - cpu0};
    }
}
