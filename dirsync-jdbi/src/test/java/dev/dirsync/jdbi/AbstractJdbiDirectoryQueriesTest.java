package dev.dirsync.jdbi;

import com.zaxxer.hikari.HikariDataSource;
import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.audit.AuditEntry;
import dev.dirsync.core.audit.AuditPage;
import dev.dirsync.core.audit.AuditQuery;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.Mode;
import dev.dirsync.core.model.Organization;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.model.SourceVersion;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.read.DirectoryCounts;
import dev.dirsync.core.read.GroupQuery;
import dev.dirsync.core.read.GroupView;
import dev.dirsync.core.read.UserQuery;
import dev.dirsync.core.state.MirrorGroup;
import dev.dirsync.core.state.MirrorMembership;
import dev.dirsync.core.state.StateStore;
import dev.dirsync.core.testkit.DirectoryQueriesContract;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read model's query contract on a database, plus what only a database store must show: a page costs a bounded
 * number of statements and rows however large the organization, and a database of schema version 2 with data is
 * upgraded to version 3 with the new columns filled in. Run once per database by a tiny subclass, in tables of a
 * random prefix, dropped afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractJdbiDirectoryQueriesTest extends DirectoryQueriesContract {
    private static final int LARGE = 2_000;

    private HikariDataSource pool;
    private CountingDataSource counting;
    private String prefix;
    private JdbiStateStore shared;
    private final List<String> extraPrefixes = new ArrayList<>();

    protected abstract TestDatabase database();

    @BeforeAll
    void startStore() {
        pool = TestDatabase.pool(database().newUrl(), 4);
        counting = new CountingDataSource(pool);
        prefix = TestDatabase.newPrefix();
        shared = JdbiStateStore.builder(counting).tablePrefix(prefix).build();
    }

    @AfterAll
    void dropTables() {
        if (pool != null) {
            TestDatabase.dropTables(pool, prefix);
            extraPrefixes.forEach(p -> TestDatabase.dropTables(pool, p));
            pool.close();
        }
    }

    @Override
    protected StateStore newStore() {
        return shared;
    }

    private String extraPrefix() {
        String p = TestDatabase.newPrefix();
        extraPrefixes.add(p);
        return p;
    }

    // ---------------------------------------------------------------- a page never loads the organization

    /** What one call asked of the database, counted at the JDBC level. */
    private record Cost(long statements, long rows) {
    }

    private <T> Cost cost(Supplier<T> call, java.util.function.Consumer<T> check) {
        counting.reset();
        T result = call.get();
        Cost c = new Cost(counting.statements.get(), counting.rows.get());
        check.accept(result);
        return c;
    }

    /** At most a page query and a COUNT, and at most a page of rows and the count's one row. */
    private static void assertBounded(String call, Cost c) {
        assertThat(c.statements()).as(call + ": statements").isLessThanOrEqualTo(2);
        assertThat(c.rows()).as(call + ": rows fetched").isLessThanOrEqualTo(11);
    }

    @Test
    void aPageOfTenUsersInAnOrganizationOf2000CostsTwoStatementsAndAPageOfRows() {
        String org = unique("org");
        run(t -> {
            t.organizations().insert(new Organization(org, "Large", null, OrganizationSettings.defaults(), T0));
            t.mirror().putGroup(new MirrorGroup(org, DirectoryGroup.of("g-all", A, "Everyone"), new SourceVersion(T1, "g"),
                    false));
            t.mirror().putGroup(new MirrorGroup(org, DirectoryGroup.of("g-half", A, "Half"), new SourceVersion(T1, "g"),
                    false));
            for (int i = 0; i < LARGE; i++) {
                String id = String.format("u%05d", i);
                user(t, org, DirectoryUser.builder(id, A).userName("user" + i).email("user" + i + "@large.test")
                        .formattedName("User " + (LARGE - i)).build(), i % 100 == 99);
                t.mirror().putMembership(new MirrorMembership(org, A, "g-all", id, true, new SourceVersion(T1, "m")));
                if (i % 2 == 0) {
                    t.mirror().putMembership(new MirrorMembership(org, A, "g-half", id, true, new SourceVersion(T1, "m")));
                    t.projections().put(applied(new DirectoryUserKey(org, A, id),
                            i % 4 == 0 ? UserStatus.ACTIVE : UserStatus.DEACTIVATED, null));
                }
            }
            for (int i = 0; i < 500; i++) {
                t.audit().append(new AuditEntry(unique("audit"), org, T1.plusSeconds(i), "scim:okta",
                        AuditAction.USER_PROVISIONED, "u" + i, null, null, java.util.Map.of(), java.util.Map.of(), null,
                        "provisioned"));
            }
        });
        long live = LARGE - LARGE / 100;

        assertBounded("first page by id", cost(() -> users(org, UserQuery.all().page(0, 10)), p -> {
            assertThat(p.items()).hasSize(10);
            assertThat(p.total()).isEqualTo(live);
        }));
        assertBounded("page 101 by name descending", cost(() -> users(org,
                UserQuery.all().sortedBy(UserQuery.Sort.NAME, true).page(1000, 10)),
                p -> assertThat(p.items()).hasSize(10)));
        assertBounded("first page by email", cost(() -> users(org,
                UserQuery.all().sortedBy(UserQuery.Sort.EMAIL, false).page(0, 10)),
                p -> assertThat(p.items()).hasSize(10)));
        assertBounded("text, group and applied status", cost(() -> users(org, UserQuery.all().matching("@LARGE")
                .inGroup("g-half").withAppliedStatus(UserStatus.DEACTIVATED).page(0, 10)), p -> {
            assertThat(p.items()).hasSize(10).allSatisfy(v ->
                    assertThat(v.applied().projection().status()).isEqualTo(UserStatus.DEACTIVATED));
            assertThat(p.total()).isEqualTo(LARGE / 4);
        }));
        assertBounded("keyset page", cost(() -> users(org,
                UserQuery.all().after(new DirectoryUserKey(org, A, "u01500")).page(0, 10)),
                p -> assertThat(p.items().get(0).key().userId()).isEqualTo("u01501")));
        assertBounded("groups with member counts", cost(() -> groups(org, GroupQuery.all()),
                p -> assertThat(p.items()).extracting(GroupView::memberCount).containsExactly(live, (long) LARGE / 2)));
        assertBounded("members page 11", cost(() -> tx(t -> t.queries().members(org, A, "g-all", 100, 10)), p -> {
            assertThat(p.items()).hasSize(10);
            assertThat(p.total()).isEqualTo(live);
        }));
        assertBounded("audit page without total", cost(() -> tx(t -> t.audit().query(AuditQuery.of(org).page(0, 10)
                .withoutTotal())), p -> assertThat(p.entries()).hasSize(10)));

        // a SCIM page deep in one directory: the user at the offset (without the projections), the page, the count
        Cost deepInDirectory = cost(() -> users(org, UserQuery.all().inDirectory(A).page(1500, 10)), p -> {
            assertThat(p.items()).extracting(v -> v.key().userId()).first().isEqualTo("u01515");
            assertThat(p.items()).hasSize(10);
            assertThat(p.total()).isEqualTo(live);
        });
        assertThat(deepInDirectory.statements()).as("deep page in a directory: statements").isLessThanOrEqualTo(3);
        assertThat(deepInDirectory.rows()).as("deep page in a directory: rows").isLessThanOrEqualTo(12);
        Cost counts = cost(() -> counts(org), c ->
                assertThat(c).isEqualTo(new DirectoryCounts(live, live, LARGE / 100, 2, LARGE / 2, 0, LARGE + LARGE / 2)));
        assertThat(counts).isEqualTo(new Cost(1, 1));
        AuditPage first = tx(t -> t.audit().query(AuditQuery.of(org).page(0, 10)));
        Cost deep = cost(() -> tx(t -> t.audit().query(AuditQuery.of(org).page(0, 10).withoutTotal()
                .after(first.nextCursor()))), p -> assertThat(p.entries()).hasSize(10));
        assertThat(deep).isEqualTo(new Cost(1, 10));

        // the groups of a page of users: one row per membership in a live group
        run(t -> t.mirror().putGroup(new MirrorGroup(org, DirectoryGroup.of("g-gone", A, "Gone"),
                new SourceVersion(T1, "g"), true)));
        run(t -> t.mirror().putMembership(new MirrorMembership(org, A, "g-gone", "u00000", true,
                new SourceVersion(T1, "m"))));
        List<String> pageIds = java.util.stream.IntStream.range(0, 10).mapToObj(i -> String.format("u%05d", i)).toList();
        Cost groupsOfPage = cost(() -> tx(t -> t.mirror().liveGroupsOfUsers(org, A, pageIds)), g -> assertThat(g)
                .extracting(x -> x.userId() + ":" + x.groupId() + ":" + x.groupDisplayName())
                .startsWith("u00000:g-all:Everyone", "u00000:g-half:Half", "u00001:g-all:Everyone")
                .doesNotContain("u00000:g-gone:Gone").hasSize(15));
        // one statement where the database seeks an IN list in the index, else one index seek per user (H2)
        assertThat(groupsOfPage).isEqualTo(new Cost(database().dialect.inListSeeksIndex() ? 1 : 10, 15));
    }

    // ---------------------------------------------------------------- upgrading from schema version 2

    /** Columns of each table as schema version 2 left it. */
    private static final List<List<String>> V2_TABLES = List.of(
            List.of("organizations", "id, name, workos_organization_id, settings, created_at", "id"),
            List.of("mirror_users", "organization_id, directory_id, user_id, user_name_lower, idp_id, deleted, "
                    + "version_time, version_tiebreak, data", "organization_id"),
            List.of("mirror_groups", "organization_id, directory_id, group_id, idp_id, display_name, deleted, "
                    + "version_time, version_tiebreak, data", "organization_id"),
            List.of("mirror_memberships", "organization_id, directory_id, group_id, user_id, present, version_time, "
                    + "version_tiebreak", "organization_id"),
            List.of("projections", "organization_id, directory_id, user_id, app_user_id, projection, "
                    + "first_applied_at, last_applied_at, purge_at, purged, promoted_admin, blocked", "organization_id"));

    @Test
    void aVersion2DatabaseWithDataIsUpgradedAndItsRowsAnswerEveryQuery() {
        String org = seeded();
        String old = extraPrefix();
        Jdbi jdbi = Jdbi.create(pool);
        new SchemaMigrator(jdbi, database().dialect, new Tables(old, null), Duration.ofSeconds(30),
                SchemaMigrator.VERSIONS.subList(0, 2)).migrate();
        jdbi.useHandle(h -> {
            for (List<String> t : V2_TABLES) {
                // the fixture's rows, copied column by column into tables as schema version 2 created them
                h.createUpdate("INSERT INTO " + old + t.get(0) + " (" + t.get(1) + ") SELECT " + t.get(1) + " FROM "
                        + prefix + t.get(0) + " WHERE " + t.get(2) + " = :org").bind("org", org).execute();
            }
        });
        assertThat(columnExists(jdbi, old + "mirror_users", "email_lower")).isFalse();

        JdbiStateStore upgraded = JdbiStateStore.builder(pool).tablePrefix(old).build();
        store = upgraded;

        int unfilled = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + old + "mirror_users WHERE "
                + "email_lower IS NULL OR display_name_lower IS NULL OR active IS NULL").mapTo(Integer.class).one());
        assertThat(unfilled).isZero();
        assertThat(userLabels(org, UserQuery.all())).isEqualTo(LIVE_BY_ID);
        assertThat(userLabels(org, UserQuery.all().sortedBy(UserQuery.Sort.EMAIL, false)))
                .containsExactly("a/u03", "a/u01", "b/u01", "a/u02", "b/u00", "b/u05");
        assertThat(userLabels(org, UserQuery.all().sortedBy(UserQuery.Sort.NAME, false)))
                .containsExactly("b/u01", "a/u01", "a/u02", "b/u00", "a/u03", "b/u05");
        assertThat(userLabels(org, UserQuery.all().matching("young"))).containsExactly("a/u02", "b/u00");
        // schema version 7's columns, filled from the JSON: every email (u01's home address too)
        assertThat(userLabels(org, UserQuery.all().where(new dev.dirsync.core.read.UserTerm.Text(
                dev.dirsync.core.read.UserTerm.Field.ANY_EMAIL, dev.dirsync.core.read.UserTerm.Match.EQ,
                "JD@home.test")))).containsExactly("a/u01");
        assertThat(userLabels(org, UserQuery.all().withAppliedStatus(UserStatus.DEACTIVATED).includingDeleted(true)))
                .containsExactly("a/u02", "a/u04");
        assertThat(groups(org, GroupQuery.all()).items())
                .extracting(g -> g.group().group().directoryId() + "/" + g.group().group().id())
                .containsExactly("dir-a/g-eng", "dir-b/g-eng", "dir-a/g-ops", "dir-b/g-empty");
        assertThat(counts(org)).isEqualTo(new DirectoryCounts(6, 5, 1, 4, 4, 1, 8));

        Organization before = tx(t -> t.organizations().find(org)).orElseThrow();
        assertThat(before.settingsVersion()).as("existing organizations start at version 1").isEqualTo(1);
        run(t -> t.organizations().update(before.withSettings(before.settings().withMode(Mode.TEST))));
        assertThat(tx(t -> t.organizations().find(org)).orElseThrow().settingsVersion()).isEqualTo(2);
    }

    @Test
    void version3RunAgainAfterAnInterruptionChangesNothing() {
        String org = seeded();
        jdbi().useHandle(h -> h.execute("DELETE FROM " + prefix + "schema_version WHERE version = 3"));

        JdbiStateStore again = JdbiStateStore.builder(pool).tablePrefix(prefix).build();
        store = again;

        String state = jdbi().withHandle(h -> h.createQuery("SELECT state FROM " + prefix
                + "schema_version WHERE version = 3").mapTo(String.class).one());
        assertThat(state).isEqualTo("done");
        assertThat(userLabels(org, UserQuery.all().sortedBy(UserQuery.Sort.NAME, true)))
                .containsExactly("b/u05", "a/u03", "b/u00", "a/u02", "a/u01", "b/u01");
        assertThat(counts(org)).isEqualTo(new DirectoryCounts(6, 5, 1, 4, 4, 1, 8));
    }

    @Test
    void theBackfillWalksEveryRowInBatchesAndTouchesOnlyEmptyColumns() {
        String org = seeded();
        String other = seeded();
        jdbi().useHandle(h -> {
            h.createUpdate("UPDATE " + prefix + "mirror_users SET email_lower = NULL, display_name_lower = NULL, "
                    + "active = NULL WHERE organization_id = :org").bind("org", org).execute();
            h.createUpdate("UPDATE " + prefix + "mirror_users SET active = NULL WHERE organization_id = :org "
                    + "AND user_id = 'u05'").bind("org", other).execute();
            h.createUpdate("UPDATE " + prefix + "mirror_groups SET display_name_lower = NULL WHERE organization_id = :org")
                    .bind("org", org).execute();
            h.createUpdate("UPDATE " + prefix + "projections SET status = NULL WHERE organization_id = :org")
                    .bind("org", org).execute();
        });

        int filled = jdbi().withHandle(h -> new ReadModelBackfill(h, database().dialect, new Tables(prefix, null), 2)
                .run());
        int again = jdbi().withHandle(h -> new ReadModelBackfill(h, database().dialect, new Tables(prefix, null), 2)
                .run());

        assertThat(filled).as("7 users + 1 of the other organization, 5 groups, 4 projections").isEqualTo(17);
        assertThat(again).isZero();
        assertThat(userLabels(org, UserQuery.all().sortedBy(UserQuery.Sort.EMAIL, true)))
                .containsExactly("b/u05", "b/u00", "a/u02", "b/u01", "a/u01", "a/u03");
        assertThat(userLabels(org, UserQuery.all().withAppliedStatus(UserStatus.READ_ONLY))).containsExactly("b/u05");
        assertThat(counts(org)).isEqualTo(new DirectoryCounts(6, 5, 1, 4, 4, 1, 8));
        assertThat(counts(other)).isEqualTo(new DirectoryCounts(6, 5, 1, 4, 4, 1, 8));
        assertThat(groups(org, GroupQuery.all().matching("ENG")).total()).isEqualTo(2);
    }

    private Jdbi jdbi() {
        return Jdbi.create(pool);
    }

    private static boolean columnExists(Jdbi jdbi, String table, String column) {
        return jdbi.withHandle((Handle h) -> {
            try {
                h.createQuery("SELECT " + column + " FROM " + table + " WHERE 1 = 0").mapToMap().list();
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        });
    }
}
