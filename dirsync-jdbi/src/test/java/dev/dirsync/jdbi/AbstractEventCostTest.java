package dev.dirsync.jdbi;

import com.zaxxer.hikari.HikariDataSource;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.outcome.Outcome;
import dev.dirsync.core.read.UserView;
import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.SessionRevoker;
import dev.dirsync.core.testkit.InMemoryUserStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one source event costs the database in an organization of {@value #LARGE} users, counted at the JDBC level
 * (statements executed, rows fetched): bounded, whatever the organization's size. A full scan that comes back (say
 * granting admin re-reading every projection) fails these tests on rows, not on a stopwatch. Run once per database
 * by a tiny subclass, in tables of a random prefix, dropped afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractEventCostTest {
    static final int LARGE = 2_000;
    private static final String ORG = "large";
    private static final String DIR = "dir";
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private HikariDataSource pool;
    private CountingDataSource counting;
    private String prefix;
    private DirectorySync sync;
    private final AtomicLong clock = new AtomicLong();

    protected abstract TestDatabase database();

    @BeforeAll
    void loadALargeOrganization() {
        pool = TestDatabase.pool(database().newUrl(), 4);
        counting = new CountingDataSource(pool);
        prefix = TestDatabase.newPrefix();
        sync = DirectorySync.builder().stateStore(JdbiStateStore.builder(counting).tablePrefix(prefix).build())
                .userStore(new InMemoryUserStore()).sessionRevoker(SessionRevoker.NONE)
                .apiKeyRevoker(ApiKeyRevoker.NONE).build();
        sync.createOrganization(ORG, "Large", null, OrganizationSettings.defaults()
                .withGroupMapping(GroupMapping.role("g-admins", "admin"))
                .withGroupMapping(GroupMapping.workspaces("g-eng", "eng")));
        List<SourceEvent> events = new ArrayList<>();
        events.add(new SourceEvent.GroupCreated(meta("g-admins-created"), DirectoryGroup.of("g-admins", DIR, "Admins")));
        events.add(new SourceEvent.GroupCreated(meta("g-eng-created"), DirectoryGroup.of("g-eng", DIR, "Engineering")));
        for (int i = 0; i < LARGE; i++) {
            events.add(new SourceEvent.UserCreated(meta("seed-u" + i), user(i, "Engineer")));
            events.add(new SourceEvent.UserAddedToGroup(meta("seed-m" + i), userId(i), "g-eng"));
        }
        events.add(new SourceEvent.UserAddedToGroup(meta("seed-admin"), userId(0), "g-admins"));
        for (int from = 0; from < events.size(); from += 500) { // the bulk import's path: mirror, then one projection
            sync.acceptToMirror(ORG, events.subList(from, Math.min(events.size(), from + 500)));
        }
        sync.reproject(ORG);
    }

    @AfterAll
    void dropTables() {
        if (pool != null) {
            TestDatabase.dropTables(pool, prefix);
            pool.close();
        }
    }

    private EventMeta meta(String id) {
        return new EventMeta(id, ORG, DIR, Source.workos("Okta"), T.plusMillis(clock.incrementAndGet()));
    }

    private static String userId(int i) {
        return String.format("u%05d", i);
    }

    private static DirectoryUser user(int i, String title) {
        return DirectoryUser.builder(userId(i), DIR).email(userId(i) + "@large.test").givenName("U")
                .familyName(userId(i)).title(title).build();
    }

    /** What one call asked of the database. */
    private record Cost(long statements, long rows, List<String> sql) {
        /** The statements prepared, for the failure message. */
        String spentOn() {
            return String.join("\n  ", sql);
        }
    }

    private Cost cost(Supplier<Outcome> call, Class<? extends Outcome> expected) {
        counting.reset();
        Outcome o = call.get();
        Cost c = new Cost(counting.statements.get(), counting.rows.get(), List.copyOf(counting.prepared));
        assertThat(o).isInstanceOf(expected);
        return c;
    }

    /**
     * Lock, ledger, connection, mirror read and write, projection read, live groups, projection write, one audit
     * entry; H2 and MariaDB ask the ledger whether the id exists before inserting it (no single-statement
     * insert-if-absent there). Plus the access history's write: {@link #HISTORY}.
     */
    private long newUserBudget() {
        return (database().dialect.insertsIfAbsentInOneStatement() ? 9 : 10) + HISTORY;
    }

    /**
     * The access history of a person whose access changed: read the open interval, end it, insert the new one and
     * its workspace rows (one batch). A fixed cost per changed person, whatever the organization's size.
     */
    private static final int HISTORY = 4;

    @Test
    void aUserCreatedInAnOrganizationOf2000UsersCostsTenStatementsAtMostAndReadsAHandfulOfRows() {
        Cost c = cost(() -> sync.accept(new SourceEvent.UserCreated(meta("new-user"), user(LARGE + 1, "Engineer"))),
                Outcome.Applied.class);

        assertThat(c.statements()).as("statements:\n  " + c.spentOn()).isLessThanOrEqualTo(newUserBudget());
        assertThat(c.rows()).as("rows fetched by:\n  " + c.spentOn()).isLessThanOrEqualTo(3);
    }

    @Test
    void aMembershipEventCostsAFewStatementsMoreThanACreationNotOnePerGroupOrUser() {
        sync.accept(new SourceEvent.UserCreated(meta("member-created"), user(LARGE + 2, "Engineer")));

        Cost c = cost(() -> sync.accept(new SourceEvent.UserAddedToGroup(meta("member-added"), userId(LARGE + 2),
                "g-eng")), Outcome.Applied.class);

        // + the membership read and write; the user snapshot is absent here, the group mapped to a workspace
        assertThat(c.statements()).as("statements:\n  " + c.spentOn()).isLessThanOrEqualTo(newUserBudget() + 2);
        // + 1: the member's open access interval, read to end it
        assertThat(c.rows()).as("rows fetched by:\n  " + c.spentOn()).isLessThanOrEqualTo(6 + 1);
    }

    @Test
    void grantingAdminRechecksOnlyRefusedChangesAndDoesNotReadEveryProjection() {
        Cost c = cost(() -> sync.accept(new SourceEvent.UserAddedToGroup(meta("grant-admin"), userId(7),
                "g-admins")), Outcome.Applied.class);

        assertThat(sync.directory(ORG).user(new DirectoryUserKey(ORG, DIR, userId(7))))
                .map(UserView::applied).hasValueSatisfying(a -> assertThat(a.projection().role()).isEqualTo("admin"));
        assertThat(c.rows()).as("rows fetched (the organization has " + LARGE + " projections) by:\n  " + c.spentOn())
                .isLessThanOrEqualTo(10);
        assertThat(c.statements()).as("statements:\n  " + c.spentOn()).isLessThanOrEqualTo(newUserBudget() + 4);
    }

    @Test
    void aRedeliveredEventCostsTheLockAndTheLedgerOnly() {
        SourceEvent e = new SourceEvent.UserCreated(meta("redelivered"), user(LARGE + 3, "Engineer"));
        sync.accept(e);

        Cost c = cost(() -> sync.accept(e), Outcome.Duplicate.class);

        assertThat(c.statements()).as("statements:\n  " + c.spentOn()).isLessThanOrEqualTo(3);
    }

    @Test
    void anUpdateTheHostDoesNotSeeLeavesTheAppliedProjectionUnwritten() {
        DirectoryUserKey key = new DirectoryUserKey(ORG, DIR, userId(11));
        Instant before = sync.directory(ORG).user(key).orElseThrow().applied().lastAppliedAt();

        // a new version with the same attributes: the mirror takes the version, the host has nothing to change
        Outcome o = sync.accept(new SourceEvent.UserUpdated(meta("no-op-update"), user(11, "Engineer"),
                java.util.Map.of()));

        assertThat(o).isInstanceOfSatisfying(Outcome.Applied.class, a -> assertThat(a.changes()).isEmpty());
        assertThat(sync.directory(ORG).user(key).orElseThrow().applied().lastAppliedAt()).isEqualTo(before);
    }
}
