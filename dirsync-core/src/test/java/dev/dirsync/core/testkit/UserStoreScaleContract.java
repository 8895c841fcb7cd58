package dev.dirsync.core.testkit;

import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.Identity;
import dev.dirsync.core.model.Projection;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.spi.AppUser;
import dev.dirsync.core.spi.UserStore;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scale check of a {@link UserStore}: the lookups dirsync makes on every event must cost the same in an
 * organization of {@link #largeOrganization()} users as in one of ten, i.e. be answered from an index. Extend this
 * class in your tests (dirsync-core's test-jar) and say how many rows your database examined for a lookup; the
 * check compares counts, never a stopwatch, so it is exact on a busy build machine.
 *
 * <p>The lookups checked, and the index each needs (README, Integrate):
 * <ul>
 *   <li>{@link UserStore#findByDirectoryUser}: every event; index the directory key (organization, directory,
 *       directory user id);</li>
 *   <li>{@link UserStore#findLinkableByVerifiedEmail}: every new directory user; index (organization, email as
 *       compared, e.g. lower-cased);</li>
 *   <li>{@link UserStore#listActiveAdmins}: every admin removal and deactivation (sole-admin guard); index
 *       (organization, status, role).</li>
 * </ul>
 * {@link UserStore#listActiveUsers} is not checked: it returns every active user, and dirsync calls it only when
 * it must promote someone (AUTO_PROMOTE); index (organization, status) so it reads no other organization.
 */
public abstract class UserStoreScaleContract {

    /** The store under test, on your real database and schema (the indexes are what is checked). */
    protected abstract UserStore store();

    /**
     * The rows your database examined (read from tables and indexes, not only returned) while {@code lookup} ran:
     * e.g. on PostgreSQL the growth of {@code seq_tup_read + idx_tup_fetch} in {@code pg_stat_xact_user_tables}
     * within one transaction; on H2 the {@code scanCount} of {@code EXPLAIN ANALYZE} of the statements it ran.
     */
    protected abstract long rowsExamined(Runnable lookup);

    /** Users in the large organization; the default is enough to tell a scan from an index lookup. */
    protected int largeOrganization() {
        return 2_000;
    }

    /**
     * Fills the organization with {@code n} active members (one of them admin) through {@link UserStore#create};
     * override to insert faster by your own means.
     */
    protected void seed(String organizationId, int n) {
        for (int i = 0; i < n; i++) {
            store().create(projection(organizationId, "u" + i, i == 0 ? "admin" : "member"));
        }
    }

    private static Projection projection(String org, String userId, String role) {
        String email = userId + "@" + org + ".test";
        return new Projection(new DirectoryUserKey(org, "dir-1", userId),
                new Identity(email, email, "Given", userId, "Given " + userId), UserStatus.ACTIVE, role,
                new TreeSet<>(Set.of()), Map.of());
    }

    /** Rows examined by each lookup in an organization of {@code n} users. */
    private Map<String, Long> costs(int n) {
        String org = "scale-" + n + "-" + UUID.randomUUID();
        seed(org, n);
        UserStore store = store();
        AppUser someone = store.findByDirectoryUser(new DirectoryUserKey(org, "dir-1", "u" + (n / 2))).orElseThrow();
        Map<String, Long> cost = new LinkedHashMap<>();
        cost.put("findByDirectoryUser (found)", rowsExamined(() -> assertThat(
                store.findByDirectoryUser(someone.directoryKey())).isPresent()));
        cost.put("findByDirectoryUser (absent)", rowsExamined(() -> assertThat(
                store.findByDirectoryUser(new DirectoryUserKey(org, "dir-1", "nobody"))).isEmpty()));
        cost.put("findLinkableByVerifiedEmail", rowsExamined(() -> assertThat(
                store.findLinkableByVerifiedEmail(org, "nobody@" + org + ".test")).isEmpty()));
        cost.put("listActiveAdmins", rowsExamined(() -> assertThat(
                store.listActiveAdmins(org, "admin")).hasSize(1)));
        // the counter must count: listActiveUsers returns every user, so it examines at least that many rows
        long everyone = rowsExamined(() -> assertThat(store.listActiveUsers(org)).hasSize(n));
        assertThat(everyone).as("rowsExamined of listActiveUsers, which returns %d users: rowsExamined must count "
                + "the rows the database reads", n).isGreaterThanOrEqualTo(n);
        return cost;
    }

    @Test
    void everyPerEventLookupExaminesAsManyRowsInALargeOrganizationAsInASmallOne() {
        Map<String, Long> small = costs(10);
        Map<String, Long> large = costs(largeOrganization());

        small.forEach((lookup, rows) -> assertThat(large.get(lookup))
                .as("rows examined by %s with %d users (with 10: %d): index what it looks up (README, Integrate)",
                        lookup, largeOrganization(), rows)
                .isLessThanOrEqualTo(rows + 5));
    }
}
