package dev.dirsync.examples.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.dirsync.core.internal.StoreDirectoryView;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.read.AccessPage;
import dev.dirsync.core.read.AccessQuery;
import dev.dirsync.core.read.DirectoryView;
import dev.dirsync.jdbi.JdbiStateStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * "Who had access at T" at scale: an organization of {@code --people} (default 100,000) people, each with three
 * access intervals (provisioned into engineering; added to ops; then a final role: one in a hundred admin, one in
 * ten deactivated), so 300,000 interval rows, loaded straight into dirsync's tables (JDBC batches: the benchmark is
 * the query, not the load). Then times, through the read model ({@code DirectoryView.accessAt}), the median of
 * {@code --runs} after warm-up of: the first page of everyone at T, admins only (sparse: 1%), one workspace, a page
 * deep in the organization, and the whole answer a page of 1,000 at a time (what {@code access.csv} streams);
 * next to a floor, one primary-key read of one row, measured in the same run.
 *
 * <pre>
 * examples/benchmarks/run.sh access h2 100000
 * examples/benchmarks/run.sh access postgres 100000
 * </pre>
 */
public final class AccessAtScale {
    private static final String ORG = "bench_org";
    private static final String DIR = "directory_okta";
    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = Args.parse(argv);
        int people = Integer.parseInt(a.getOrDefault("people", "100000"));
        int runs = Integer.parseInt(a.getOrDefault("runs", "5"));
        String prefix = a.getOrDefault("prefix", "bench_access_");
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(a.get("url"));
        c.setUsername(a.getOrDefault("user", "sa"));
        c.setPassword(a.getOrDefault("password", ""));
        c.setMaximumPoolSize(4);
        try (HikariDataSource ds = new HikariDataSource(c)) {
            drop(ds, prefix);
            JdbiStateStore store = JdbiStateStore.builder(ds).tablePrefix(prefix).build();
            long loadStart = System.nanoTime();
            load(ds, prefix, people);
            System.out.printf("loaded %,d people (%,d intervals) in %.1f s%n", people, people * 3,
                    (System.nanoTime() - loadStart) / 1e9);
            DirectoryView view = new StoreDirectoryView(store, ORG, Clock.systemUTC(), Duration.ofDays(7));
            Instant at = T0.plus(Duration.ofDays(20)); // after everyone's last change
            Instant middle = T0.plus(Duration.ofDays(5)); // between the first and second interval of most
            DirectoryUserKey half = new DirectoryUserKey(ORG, DIR, user(people / 2));
            Map<String, Supplier<Object>> queries = new java.util.LinkedHashMap<>();
            queries.put("floor: one primary-key read", () -> store.inTransaction(tx -> tx.projections()
                    .find(new DirectoryUserKey(ORG, DIR, user(7)))));
            queries.put("everyone at T, first page of 100", () -> check(view.accessAt(AccessQuery.at(at)), 100));
            queries.put("everyone at an earlier T, first page", () -> check(view.accessAt(AccessQuery.at(middle)), 100));
            queries.put("role=admin (1%), first page of 100", () -> check(view.accessAt(AccessQuery.at(at)
                    .withRole("admin")), 100));
            queries.put("workspace=ops, first page of 100", () -> check(view.accessAt(AccessQuery.at(at)
                    .inWorkspace("ops")), 100));
            queries.put("everyone, page 100 deep (keyset)", () -> check(view.accessAt(AccessQuery.at(at).after(half)), 100));
            queries.put("whole answer, pages of 1,000 (CSV)", () -> {
                int n = 0;
                AccessQuery q = AccessQuery.at(at).limit(AccessQuery.MAX_LIMIT);
                while (true) {
                    AccessPage p = view.accessAt(q);
                    n += p.items().size();
                    if (p.next() == null) {
                        break;
                    }
                    q = q.after(p.next());
                }
                if (n != people) {
                    throw new IllegalStateException("walked " + n + " people, expected " + people);
                }
                return n;
            });
            for (Map.Entry<String, Supplier<Object>> q : queries.entrySet()) {
                for (int i = 0; i < 3; i++) {
                    q.getValue().get(); // warm-up
                }
                List<Double> ms = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    long t = System.nanoTime();
                    q.getValue().get();
                    ms.add((System.nanoTime() - t) / 1e6);
                }
                Collections.sort(ms);
                System.out.printf("RESULT %-40s median %9.2f ms  (runs %s)%n", q.getKey(), ms.get(ms.size() / 2),
                        ms.stream().map(x -> String.format("%.1f", x)).toList());
            }
            drop(ds, prefix);
        }
    }

    private static Object check(AccessPage p, int expected) {
        if (p.items().size() != expected) {
            throw new IllegalStateException("expected a full page of " + expected + ", got " + p.items().size());
        }
        return p;
    }

    private static String user(int i) {
        return String.format("user_%07d", i);
    }

    private static Timestamp ts(Instant i) {
        // dirsync stores UTC wall-clock time in TIMESTAMP columns
        return Timestamp.valueOf(LocalDateTime.ofInstant(i, ZoneOffset.UTC));
    }

    private static void load(HikariDataSource ds, String prefix, int people) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement h = c.prepareStatement("INSERT INTO " + prefix + "access_history (organization_id, "
                    + "directory_id, user_id, started_at, ended_at, app_user_id, label, role, workspaces, status, "
                    + "role_audit_id, workspaces_audit_id, status_audit_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement w = c.prepareStatement("INSERT INTO " + prefix + "access_workspaces (organization_id, "
                         + "directory_id, user_id, started_at, workspace) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < people; i++) {
                    String u = user(i);
                    Instant t1 = T0.plusSeconds(i % 86_400);
                    Instant t2 = t1.plus(Duration.ofDays(7));
                    Instant t3 = t2.plus(Duration.ofDays(7));
                    String last = i % 100 == 0 ? "admin" : "member";
                    String status = i % 10 == 5 ? "DEACTIVATED" : "ACTIVE";
                    Object[][] intervals = {
                            {t1, t2, "member", "[\"engineering\"]", "ACTIVE", new String[]{"engineering"}},
                            {t2, t3, "member", "[\"engineering\",\"ops\"]", "ACTIVE", new String[]{"engineering", "ops"}},
                            {t3, null, last, "[\"engineering\",\"ops\"]", status, new String[]{"engineering", "ops"}}};
                    for (Object[] iv : intervals) {
                        h.setString(1, ORG);
                        h.setString(2, DIR);
                        h.setString(3, u);
                        h.setTimestamp(4, ts((Instant) iv[0]));
                        h.setTimestamp(5, iv[1] == null ? null : ts((Instant) iv[1]));
                        h.setString(6, "app_" + i);
                        h.setString(7, u + "@acme.test");
                        h.setString(8, (String) iv[2]);
                        h.setString(9, (String) iv[3]);
                        h.setString(10, (String) iv[4]);
                        h.setString(11, "audit_" + i);
                        h.setString(12, "audit_" + i);
                        h.setString(13, "audit_" + i);
                        h.addBatch();
                        for (String ws : (String[]) iv[5]) {
                            w.setString(1, ORG);
                            w.setString(2, DIR);
                            w.setString(3, u);
                            w.setTimestamp(4, ts((Instant) iv[0]));
                            w.setString(5, ws);
                            w.addBatch();
                        }
                    }
                    if (i % 2_000 == 1_999 || i == people - 1) {
                        h.executeBatch();
                        w.executeBatch();
                        c.commit();
                    }
                }
            }
            if (c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")) {
                try (Statement s = c.createStatement()) {
                    s.execute("ANALYZE " + prefix + "access_history");
                    s.execute("ANALYZE " + prefix + "access_workspaces");
                }
                c.commit();
            }
        }
    }

    private static void drop(HikariDataSource ds, String prefix) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            for (String t : List.of("organizations", "connections", "mirror_users", "mirror_groups",
                    "mirror_memberships", "event_ledger", "projections", "previews", "audit_log", "checkpoints",
                    "scim_credentials", "access_history", "access_workspaces", "schema_version")) {
                s.execute("DROP TABLE IF EXISTS " + prefix + t);
            }
        }
    }
}
