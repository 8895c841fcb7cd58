package dev.dirsync.core.testkit;

import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.audit.AuditEntry;
import dev.dirsync.core.audit.AuditPage;
import dev.dirsync.core.audit.AuditQuery;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.Email;
import dev.dirsync.core.model.Identity;
import dev.dirsync.core.model.Mode;
import dev.dirsync.core.model.Organization;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.model.Projection;
import dev.dirsync.core.model.SourceVersion;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.read.DirectoryCounts;
import dev.dirsync.core.read.GroupQuery;
import dev.dirsync.core.read.GroupView;
import dev.dirsync.core.read.Page;
import dev.dirsync.core.read.UserQuery;
import dev.dirsync.core.read.UserTerm;
import dev.dirsync.core.read.UserView;
import dev.dirsync.core.state.AppliedProjection;
import dev.dirsync.core.state.DirectoryConnection;
import dev.dirsync.core.state.MirrorGroup;
import dev.dirsync.core.state.MirrorMembership;
import dev.dirsync.core.state.MirrorUser;
import dev.dirsync.core.state.StateStore;
import dev.dirsync.core.state.StateTransaction;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of the read model's store queries ({@link dev.dirsync.core.state.DirectoryQueries}, the audit
 * log's paging, the organization's settings version), run against every store: the in-memory reference,
 * dirsync-jdbi on each database, and any store a host writes itself.
 *
 * <p>Subclass it and return your store from {@link #newStore()}. Every test seeds organizations of its own
 * (fresh ids), so a subclass may return one store, over the same tables, for every test.
 *
 * <p>The fixture (see {@link #seed}): directories {@code dir-a} and {@code dir-b}; users are written
 * {@code a/u01} for (dir-a, u01). {@code a/u04} is a tombstone; {@code a/u03} has no email.
 */
public abstract class DirectoryQueriesContract {

    protected static final Instant T0 = Instant.parse("2024-03-31T02:30:00.123456Z");
    protected static final Instant T1 = Instant.parse("2024-05-01T10:15:30.000001Z");
    protected static final Instant T2 = Instant.parse("2024-05-02T08:00:00Z");
    protected static final Instant T3 = Instant.parse("2024-05-03T23:59:59.999999Z");

    protected static final String A = "dir-a";
    protected static final String B = "dir-b";

    /** Every live user of the fixture in (directory, user id) order. */
    protected static final List<String> LIVE_BY_ID = List.of("a/u01", "a/u02", "a/u03", "b/u00", "b/u01", "b/u05");

    protected StateStore store;

    /** The store under test; called before every test. */
    protected abstract StateStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    // ---------------------------------------------------------------- fixture

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    protected <T> T tx(Function<StateTransaction, T> work) {
        return store.inTransaction(work);
    }

    protected void run(java.util.function.Consumer<StateTransaction> work) {
        store.inTransaction(t -> {
            work.accept(t);
            return null;
        });
    }

    /** A fresh organization holding the fixture; returns its id. */
    protected String seeded() {
        String org = unique("org");
        run(t -> seed(t, org));
        return org;
    }

    /**
     * The fixture. Users:
     * <pre>
     * a/u01 userName alice@acme.test  email Alice@Acme.test  "Alice Zimmer"     idp okta-01  applied ACTIVE
     * a/u02 userName bob              email bob@acme.test    "Bob" "Young"      idp okta-02  inactive, applied DEACTIVATED (guarded)
     * a/u03 userName carol.k          no email               "Carol 100%_Done"
     * a/u04 userName dave@acme.test   email dave@acme.test   "Dave Xu"          deleted (tombstone), applied DEACTIVATED
     * b/u00 userName bob.b            email BOB@acme.test    "bob" "young"      idp g-00
     * b/u01 userName ALICE@other.test email alice@other.test "Alice Adams"      idp g-01
     * b/u05 userName erin             email erin@acme.test   "erin bloom"       idp g-05     applied READ_ONLY
     * </pre>
     * Groups: a/g-eng "Engineering" (present: u01, u02, u04 tombstone, u99 unknown; removed: u03),
     * a/g-ops "ops" (u02), b/g-eng "engineering" (u00, u05), b/g-empty "Zeta", a/g-old "Alumni" (deleted; u01).
     */
    protected static void seed(StateTransaction t, String org) {
        t.organizations().insert(new Organization(org, "Org " + org, null, OrganizationSettings.defaults(), T0));
        user(t, org, DirectoryUser.builder("u01", A).userName("alice@acme.test")
                .emails(List.of(new Email("jd@home.test", "home", false), new Email("Alice@Acme.test", "work", true)))
                .formattedName("Alice Zimmer").idpId("okta-01").build(), false);
        user(t, org, DirectoryUser.builder("u02", A).userName("bob").email("bob@acme.test").givenName("Bob")
                .familyName("Young").idpId("okta-02").active(false).build(), false);
        user(t, org, DirectoryUser.builder("u03", A).userName("carol.k").formattedName("Carol 100%_Done").build(),
                false);
        user(t, org, DirectoryUser.builder("u04", A).userName("dave@acme.test").email("dave@acme.test")
                .formattedName("Dave Xu").active(false).build(), true);
        user(t, org, DirectoryUser.builder("u00", B).userName("bob.b").email("BOB@acme.test").givenName("bob")
                .familyName("young").idpId("g-00").build(), false);
        user(t, org, DirectoryUser.builder("u01", B).userName("ALICE@other.test").email("alice@other.test")
                .formattedName("Alice Adams").idpId("g-01").build(), false);
        user(t, org, DirectoryUser.builder("u05", B).userName("erin").email("erin@acme.test")
                .formattedName("erin bloom").idpId("g-05").build(), false);

        group(t, org, A, "g-eng", "Engineering", false);
        group(t, org, A, "g-ops", "ops", false);
        group(t, org, B, "g-eng", "engineering", false);
        group(t, org, B, "g-empty", "Zeta", false);
        group(t, org, A, "g-old", "Alumni", true);
        member(t, org, A, "g-eng", "u01", true);
        member(t, org, A, "g-eng", "u02", true);
        member(t, org, A, "g-eng", "u03", false);
        member(t, org, A, "g-eng", "u04", true);
        member(t, org, A, "g-eng", "u99", true);
        member(t, org, A, "g-ops", "u02", true);
        member(t, org, B, "g-eng", "u00", true);
        member(t, org, B, "g-eng", "u05", true);
        member(t, org, A, "g-old", "u01", true);

        t.projections().put(applied(new DirectoryUserKey(org, A, "u01"), UserStatus.ACTIVE, null));
        t.projections().put(applied(new DirectoryUserKey(org, A, "u02"), UserStatus.DEACTIVATED, "deactivation"));
        t.projections().put(applied(new DirectoryUserKey(org, A, "u04"), UserStatus.DEACTIVATED, null));
        t.projections().put(applied(new DirectoryUserKey(org, B, "u05"), UserStatus.READ_ONLY, null));
    }

    protected static void user(StateTransaction t, String org, DirectoryUser u, boolean deleted) {
        t.mirror().putUser(new MirrorUser(org, u, new SourceVersion(T1, "evt-" + u.id()), deleted));
    }

    private static void group(StateTransaction t, String org, String dir, String id, String name, boolean deleted) {
        t.mirror().putGroup(new MirrorGroup(org, DirectoryGroup.of(id, dir, name), new SourceVersion(T1, "g"), deleted));
    }

    private static void member(StateTransaction t, String org, String dir, String group, String user, boolean present) {
        t.mirror().putMembership(new MirrorMembership(org, dir, group, user, present, new SourceVersion(T1, "m")));
    }

    protected static AppliedProjection applied(DirectoryUserKey key, UserStatus status, @Nullable String blocked) {
        Projection p = new Projection(key, new Identity(key.userId() + "@app.test", key.userId(), "Pat", "Lee",
                "Pat Lee"), status, "member", new TreeSet<>(Set.of("eng")), Map.of("title", "Engineer"));
        return new AppliedProjection(key, "app-" + key.directoryId() + "-" + key.userId(), p, T0, T1, null, false,
                false, blocked);
    }

    /** "a/u01" for (dir-a, u01). */
    protected static String label(DirectoryUserKey k) {
        return k.directoryId().substring(k.directoryId().length() - 1) + "/" + k.userId();
    }

    protected Page<UserView> users(String org, UserQuery q) {
        return tx(t -> t.queries().users(org, q));
    }

    protected List<String> userLabels(String org, UserQuery q) {
        return users(org, q).items().stream().map(v -> label(v.key())).toList();
    }

    protected DirectoryCounts counts(String org) {
        return tx(t -> t.queries().counts(org));
    }

    protected Page<GroupView> groups(String org, GroupQuery q) {
        return tx(t -> t.queries().groups(org, q));
    }

    private static List<String> groupLabels(Page<GroupView> page) {
        return page.items().stream().map(g -> label(new DirectoryUserKey("", g.group().group().directoryId(),
                g.group().group().id())) + "=" + g.memberCount()).toList();
    }

    // ---------------------------------------------------------------- users: filters

    @Test
    void liveUsersAreListedByDirectoryThenUserIdAndTombstonesOnlyOnRequest() {
        String org = seeded();

        assertThat(userLabels(org, UserQuery.all())).isEqualTo(LIVE_BY_ID);
        Page<UserView> withDeleted = users(org, UserQuery.all().includingDeleted(true));
        assertThat(withDeleted.items()).extracting(v -> label(v.key()))
                .containsExactly("a/u01", "a/u02", "a/u03", "a/u04", "b/u00", "b/u01", "b/u05");
        assertThat(withDeleted.items().get(3).user().deleted()).isTrue();
        assertThat(withDeleted.total()).isEqualTo(7);
    }

    @Test
    void aUserComesWithEveryAttributeAndItsAppliedProjection() {
        String org = seeded();

        UserView alice = users(org, UserQuery.all()).items().get(0);

        assertThat(alice.user()).isEqualTo(tx(t -> t.mirror().findUser(new DirectoryUserKey(org, A, "u01"))).orElseThrow());
        assertThat(alice.applied()).isEqualTo(applied(new DirectoryUserKey(org, A, "u01"), UserStatus.ACTIVE, null));
        UserView never = users(org, UserQuery.all().inDirectory(B)).items().get(0);
        assertThat(label(never.key())).isEqualTo("b/u00");
        assertThat(never.applied()).isNull();
    }

    @Test
    void directoryFilterKeepsThatDirectoryOnly() {
        String org = seeded();

        assertThat(userLabels(org, UserQuery.all().inDirectory(A))).containsExactly("a/u01", "a/u02", "a/u03");
        assertThat(userLabels(org, UserQuery.all().inDirectory(B))).containsExactly("b/u00", "b/u01", "b/u05");
        assertThat(userLabels(org, UserQuery.all().inDirectory("dir-none"))).isEmpty();
    }

    @Test
    void textMatchesASubstringOfEmailUserNameOrDisplayNameIgnoringCase() {
        String org = seeded();

        assertThat(userLabels(org, UserQuery.all().matching("alice"))).containsExactly("a/u01", "b/u01");
        assertThat(userLabels(org, UserQuery.all().matching("ACME.TEST")))
                .containsExactly("a/u01", "a/u02", "b/u00", "b/u05");
        assertThat(userLabels(org, UserQuery.all().matching("young"))).as("given + family name")
                .containsExactly("a/u02", "b/u00");
        assertThat(userLabels(org, UserQuery.all().matching("carol.k"))).as("userName only").containsExactly("a/u03");
        assertThat(userLabels(org, UserQuery.all().matching("  Zimmer "))).as("trimmed").containsExactly("a/u01");
        assertThat(userLabels(org, UserQuery.all().matching("jd@home"))).as("primary email only").isEmpty();
        assertThat(userLabels(org, UserQuery.all().matching("dave"))).as("tombstone").isEmpty();
        assertThat(userLabels(org, UserQuery.all().matching("dave").includingDeleted(true))).containsExactly("a/u04");
    }

    @Test
    void wildcardCharactersInTheTextMatchThemselves() {
        String org = seeded();

        assertThat(userLabels(org, UserQuery.all().matching("_"))).containsExactly("a/u03");
        assertThat(userLabels(org, UserQuery.all().matching("%"))).containsExactly("a/u03");
        assertThat(userLabels(org, UserQuery.all().matching("0%_d"))).containsExactly("a/u03");
        assertThat(userLabels(org, UserQuery.all().matching("!"))).isEmpty();
        assertThat(userLabels(org, UserQuery.all().matching("a%e"))).isEmpty();
    }

    @Test
    void userNameMatchesExactlyIgnoringCaseAndIdpIdExactly() {
        String org = seeded();

        assertThat(userLabels(org, UserQuery.all().withUserName("ALICE@ACME.TEST"))).containsExactly("a/u01");
        assertThat(userLabels(org, UserQuery.all().withUserName("alice@other.test"))).containsExactly("b/u01");
        assertThat(userLabels(org, UserQuery.all().withUserName("alice"))).isEmpty();
        assertThat(userLabels(org, UserQuery.all().withUserName("dave@acme.test"))).isEmpty();
        assertThat(userLabels(org, UserQuery.all().withUserName("dave@acme.test").includingDeleted(true)))
                .containsExactly("a/u04");

        assertThat(userLabels(org, UserQuery.all().withIdpId("okta-02"))).containsExactly("a/u02");
        assertThat(userLabels(org, UserQuery.all().withIdpId("OKTA-02"))).isEmpty();
        assertThat(userLabels(org, UserQuery.all().withIdpId("okta"))).isEmpty();
    }

    @Test
    void groupFilterKeepsPresentMembersOfThatGroupInTheirOwnDirectory() {
        String org = seeded();

        assertThat(userLabels(org, UserQuery.all().inGroup("g-eng")))
                .as("removed a/u03, tombstone a/u04 and unknown a/u99 are not listed")
                .containsExactly("a/u01", "a/u02", "b/u00", "b/u05");
        assertThat(userLabels(org, UserQuery.all().inGroup("g-eng").inDirectory(B))).containsExactly("b/u00", "b/u05");
        assertThat(userLabels(org, UserQuery.all().inGroup("g-eng").includingDeleted(true)))
                .containsExactly("a/u01", "a/u02", "a/u04", "b/u00", "b/u05");
        assertThat(userLabels(org, UserQuery.all().inGroup("g-ops"))).containsExactly("a/u02");
        assertThat(userLabels(org, UserQuery.all().inGroup("g-empty"))).isEmpty();
        assertThat(userLabels(org, UserQuery.all().inGroup("g-none"))).isEmpty();
    }

    @Test
    void projectedAndAppliedStatusFiltersJoinTheAppliedProjection() {
        String org = seeded();

        assertThat(userLabels(org, UserQuery.all().withProjected(true))).containsExactly("a/u01", "a/u02", "b/u05");
        assertThat(userLabels(org, UserQuery.all().withProjected(false))).containsExactly("a/u03", "b/u00", "b/u01");
        assertThat(userLabels(org, UserQuery.all().withAppliedStatus(UserStatus.ACTIVE))).containsExactly("a/u01");
        assertThat(userLabels(org, UserQuery.all().withAppliedStatus(UserStatus.DEACTIVATED))).containsExactly("a/u02");
        assertThat(userLabels(org, UserQuery.all().withAppliedStatus(UserStatus.DEACTIVATED).includingDeleted(true)))
                .containsExactly("a/u02", "a/u04");
        assertThat(userLabels(org, UserQuery.all().withAppliedStatus(UserStatus.READ_ONLY))).containsExactly("b/u05");
        assertThat(userLabels(org, UserQuery.all().withAppliedStatus(UserStatus.READ_ONLY).withProjected(false)))
                .isEmpty();
    }

    @Test
    void aChangedProjectionIsWhatTheFilterSees() {
        String org = seeded();
        DirectoryUserKey bob = new DirectoryUserKey(org, A, "u02");

        run(t -> t.projections().put(applied(bob, UserStatus.ACTIVE, null)));

        assertThat(userLabels(org, UserQuery.all().withAppliedStatus(UserStatus.DEACTIVATED))).isEmpty();
        assertThat(userLabels(org, UserQuery.all().withAppliedStatus(UserStatus.ACTIVE))).containsExactly("a/u01", "a/u02");
    }

    @Test
    void aChangedUserIsWhatTheFiltersAndSortsSee() {
        String org = seeded();

        run(t -> user(t, org, DirectoryUser.builder("u03", A).userName("Carol.K").email("aaa@acme.test")
                .formattedName("Zed Carol").build(), false));

        assertThat(userLabels(org, UserQuery.all().matching("100%"))).isEmpty();
        assertThat(userLabels(org, UserQuery.all().matching("aaa@"))).containsExactly("a/u03");
        assertThat(userLabels(org, UserQuery.all().withUserName("carol.k"))).containsExactly("a/u03");
        assertThat(userLabels(org, UserQuery.all().sortedBy(UserQuery.Sort.EMAIL, false)).get(0)).isEqualTo("a/u03");
        assertThat(userLabels(org, UserQuery.all().sortedBy(UserQuery.Sort.NAME, true)).get(0)).isEqualTo("a/u03");
    }

    @Test
    void filtersCombineWithAnd() {
        String org = seeded();

        assertThat(userLabels(org, UserQuery.all().inDirectory(A).matching("acme").withProjected(true)))
                .containsExactly("a/u01", "a/u02");
        assertThat(userLabels(org, UserQuery.all().inGroup("g-eng").matching("bob").withProjected(false)))
                .containsExactly("b/u00");
        assertThat(userLabels(org, UserQuery.all().withIdpId("okta-01").inDirectory(B))).isEmpty();
    }

    // ---------------------------------------------------------------- users: sorting and paging

    /** Users of the term tests: title, email, idp id, active and version time vary; see {@link #termsFixture}. */
    private String termsFixture() {
        String org = unique("org");
        run(t -> {
            t.organizations().insert(new Organization(org, "Org " + org, null, OrganizationSettings.defaults(), T0));
            termUser(t, org, DirectoryUser.builder("t1", A).userName("Ann.Lee").email("Ann@Acme.test")
                    .title("Senior Engineer").idpId("X-1").build(), T0, false);
            termUser(t, org, DirectoryUser.builder("t2", A).userName("ben").emails(List.of(
                    new Email("ben@home.test", "home", false), new Email("BEN@acme.test", "work", true)))
                    .title("engineer").idpId("x-1").active(false).build(), T1, false);
            termUser(t, org, DirectoryUser.builder("t3", A).userName("cy_1%").email("cy@other.test")
                    .idpId("X-3").build(), T2, false);
            termUser(t, org, DirectoryUser.builder("t4", A).userName("dee").email("dee@acme.test")
                    .title("Engineer").build(), T3, true);
            termUser(t, org, DirectoryUser.builder("t5", B).userName("ann.lee").email("ann@acme.test")
                    .title("Engineer").idpId("X-1").build(), T3, false);
        });
        return org;
    }

    private static void termUser(StateTransaction t, String org, DirectoryUser u, Instant at, boolean deleted) {
        t.mirror().putUser(new MirrorUser(org, u, new SourceVersion(at, "evt-" + u.id()), deleted));
    }

    private List<String> termLabels(String org, UserTerm... terms) {
        UserQuery q = UserQuery.all().inDirectory(A);
        for (UserTerm t : terms) {
            q = q.where(t);
        }
        return userLabels(org, q);
    }

    @Test
    void textTermsCompareUserNameEmailAndTitleIgnoringCaseAndTheIdpIdExactly() {
        String org = termsFixture();

        assertThat(termLabels(org, new UserTerm.Text(UserTerm.Field.USER_NAME, UserTerm.Match.EQ, "ANN.LEE")))
                .containsExactly("a/t1");
        assertThat(termLabels(org, new UserTerm.Text(UserTerm.Field.EMAIL, UserTerm.Match.EQ, "ben@ACME.test")))
                .as("the primary email, not another").containsExactly("a/t2");
        assertThat(termLabels(org, new UserTerm.Text(UserTerm.Field.EMAIL, UserTerm.Match.EQ, "ben@home.test")))
                .isEmpty();
        assertThat(termLabels(org, new UserTerm.Text(UserTerm.Field.ANY_EMAIL, UserTerm.Match.EQ, "BEN@home.test")))
                .as("any email").containsExactly("a/t2");
        assertThat(termLabels(org, new UserTerm.Text(UserTerm.Field.ANY_EMAIL, UserTerm.Match.EQ, "ben@home")))
                .as("a whole address, not a part").isEmpty();
        assertThat(termLabels(org, new UserTerm.Text(UserTerm.Field.ANY_EMAIL, UserTerm.Match.STARTS_WITH, "BEN@")))
                .containsExactly("a/t2");
        assertThat(termLabels(org, new UserTerm.Text(UserTerm.Field.ANY_EMAIL, UserTerm.Match.STARTS_WITH, "home")))
                .isEmpty();
        assertThat(termLabels(org, new UserTerm.Text(UserTerm.Field.ANY_EMAIL, UserTerm.Match.CONTAINS, "@acme.")))
                .containsExactly("a/t1", "a/t2");
        assertThat(termLabels(org, new UserTerm.Text(UserTerm.Field.ANY_EMAIL, UserTerm.Match.CONTAINS, "test\nben")))
                .as("never across two addresses").isEmpty();
        assertThat(termLabels(org, new UserTerm.Text(UserTerm.Field.TITLE, UserTerm.Match.EQ, "ENGINEER")))
                .as("tombstones excluded").containsExactly("a/t2");
        assertThat(termLabels(org, new UserTerm.Text(UserTerm.Field.IDP_ID, UserTerm.Match.EQ, "X-1")))
                .containsExactly("a/t1");
        assertThat(termLabels(org, new UserTerm.Text(UserTerm.Field.TITLE, UserTerm.Match.STARTS_WITH, "sen")))
                .containsExactly("a/t1");
        assertThat(termLabels(org, new UserTerm.Text(UserTerm.Field.TITLE, UserTerm.Match.CONTAINS, "GINE")))
                .containsExactly("a/t1", "a/t2");
        assertThat(termLabels(org, new UserTerm.Text(UserTerm.Field.EMAIL, UserTerm.Match.STARTS_WITH, "acme")))
                .isEmpty();
        assertThat(termLabels(org, new UserTerm.Text(UserTerm.Field.USER_NAME, UserTerm.Match.STARTS_WITH, "cy_")))
                .as("wildcards match themselves").containsExactly("a/t3");
        assertThat(termLabels(org, new UserTerm.Text(UserTerm.Field.USER_NAME, UserTerm.Match.CONTAINS, "1%")))
                .containsExactly("a/t3");
        assertThat(termLabels(org, new UserTerm.Text(UserTerm.Field.USER_NAME, UserTerm.Match.STARTS_WITH, "c_")))
                .isEmpty();
    }

    @Test
    void activeAndModifiedTermsCombineWithEveryOtherFilter() {
        String org = termsFixture();

        assertThat(termLabels(org, new UserTerm.Active(true))).containsExactly("a/t1", "a/t3");
        assertThat(termLabels(org, new UserTerm.Active(false))).containsExactly("a/t2");
        assertThat(termLabels(org, new UserTerm.Modified(UserTerm.Comparison.GT, T1))).containsExactly("a/t3");
        assertThat(termLabels(org, new UserTerm.Modified(UserTerm.Comparison.GE, T1))).containsExactly("a/t2", "a/t3");
        assertThat(termLabels(org, new UserTerm.Modified(UserTerm.Comparison.LT, T1))).containsExactly("a/t1");
        assertThat(termLabels(org, new UserTerm.Modified(UserTerm.Comparison.LE, T1))).containsExactly("a/t1", "a/t2");
        assertThat(termLabels(org, new UserTerm.Active(true),
                new UserTerm.Text(UserTerm.Field.TITLE, UserTerm.Match.CONTAINS, "engineer"),
                new UserTerm.Modified(UserTerm.Comparison.LT, T2))).containsExactly("a/t1");
        UserQuery everyDirectory = UserQuery.all().where(new UserTerm.Text(UserTerm.Field.USER_NAME,
                UserTerm.Match.EQ, "ann.lee"));
        assertThat(userLabels(org, everyDirectory)).containsExactly("a/t1", "b/t5");
        Page<UserView> page = users(org, UserQuery.all().inDirectory(A).where(new UserTerm.Active(true)).page(1, 1));
        assertThat(page.items()).extracting(v -> label(v.key())).containsExactly("a/t3");
        assertThat(page.total()).isEqualTo(2);
        assertThat(userLabels(seeded(), UserQuery.all().where(new UserTerm.Text(UserTerm.Field.TITLE,
                UserTerm.Match.EQ, "engineer")))).as("another organization's rows").isEmpty();
    }

    @Test
    void sortsByEmailAndNameIgnoringCaseWithTiesByDirectoryThenUserId() {
        String org = seeded();

        assertThat(userLabels(org, UserQuery.all().sortedBy(UserQuery.Sort.EMAIL, false)))
                .as("no email sorts first; bob@acme.test twice, tie by key")
                .containsExactly("a/u03", "a/u01", "b/u01", "a/u02", "b/u00", "b/u05");
        assertThat(userLabels(org, UserQuery.all().sortedBy(UserQuery.Sort.EMAIL, true)))
                .containsExactly("b/u05", "b/u00", "a/u02", "b/u01", "a/u01", "a/u03");
        assertThat(userLabels(org, UserQuery.all().sortedBy(UserQuery.Sort.NAME, false)))
                .as("'bob young' twice, tie by key; lower-case 'erin bloom' after 'Carol'")
                .containsExactly("b/u01", "a/u01", "a/u02", "b/u00", "a/u03", "b/u05");
        assertThat(userLabels(org, UserQuery.all().sortedBy(UserQuery.Sort.NAME, true)))
                .containsExactly("b/u05", "a/u03", "b/u00", "a/u02", "a/u01", "b/u01");
        assertThat(userLabels(org, UserQuery.all().sortedBy(UserQuery.Sort.ID, true)))
                .containsExactly("b/u05", "b/u01", "b/u00", "a/u03", "a/u02", "a/u01");
    }

    @Test
    void offsetPagesHoldTheirSliceAndTheTotalOfEveryMatch() {
        String org = seeded();
        UserQuery byName = UserQuery.all().sortedBy(UserQuery.Sort.NAME, false);

        Page<UserView> first = users(org, byName.page(0, 4));
        Page<UserView> second = users(org, byName.page(4, 4));
        Page<UserView> beyond = users(org, byName.page(10, 4));

        assertThat(first.items()).extracting(v -> label(v.key())).containsExactly("b/u01", "a/u01", "a/u02", "b/u00");
        assertThat(first.total()).isEqualTo(6);
        assertThat(first.hasMore()).isTrue();
        assertThat(second.items()).extracting(v -> label(v.key())).containsExactly("a/u03", "b/u05");
        assertThat(second.total()).isEqualTo(6);
        assertThat(second.hasMore()).isFalse();
        assertThat(second.offset()).isEqualTo(4);
        assertThat(second.limit()).isEqualTo(4);
        assertThat(beyond.items()).isEmpty();
        assertThat(beyond.total()).as("an offset past the end still counts the matches").isEqualTo(6);
        assertThat(users(org, UserQuery.all().matching("acme").page(1, 2)).total()).isEqualTo(4);
    }

    @Test
    void walkingEveryOffsetPageReturnsEveryUserOnceInEverySort() {
        String org = seeded();
        for (UserQuery.Sort sort : UserQuery.Sort.values()) {
            for (boolean desc : List.of(false, true)) {
                UserQuery q = UserQuery.all().sortedBy(sort, desc).includingDeleted(true);
                List<String> walked = new ArrayList<>();
                for (int offset = 0; ; offset += 2) {
                    Page<UserView> page = users(org, q.page(offset, 2));
                    page.items().forEach(v -> walked.add(label(v.key())));
                    assertThat(page.total()).isEqualTo(7);
                    if (!page.hasMore()) {
                        break;
                    }
                }
                assertThat(walked).as(sort + (desc ? " desc" : " asc"))
                        .isEqualTo(userLabels(org, q.page(0, 100)));
                assertThat(new HashSet<>(walked)).hasSize(7);
            }
        }
    }

    @Test
    void keysetPagesWalkEveryUserOnceWithTheTotalOfWhatRemains() {
        String org = seeded();
        List<String> walked = new ArrayList<>();
        List<Long> totals = new ArrayList<>();
        DirectoryUserKey after = null;
        while (true) {
            Page<UserView> page = users(org, UserQuery.all().page(0, 4).after(after));
            page.items().forEach(v -> walked.add(label(v.key())));
            totals.add(page.total());
            if (!page.hasMore()) {
                break;
            }
            after = page.items().get(page.items().size() - 1).key();
        }

        assertThat(walked).isEqualTo(LIVE_BY_ID);
        assertThat(totals).as("matches after the key").containsExactly(6L, 2L);
    }

    @Test
    void keysetPagingStartsStrictlyAfterTheKeyWithinAndAcrossDirectories() {
        String org = seeded();

        assertThat(userLabels(org, UserQuery.all().after(new DirectoryUserKey(org, A, "u02"))))
                .containsExactly("a/u03", "b/u00", "b/u01", "b/u05");
        assertThat(userLabels(org, UserQuery.all().after(new DirectoryUserKey(org, A, "u015"))))
                .as("a key that is not stored").containsExactly("a/u02", "a/u03", "b/u00", "b/u01", "b/u05");
        assertThat(userLabels(org, UserQuery.all().inDirectory(B).after(new DirectoryUserKey(org, B, "u00"))))
                .containsExactly("b/u01", "b/u05");
        assertThat(userLabels(org, UserQuery.all().inDirectory(B).after(new DirectoryUserKey(org, A, "u03"))))
                .containsExactly("b/u00", "b/u01", "b/u05");
        assertThat(userLabels(org, UserQuery.all().inDirectory(A).after(new DirectoryUserKey(org, B, "u00"))))
                .isEmpty();
        assertThat(userLabels(org, UserQuery.all().inGroup("g-eng").after(new DirectoryUserKey(org, A, "u02"))))
                .containsExactly("b/u00", "b/u05");
        assertThat(userLabels(org, UserQuery.all().after(new DirectoryUserKey(org, B, "u05")))).isEmpty();
    }

    @Test
    void queriesOfOneOrganizationNeverSeeAnothersRows() {
        String org = seeded();
        String other = seeded();
        run(t -> user(t, other, DirectoryUser.builder("u06", A).userName("alice-too").build(), false));

        assertThat(userLabels(org, UserQuery.all())).isEqualTo(LIVE_BY_ID);
        assertThat(users(org, UserQuery.all().matching("alice")).total()).isEqualTo(2);
        assertThat(groups(org, GroupQuery.all()).total()).isEqualTo(4);
        assertThat(tx(t -> t.queries().members(org, A, "g-eng", 0, 10)).total()).isEqualTo(2);
        assertThat(userLabels(unique("org"), UserQuery.all())).isEmpty();
    }

    // ---------------------------------------------------------------- groups

    @Test
    void groupsAreOrderedByNameIgnoringCaseWithTheirPresentLiveMemberCounts() {
        String org = seeded();

        Page<GroupView> page = groups(org, GroupQuery.all());

        assertThat(groupLabels(page)).as("a/g-eng counts u01 and u02: not the removed, tombstoned or unknown user")
                .containsExactly("a/g-eng=2", "b/g-eng=2", "a/g-ops=1", "b/g-empty=0");
        assertThat(page.total()).isEqualTo(4);
        assertThat(page.items().get(0).group())
                .isEqualTo(tx(t -> t.mirror().findGroup(org, A, "g-eng")).orElseThrow());
        assertThat(groupLabels(groups(org, GroupQuery.all().includingDeleted(true))))
                .containsExactly("a/g-old=1", "a/g-eng=2", "b/g-eng=2", "a/g-ops=1", "b/g-empty=0");
    }

    @Test
    void aMemberCountAgreesWithTheMembersListedAfterChanges() {
        String org = seeded();

        run(t -> {
            member(t, org, A, "g-eng", "u03", true);
            user(t, org, DirectoryUser.builder("u01", A).userName("alice@acme.test").build(), true);
        });

        assertThat(groupLabels(groups(org, GroupQuery.all().inDirectory(A)))).containsExactly("a/g-eng=2", "a/g-ops=1");
        assertThat(tx(t -> t.queries().members(org, A, "g-eng", 0, 10)).items())
                .extracting(MirrorUser::key).extracting(DirectoryQueriesContract::label)
                .containsExactly("a/u02", "a/u03");
    }

    @Test
    void groupFiltersSelectByDirectoryTextAndExactDisplayName() {
        String org = seeded();

        assertThat(groupLabels(groups(org, GroupQuery.all().inDirectory(B)))).containsExactly("b/g-eng=2", "b/g-empty=0");
        assertThat(groupLabels(groups(org, GroupQuery.all().matching("ENG")))).containsExactly("a/g-eng=2", "b/g-eng=2");
        assertThat(groupLabels(groups(org, GroupQuery.all().matching("%")))).isEmpty();
        assertThat(groupLabels(groups(org, GroupQuery.all().withDisplayName("engineering"))))
                .as("exact, case-sensitive").containsExactly("b/g-eng=2");
        assertThat(groupLabels(groups(org, GroupQuery.all().withDisplayName("Alumni")))).isEmpty();
        assertThat(groupLabels(groups(org, GroupQuery.all().withDisplayName("Alumni").includingDeleted(true))))
                .containsExactly("a/g-old=1");
        assertThat(groupLabels(groups(org, GroupQuery.all().inDirectory(A).matching("eng")))).containsExactly("a/g-eng=2");
    }

    @Test
    void groupPagesHoldTheirSliceAndTheTotal() {
        String org = seeded();

        Page<GroupView> page = groups(org, GroupQuery.all().page(1, 2));
        Page<GroupView> beyond = groups(org, GroupQuery.all().page(9, 2));

        assertThat(groupLabels(page)).containsExactly("b/g-eng=2", "a/g-ops=1");
        assertThat(page.total()).isEqualTo(4);
        assertThat(page.hasMore()).isTrue();
        assertThat(beyond.items()).isEmpty();
        assertThat(beyond.total()).isEqualTo(4);
    }

    @Test
    void membersOfAGroupArePagedInUserIdOrderWithoutTombstones() {
        String org = seeded();

        Page<MirrorUser> all = tx(t -> t.queries().members(org, A, "g-eng", 0, 10));
        Page<MirrorUser> second = tx(t -> t.queries().members(org, A, "g-eng", 1, 1));
        Page<MirrorUser> other = tx(t -> t.queries().members(org, B, "g-eng", 0, 10));

        assertThat(all.items()).extracting(u -> label(u.key())).containsExactly("a/u01", "a/u02");
        assertThat(all.total()).isEqualTo(2);
        assertThat(all.items().get(0)).isEqualTo(tx(t -> t.mirror().findUser(new DirectoryUserKey(org, A, "u01"))).orElseThrow());
        assertThat(second.items()).extracting(u -> label(u.key())).containsExactly("a/u02");
        assertThat(second.total()).isEqualTo(2);
        assertThat(second.hasMore()).isFalse();
        assertThat(other.items()).extracting(u -> label(u.key())).containsExactly("b/u00", "b/u05");
        assertThat(tx(t -> t.queries().members(org, A, "g-none", 0, 10)).total()).isZero();
        assertThat(tx(t -> t.queries().members(org, A, "g-eng", 5, 10)).total()).isEqualTo(2);
    }

    // ---------------------------------------------------------------- counts and connections

    @Test
    void countsAreAggregatedForTheOrganizationOnly() {
        String org = seeded();
        seeded();

        assertThat(counts(org)).isEqualTo(new DirectoryCounts(6, 5, 1, 4, 4, 1, 8));
        assertThat(counts(unique("org"))).isEqualTo(DirectoryCounts.EMPTY);
    }

    @Test
    void allConnectionsListsTheConnectionsOfEveryOrganization() {
        String first = unique("org");
        String second = unique("org");
        DirectoryConnection a = new DirectoryConnection(first, A, DirectoryConnection.Kind.SCIM, "okta",
                DirectoryConnection.State.ACTIVE, T0, T1);
        DirectoryConnection b = new DirectoryConnection(first, B, DirectoryConnection.Kind.WORKOS, "google",
                DirectoryConnection.State.DELETED, T1, null);
        DirectoryConnection c = new DirectoryConnection(second, A, DirectoryConnection.Kind.SCIM, "entra",
                DirectoryConnection.State.ACTIVE, T2, T3);
        run(t -> {
            t.connections().put(c);
            t.connections().put(b);
            t.connections().put(a);
        });

        List<DirectoryConnection> all = tx(t -> t.queries().allConnections());

        assertThat(all.stream().filter(x -> x.organizationId().equals(first) || x.organizationId().equals(second)))
                .containsExactlyInAnyOrder(a, b, c);
    }

    // ---------------------------------------------------------------- audit

    /** Seven entries, three of them at the same time; newest first they are e6 e5 e4 e3 e2 e1 e7. */
    private List<String> seedAudit(String org) {
        String p = unique("a");
        List<String> ids = new ArrayList<>();
        run(t -> {
            Object[][] rows = {{"e1", T1}, {"e2", T1}, {"e3", T1}, {"e4", T2}, {"e5", T3}, {"e6", T3}, {"e7", T0}};
            for (Object[] row : rows) {
                String id = p + "-" + row[0];
                AuditAction action = row[0].equals("e2") || row[0].equals("e6")
                        ? AuditAction.ROLE_CHANGED : AuditAction.USER_PROVISIONED;
                t.audit().append(new AuditEntry(id, org, (Instant) row[1], "scim:okta", action, "u1", "app-1",
                        "u1@acme.test", Map.of(), Map.of("k", "v"), null, "detail"));
            }
            t.audit().append(new AuditEntry(p + "-x", unique("other-org"), T2, "scim:okta", AuditAction.USER_PROVISIONED,
                    "u1", "app-1", "u1@acme.test", Map.of(), Map.of(), null, "other organization"));
        });
        for (String e : List.of("e6", "e5", "e4", "e3", "e2", "e1", "e7")) {
            ids.add(p + "-" + e);
        }
        return ids;
    }

    private static List<String> ids(AuditPage page) {
        return page.entries().stream().map(AuditEntry::id).toList();
    }

    @Test
    void auditKeysetPagesWalkEveryEntryOnceNewestFirst() {
        String org = unique("org");
        List<String> expected = seedAudit(org);
        List<String> walked = new ArrayList<>();
        List<Long> totals = new ArrayList<>();
        AuditQuery q = AuditQuery.of(org).page(0, 2);
        while (true) {
            AuditQuery current = q;
            AuditPage page = tx(t -> t.audit().query(current));
            walked.addAll(ids(page));
            totals.add(page.total());
            if (page.nextCursor() == null) {
                break;
            }
            q = q.after(page.nextCursor());
        }

        assertThat(walked).isEqualTo(expected);
        assertThat(totals).as("entries from the cursor on").containsExactly(7L, 5L, 3L, 1L);
        assertThat(ids(tx(t -> t.audit().query(AuditQuery.of(org).page(0, 100))))).isEqualTo(expected);
    }

    @Test
    void anAuditCursorPointsStrictlyAfterItsEntryAmongEntriesOfTheSameTime() {
        String org = unique("org");
        List<String> ids = seedAudit(org);

        AuditPage page = tx(t -> t.audit().query(AuditQuery.of(org).page(0, 4)));
        AuditPage next = tx(t -> t.audit().query(AuditQuery.of(org).page(0, 4).after(page.nextCursor())));

        assertThat(page.nextCursor()).isEqualTo(new AuditQuery.Cursor(T1, ids.get(3)).toString());
        assertThat(ids(next)).containsExactly(ids.get(4), ids.get(5), ids.get(6));
        assertThat(next.nextCursor()).as("a page that is not full is the last").isNull();
        assertThat(ids(tx(t -> t.audit().query(AuditQuery.of(org).after(new AuditQuery.Cursor(T1, ids.get(4)).toString())))))
                .containsExactly(ids.get(5), ids.get(6));
    }

    @Test
    void aFullLastAuditPageHasACursorToAnEmptyPage() {
        String org = unique("org");
        seedAudit(org);

        AuditPage full = tx(t -> t.audit().query(AuditQuery.of(org).page(0, 7)));
        AuditPage after = tx(t -> t.audit().query(AuditQuery.of(org).page(0, 7).after(full.nextCursor())));

        assertThat(full.entries()).hasSize(7);
        assertThat(full.nextCursor()).isNotNull();
        assertThat(after.entries()).isEmpty();
        assertThat(after.total()).isZero();
        assertThat(after.nextCursor()).isNull();
    }

    @Test
    void auditKeysetPagingCombinesWithFilters() {
        String org = unique("org");
        List<String> ids = seedAudit(org);
        AuditQuery roles = AuditQuery.of(org).withAction(AuditAction.ROLE_CHANGED).page(0, 1);

        AuditPage first = tx(t -> t.audit().query(roles));
        AuditPage second = tx(t -> t.audit().query(roles.after(first.nextCursor())));
        AuditPage third = tx(t -> t.audit().query(roles.after(second.nextCursor())));

        assertThat(ids(first)).containsExactly(ids.get(0));
        assertThat(ids(second)).containsExactly(ids.get(4));
        assertThat(third.entries()).isEmpty();
        assertThat(ids(tx(t -> t.audit().query(AuditQuery.of(org).between(T1, T3)
                .after(new AuditQuery.Cursor(T2, ids.get(2)).toString())))))
                .as("since T1 until T3, older than e4").containsExactly(ids.get(3), ids.get(4), ids.get(5));
    }

    @Test
    void anAuditQueryWithoutTotalSkipsCountingButPagesTheSame() {
        String org = unique("org");
        List<String> ids = seedAudit(org);

        AuditPage counted = tx(t -> t.audit().query(AuditQuery.of(org).page(2, 3)));
        AuditPage uncounted = tx(t -> t.audit().query(AuditQuery.of(org).page(2, 3).withoutTotal()));
        AuditPage keyset = tx(t -> t.audit().query(AuditQuery.of(org).page(0, 3).withoutTotal()
                .after(uncounted.nextCursor())));

        assertThat(counted.total()).isEqualTo(7);
        assertThat(uncounted.total()).isEqualTo(-1);
        assertThat(ids(uncounted)).isEqualTo(ids(counted)).containsExactly(ids.get(2), ids.get(3), ids.get(4));
        assertThat(uncounted.nextCursor()).isEqualTo(counted.nextCursor());
        assertThat(ids(keyset)).containsExactly(ids.get(5), ids.get(6));
        assertThat(keyset.total()).isEqualTo(-1);
    }

    // ---------------------------------------------------------------- settings version

    @Test
    void theSettingsVersionIsStoredAndReadBack() {
        String org = unique("org");
        Organization created = new Organization(org, "Acme", "wos_" + org, OrganizationSettings.defaults(), T1);
        run(t -> t.organizations().insert(created));
        assertThat(tx(t -> t.organizations().find(org)).orElseThrow().settingsVersion()).isEqualTo(1);

        Organization changed = created.withSettings(created.settings().withMode(Mode.TEST));
        run(t -> t.organizations().update(changed));

        Organization found = tx(t -> t.organizations().find(org)).orElseThrow();
        assertThat(found).isEqualTo(changed);
        assertThat(tx(t -> t.organizations().lock(org)).orElseThrow().settingsVersion()).isEqualTo(2);
        assertThat(tx(t -> t.organizations().findByWorkosOrganizationId("wos_" + org)).orElseThrow().settingsVersion())
                .isEqualTo(2);
        assertThat(tx(t -> t.organizations().list()).stream().filter(o -> o.id().equals(org)))
                .extracting(Organization::settingsVersion).containsExactly(2L);

        String other = unique("org");
        run(t -> t.organizations().insert(new Organization(other, "B", null, OrganizationSettings.defaults(), T1, 42)));
        assertThat(tx(t -> t.organizations().find(other)).orElseThrow().settingsVersion()).isEqualTo(42);
    }
}
