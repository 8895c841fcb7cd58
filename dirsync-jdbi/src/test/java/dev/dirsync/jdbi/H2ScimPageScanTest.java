package dev.dirsync.jdbi;

import com.zaxxer.hikari.HikariDataSource;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.Organization;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.model.SourceVersion;
import dev.dirsync.core.read.Page;
import dev.dirsync.core.read.UserQuery;
import dev.dirsync.core.read.UserTerm;
import dev.dirsync.core.read.UserView;
import dev.dirsync.core.state.MirrorGroup;
import dev.dirsync.core.state.MirrorMembership;
import dev.dirsync.core.state.MirrorUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the database itself does for a SCIM page of one directory (issue 11, target 4), which counting fetched rows
 * cannot show: every statement a page executed is run again with its parameters under H2's {@code EXPLAIN ANALYZE},
 * and the rows H2 scanned ({@code scanCount}) are summed. A page's rows must be read in index order (no sort of the
 * directory) and a deep page must walk the index to its offset once, not read and sort every user.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class H2ScimPageScanTest {
    private static final Pattern SCAN_COUNT = Pattern.compile("scanCount: (\\d+)");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String ORG = "org-large";
    private static final String DIR = "dir-scim";
    private static final int USERS = 2_000;

    private HikariDataSource pool;
    private String prefix;
    private JdbiStateStore store;
    private final List<Executed> executed = Collections.synchronizedList(new ArrayList<>());

    private record Executed(String sql, TreeMap<Integer, Object> params) {
    }

    /** What one statement asked of H2: its plan and the rows it scanned. */
    private record Scan(String sql, String plan, long rows) {
    }

    @BeforeAll
    void seed() {
        pool = TestDatabase.pool(TestDatabase.H2.newUrl(), 2);
        prefix = TestDatabase.newPrefix();
        store = JdbiStateStore.builder(recording(pool)).tablePrefix(prefix).build();
        store.inTransaction(t -> {
            t.organizations().insert(new Organization(ORG, "Large", null, OrganizationSettings.defaults(), T0));
            t.mirror().putGroup(new MirrorGroup(ORG, DirectoryGroup.of("g-all", DIR, "Everyone"),
                    new SourceVersion(T0, "g"), false));
            // another directory of the same organization, sorted before and after this one
            for (String other : List.of("dir-a", "dir-z")) {
                for (int i = 0; i < 200; i++) {
                    t.mirror().putUser(new MirrorUser(ORG, DirectoryUser.builder("o%05d".formatted(i), other)
                            .userName("o" + i + "@" + other).title("Title " + (i % 10)).build(),
                            new SourceVersion(T0, "s"), false));
                }
            }
            for (int i = 0; i < USERS; i++) {
                String id = "u%05d".formatted(i);
                t.mirror().putUser(new MirrorUser(ORG, DirectoryUser.builder(id, DIR).userName("user" + i + "@large.test")
                        .email("user" + i + "@large.test").title("Title " + (i % 10)).active(i % 20 != 0).build(),
                        new SourceVersion(T0.plusSeconds(i), "s"), i % 50 == 49));
                t.mirror().putMembership(new MirrorMembership(ORG, DIR, "g-all", id, true, new SourceVersion(T0, "m")));
            }
            return null;
        });
    }

    @AfterAll
    void drop() {
        if (pool != null) {
            TestDatabase.dropTables(pool, prefix);
            pool.close();
        }
    }

    @Test
    void theFirstUnfilteredPageOfADirectoryReadsAPageOfIndexEntriesNotTheDirectory() {
        List<Scan> scans = scans(() -> page(UserQuery.all().inDirectory(DIR).page(0, 10)));
        Scan rows = rowsOf(scans);
        assertThat(rows.plan()).as(rows.sql()).contains("index sorted");
        assertThat(rows.rows()).as("ten users and their applied projections: " + rows.plan()).isLessThanOrEqualTo(22);
        // the total: a range of the (organization, directory, deleted, user) index, the directory's live users only
        assertThat(totalScan(scans)).isLessThanOrEqualTo(USERS - USERS / 50 + 1);
    }

    @Test
    void aDeepPageWalksTheIndexToItsOffsetOnceAndReadsOnlyItsOwnRows() {
        int offset = 1_900;
        List<Scan> scans = scans(() -> {
            Page<UserView> p = page(UserQuery.all().inDirectory(DIR).page(offset, 10));
            assertThat(p.items()).hasSize(10);
            assertThat(p.items().get(0).key().userId()).isEqualTo("u%05d".formatted(offset + offset / 49));
            return p;
        });
        for (Scan s : scans) {
            if (!s.sql().startsWith("SELECT COUNT")) {
                assertThat(s.plan()).as(s.sql()).contains("index sorted");
            }
            if (s.sql().contains("OFFSET")) {
                assertThat(s.plan()).as("the offset is walked without the projections").doesNotContain("PROJECTIONS");
            }
        }
        long walked = scans.stream().filter(s -> s.sql().contains("OFFSET")).mapToLong(Scan::rows).sum();
        assertThat(walked).as("the offset's walk").isLessThanOrEqualTo(offset + 2);
        long page = scans.stream().filter(s -> !s.sql().contains("OFFSET") && !s.sql().startsWith("SELECT COUNT"))
                .mapToLong(Scan::rows).sum();
        assertThat(page).as("the page's ten users and their applied projections").isLessThanOrEqualTo(22);
    }

    @Test
    void aTitleEqPageReadsItsMatchesInIndexOrder() {
        List<Scan> scans = scans(() -> {
            Page<UserView> p = page(UserQuery.all().inDirectory(DIR)
                    .where(new UserTerm.Text(UserTerm.Field.TITLE, UserTerm.Match.EQ, "title 3")).page(0, 10));
            assertThat(p.items()).hasSize(10).allSatisfy(v -> assertThat(v.user().user().title()).isEqualTo("Title 3"));
            return p;
        });
        Scan rows = rowsOf(scans);
        assertThat(rows.plan()).as(rows.sql()).contains("index sorted");
        assertThat(rows.rows()).as("ten users and their applied projections: " + rows.plan()).isLessThanOrEqualTo(22);
        assertThat(totalScan(scans)).isLessThanOrEqualTo(USERS / 10 + 1);
    }

    @Test
    void theGroupsOfAPageOfUsersAreSeekedPerUserNotTheDirectorysMembershipsScanned() {
        List<String> ids = java.util.stream.IntStream.range(100, 110).mapToObj("u%05d"::formatted).toList();
        List<Scan> scans = scans(() -> {
            var groups = store.inTransaction(t -> t.mirror().liveGroupsOfUsers(ORG, DIR, ids));
            assertThat(groups).hasSize(10).allSatisfy(g -> assertThat(g.groupDisplayName()).isEqualTo("Everyone"));
            return groups;
        });
        // each user: its one membership and the group's row, 2 each as H2 counts them (measured 4 per user); an IN
        // list H2 cannot seek would scan all 2,000 memberships
        assertThat(scans.stream().mapToLong(Scan::rows).sum()).as(scans.toString()).isLessThanOrEqualTo(40);
    }

    private Page<UserView> page(UserQuery q) {
        return store.inTransaction(t -> t.queries().users(ORG, q));
    }

    private static Scan rowsOf(List<Scan> scans) {
        List<Scan> rows = scans.stream().filter(s -> !s.sql().startsWith("SELECT COUNT")).toList();
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private static long totalScan(List<Scan> scans) {
        return scans.stream().filter(s -> s.sql().startsWith("SELECT COUNT")).mapToLong(Scan::rows).sum();
    }

    /** Each statement {@code call} executed, run again under EXPLAIN ANALYZE. */
    private List<Scan> scans(Supplier<?> call) {
        executed.clear();
        call.get();
        List<Scan> out = new ArrayList<>();
        try (Connection c = pool.getConnection()) {
            for (Executed e : List.copyOf(executed)) {
                if (!e.sql().trim().toUpperCase(java.util.Locale.ROOT).startsWith("SELECT")) {
                    continue;
                }
                try (PreparedStatement ps = c.prepareStatement("EXPLAIN ANALYZE " + e.sql())) {
                    for (var p : e.params().entrySet()) {
                        ps.setObject(p.getKey(), p.getValue());
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        String plan = rs.getString(1);
                        long rows = 0;
                        Matcher m = SCAN_COUNT.matcher(plan);
                        while (m.find()) {
                            rows += Long.parseLong(m.group(1));
                        }
                        out.add(new Scan(e.sql().trim(), plan, rows));
                    }
                }
            }
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
        assertThat(out).isNotEmpty();
        return out;
    }

    /** A DataSource whose prepared statements record their SQL and parameters when executed. */
    private DataSource recording(DataSource target) {
        return new DataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                return connection(target.getConnection());
            }

            @Override
            public Connection getConnection(String u, String p) throws SQLException {
                return connection(target.getConnection(u, p));
            }

            @Override public PrintWriter getLogWriter() throws SQLException { return target.getLogWriter(); }
            @Override public void setLogWriter(PrintWriter out) throws SQLException { target.setLogWriter(out); }
            @Override public void setLoginTimeout(int s) throws SQLException { target.setLoginTimeout(s); }
            @Override public int getLoginTimeout() throws SQLException { return target.getLoginTimeout(); }
            @Override public Logger getParentLogger() { return Logger.getGlobal(); }
            @Override public <T> T unwrap(Class<T> iface) throws SQLException { return target.unwrap(iface); }
            @Override public boolean isWrapperFor(Class<?> iface) throws SQLException { return target.isWrapperFor(iface); }
        };
    }

    private Connection connection(Connection c) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, m, args) -> {
                    Object result = invoke(m, c, args);
                    if (m.getName().equals("prepareStatement") && result instanceof PreparedStatement ps) {
                        return statement((String) args[0], ps);
                    }
                    return result;
                });
    }

    private PreparedStatement statement(String sql, PreparedStatement ps) {
        TreeMap<Integer, Object> params = new TreeMap<>();
        return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{PreparedStatement.class}, (proxy, m, args) -> {
                    if (m.getName().startsWith("set") && args != null && args.length >= 2
                            && args[0] instanceof Integer i) {
                        params.put(i, args[1]);
                    }
                    if (m.getName().startsWith("execute")) {
                        executed.add(new Executed(sql, new TreeMap<>(params)));
                    }
                    return invoke(m, ps, args);
                });
    }

    private static Object invoke(java.lang.reflect.Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
