package dev.dirsync.core.testkit;

import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.audit.AuditEntry;
import dev.dirsync.core.audit.AuditPage;
import dev.dirsync.core.audit.AuditQuery;
import dev.dirsync.core.model.DeactivationPolicy;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.Email;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.Identity;
import dev.dirsync.core.model.Mode;
import dev.dirsync.core.model.Organization;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.model.Projection;
import dev.dirsync.core.model.RoleSource;
import dev.dirsync.core.model.SoleAdminPolicy;
import dev.dirsync.core.model.SourceVersion;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.outcome.Change;
import dev.dirsync.core.state.AppliedProjection;
import dev.dirsync.core.state.DirectoryConnection;
import dev.dirsync.core.state.MirrorGroup;
import dev.dirsync.core.state.MirrorMembership;
import dev.dirsync.core.state.MirrorUser;
import dev.dirsync.core.state.PreviewEntry;
import dev.dirsync.core.state.ScimCredential;
import dev.dirsync.core.state.StateStore;
import dev.dirsync.core.state.StateTransaction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract of dirsync's state SPI ({@link StateStore} and its repositories), run against every
 * implementation: the in-memory store, dirsync-jdbi on each database, and any store a host writes itself.
 *
 * <p>Subclass it and return your store from {@link #newStore()}. Every test works with ids of its own
 * (fresh organization ids, checkpoint names), so a subclass may return the same store, over the same
 * database tables, for every test; a store may hold other data meanwhile.
 *
 * <p>Times used here have microsecond precision, the finest that PostgreSQL and MySQL keep.
 */
public abstract class StateStoreContract {

    /** Instants the suite stores: microsecond precision; one falls into a daylight-saving gap of Europe/Berlin. */
    protected static final Instant T0 = Instant.parse("2024-03-31T02:30:00.123456Z");
    protected static final Instant T1 = Instant.parse("2024-05-01T10:15:30.000001Z");
    protected static final Instant T2 = Instant.parse("2024-05-02T08:00:00Z");
    protected static final Instant T3 = Instant.parse("2024-05-03T23:59:59.999999Z");

    protected StateStore store;

    /** The store under test; called before every test. */
    protected abstract StateStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    // ---------------------------------------------------------------- helpers

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    private static OrganizationSettings customSettings() {
        return OrganizationSettings.defaults()
                .withMode(Mode.TEST)
                .withDeactivation(DeactivationPolicy.GRACE, Duration.ofDays(7).plusHours(3))
                .withSoleAdminPolicy(SoleAdminPolicy.AUTO_PROMOTE)
                .withRoles(List.of("owner", "admin", "editor", "member"), "editor", "owner")
                .withRoleSource(RoleSource.BOTH)
                .withGroupMapping(GroupMapping.role("grp-admins", "admin"))
                .withGroupMapping(new GroupMapping("grp-eng", "editor", Set.of("eng", "platform")))
                .withGroupMapping(GroupMapping.workspaces("grp-sales", "sales"))
                .withAttributeMappings(Map.of("department", "dept", "costCenter", "cc"))
                .withSensitiveAttributes(Set.of("ssn", "Salary"), false)
                .withDeactivateWhenDirectoryDeleted(true)
                .withDailySummary(true)
                .withDriftPolicy(dev.dirsync.core.model.DriftPolicy.CORRECT);
    }

    private static Organization organization(String id) {
        return new Organization(id, "Acme " + id, "org_workos_" + id, customSettings(), T1);
    }

    private static DirectoryUser fullUser(String id, String directoryId) {
        Map<String, Object> custom = new LinkedHashMap<>();
        custom.put("badge", "B-17");
        custom.put("floor", 3);
        custom.put("remote", true);
        custom.put("skills", List.of("java", "sql"));
        custom.put("address", Map.of("city", "Lyon", "zip", "69001"));
        custom.put("nothing", null);
        return DirectoryUser.builder(id, directoryId)
                .idpId("00u" + id)
                .userName("Jane.Doe+" + id + "@Example.com")
                .emails(List.of(new Email("jane+" + id + "@example.com", "work", true),
                        new Email("jd@home.example", "home", false), new Email("x@example.com", null, false)))
                .givenName("Jane")
                .familyName("Doé")
                .formattedName("Jane Doé")
                .active(true)
                .title("Engineer")
                .department("R&D")
                .employeeNumber("4711")
                .locale("fr-FR")
                .timezone("Europe/Paris")
                .managerId("mgr-1")
                .costCenter("CC-9")
                .division("Cloud")
                .organization("Acme")
                .idpRoles(List.of("admin", "billing"))
                .customAttributes(custom)
                .rawAttributes(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"),
                        "meta", Map.of("version", "W/\"3\"")))
                .build();
    }

    private static MirrorUser mirrorUser(String org, String dir, String id, String userName, String idpId,
                                         boolean deleted) {
        DirectoryUser u = DirectoryUser.builder(id, dir).userName(userName).idpId(idpId).email(id + "@example.com")
                .build();
        return new MirrorUser(org, u, new SourceVersion(T1, "evt-" + id), deleted);
    }

    private static Projection projection(DirectoryUserKey key, String role) {
        return new Projection(key, new Identity("p@example.com", "p", "Pat", "Lee", "Pat Lee"), UserStatus.ACTIVE,
                role, new TreeSet<>(Set.of("eng", "ops")), Map.of("title", "Engineer", "department", "R&D"));
    }

    private static AppliedProjection applied(DirectoryUserKey key, String appUserId, Instant purgeAt, boolean purged) {
        return new AppliedProjection(key, appUserId, projection(key, "member"), T0, T1, purgeAt, purged, false, null);
    }

    private static AuditEntry audit(String id, String org, Instant at, String actor, AuditAction action,
                                    String dirUser, String appUser, String label) {
        return new AuditEntry(id, org, at, actor, action, dirUser, appUser, label, Map.of("role", "member"),
                Map.of("role", "admin"), "evt-" + id, "detail " + id);
    }

    private <T> T tx(java.util.function.Function<StateTransaction, T> work) {
        return store.inTransaction(work);
    }

    private void run(java.util.function.Consumer<StateTransaction> work) {
        store.inTransaction(t -> {
            work.accept(t);
            return null;
        });
    }

    // ---------------------------------------------------------------- organizations

    @Test
    void anInsertedOrganizationIsFoundWithAllItsSettings() {
        String id = unique("org");
        Organization org = organization(id);

        assertThat(tx((StateTransaction t) -> t.organizations().insert(org))).isTrue();

        Organization found = tx((StateTransaction t) -> t.organizations().find(id)).orElseThrow();
        assertThat(found).isEqualTo(org);
        assertThat(found.settings().gracePeriod()).isEqualTo(Duration.ofDays(7).plusHours(3));
        assertThat(found.settings().groupMappings()).containsOnlyKeys("grp-admins", "grp-eng", "grp-sales");
        assertThat(found.settings().sensitiveAttributes()).contains("SALARY"); // still case-insensitive
    }

    @Test
    void defaultSettingsRoundTrip() {
        String id = unique("org");
        Organization org = new Organization(id, "Plain", null, OrganizationSettings.defaults(), T2);
        run(t -> t.organizations().insert(org));

        assertThat(tx((StateTransaction t) -> t.organizations().find(id))).contains(org);
    }

    @Test
    void insertingAnExistingOrganizationReturnsFalseAndKeepsTheFirst() {
        String id = unique("org");
        Organization first = organization(id);
        run(t -> t.organizations().insert(first));

        Organization second = new Organization(id, "Other", null, OrganizationSettings.defaults(), T2);
        assertThat(tx((StateTransaction t) -> t.organizations().insert(second))).isFalse();
        assertThat(tx((StateTransaction t) -> t.organizations().find(id))).contains(first);
    }

    @Test
    void aRefusedOrganizationInsertLeavesTheTransactionUsable() {
        String id = unique("org");
        run(t -> t.organizations().insert(organization(id)));
        String checkpoint = unique("cp");

        boolean inserted = tx((StateTransaction t) -> {
            boolean r = t.organizations().insert(organization(id));
            t.checkpoints().put(checkpoint, "after-refused-insert");
            return r;
        });

        assertThat(inserted).isFalse();
        assertThat(tx((StateTransaction t) -> t.checkpoints().get(checkpoint))).contains("after-refused-insert");
    }

    @Test
    void anUnknownOrganizationIsNotFound() {
        assertThat(tx((StateTransaction t) -> t.organizations().find(unique("missing")))).isEmpty();
        assertThat(tx((StateTransaction t) -> t.organizations().lock(unique("missing")))).isEmpty();
        assertThat(tx((StateTransaction t) -> t.organizations().findByWorkosOrganizationId(unique("missing")))).isEmpty();
    }

    @Test
    void anOrganizationIsFoundByItsWorkosOrganizationId() {
        String id = unique("org");
        Organization org = organization(id);
        run(t -> t.organizations().insert(org));

        assertThat(tx((StateTransaction t) -> t.organizations().findByWorkosOrganizationId("org_workos_" + id))).contains(org);
        assertThat(tx((StateTransaction t) -> t.organizations().findByWorkosOrganizationId("ORG_WORKOS_" + id))).isEmpty();
    }

    @Test
    void aWorkosOrganizationIsLinkedToOneOrganizationOnly() {
        String id = unique("org");
        Organization owner = organization(id);
        run(t -> t.organizations().insert(owner));
        String workos = owner.workosOrganizationId();
        Organization intruder = new Organization(unique("org"), "Intruder", workos, OrganizationSettings.defaults(), T1);
        Organization other = new Organization(unique("org"), "Other", null, OrganizationSettings.defaults(), T1);
        run(t -> t.organizations().insert(other));

        // a store refuses the second binding: the insert reports false (savepoint dialects) or fails
        boolean inserted;
        try {
            inserted = tx((StateTransaction t) -> t.organizations().insert(intruder));
        } catch (RuntimeException e) {
            inserted = false;
        }
        assertThat(inserted).isFalse();
        assertThatThrownBy(() -> run(t -> t.organizations().update(other.withWorkosOrganizationId(workos))))
                .isInstanceOf(RuntimeException.class);

        assertThat(tx((StateTransaction t) -> t.organizations().find(intruder.id()))).isEmpty();
        assertThat(tx((StateTransaction t) -> t.organizations().find(other.id()))).contains(other);
        assertThat(tx((StateTransaction t) -> t.organizations().findByWorkosOrganizationId(workos))).contains(owner);
    }

    @Test
    void organizationIdsAreCaseSensitive() {
        String id = unique("org");
        run(t -> t.organizations().insert(organization(id)));

        assertThat(tx((StateTransaction t) -> t.organizations().find(id.toUpperCase()))).isEmpty();
        assertThat(tx((StateTransaction t) -> t.organizations().insert(organization(id.toUpperCase())))).isTrue();
    }

    @Test
    void anUpdateReplacesTheOrganization() {
        String id = unique("org");
        Organization org = organization(id);
        run(t -> t.organizations().insert(org));

        Organization changed = new Organization(id, "Renamed", null,
                OrganizationSettings.defaults().withMode(Mode.PAUSED), T1);
        run(t -> t.organizations().update(changed));

        assertThat(tx((StateTransaction t) -> t.organizations().find(id))).contains(changed);
        assertThat(tx((StateTransaction t) -> t.organizations().findByWorkosOrganizationId("org_workos_" + id))).isEmpty();
    }

    @Test
    void updatingWithUnchangedValuesSucceeds() {
        String id = unique("org");
        Organization org = organization(id);
        run(t -> t.organizations().insert(org));

        run(t -> t.organizations().update(org));

        assertThat(tx((StateTransaction t) -> t.organizations().find(id))).contains(org);
    }

    @Test
    void updatingAnUnknownOrganizationFails() {
        Organization ghost = organization(unique("ghost"));

        assertThatThrownBy(() -> run(t -> t.organizations().update(ghost)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(ghost.id());
        assertThat(tx((StateTransaction t) -> t.organizations().find(ghost.id()))).isEmpty();
    }

    @Test
    void listIncludesEveryInsertedOrganization() {
        String a = unique("org");
        String b = unique("org");
        run(t -> {
            t.organizations().insert(organization(a));
            t.organizations().insert(organization(b));
        });

        List<String> ids = tx((StateTransaction t) -> t.organizations().list()).stream().map(Organization::id).toList();
        assertThat(ids).contains(a, b).doesNotHaveDuplicates();
    }

    @Test
    void lockReturnsTheOrganization() {
        String id = unique("org");
        Organization org = organization(id);
        run(t -> t.organizations().insert(org));

        assertThat(tx((StateTransaction t) -> t.organizations().lock(id))).contains(org);
    }

    @Test
    void lockMakesASecondTransactionWaitAndSeeTheFirstOnesCommit() throws Exception {
        String id = unique("org");
        Organization org = organization(id);
        run(t -> t.organizations().insert(org));
        CountDownLatch locked = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = pool.submit(() -> run(t -> {
                t.organizations().lock(id).orElseThrow();
                locked.countDown();
                sleep(400);
                t.organizations().update(new Organization(id, "changed while locked", null, org.settings(), T1));
            }));
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
            Future<String> second = pool.submit(() -> tx((StateTransaction t) -> t.organizations().lock(id).orElseThrow().name()));

            assertThat(second.get(20, TimeUnit.SECONDS)).isEqualTo("changed while locked");
            first.get(20, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- connections

    @Test
    void connectionsAreStoredPerOrganizationAndDirectory() {
        String org = unique("org");
        String oktaDir = unique("dir-okta"); // WorkOS directory ids are global: unique per test
        DirectoryConnection okta = new DirectoryConnection(org, oktaDir, DirectoryConnection.Kind.WORKOS, "Okta",
                DirectoryConnection.State.ACTIVE, T0, null);
        DirectoryConnection google = new DirectoryConnection(org, "dir-google", DirectoryConnection.Kind.SCIM,
                "Google Workspace", DirectoryConnection.State.ACTIVE, T1, T2);
        // a SCIM directory id belongs to its organization: another one may use the same id
        DirectoryConnection elsewhere = new DirectoryConnection(unique("org"), "dir-google",
                DirectoryConnection.Kind.SCIM, "Okta", DirectoryConnection.State.ACTIVE, T0, null);
        run(t -> {
            t.connections().put(okta);
            t.connections().put(google);
            t.connections().put(elsewhere);
        });

        assertThat(tx((StateTransaction t) -> t.connections().find(org, oktaDir))).contains(okta);
        assertThat(tx((StateTransaction t) -> t.connections().find(org, "dir-google"))).contains(google);
        assertThat(tx((StateTransaction t) -> t.connections().find(org, "dir-other"))).isEmpty();
        assertThat(tx((StateTransaction t) -> t.connections().list(org))).containsExactlyInAnyOrder(okta, google);
        assertThat(tx((StateTransaction t) -> t.connections().findWorkosDirectory(oktaDir))).contains(okta);
        assertThat(tx((StateTransaction t) -> t.connections().findWorkosDirectory("dir-google")))
                .as("SCIM directories are not WorkOS directories").isEmpty();
    }

    @Test
    void aWorkosDirectoryIsConnectedToOneOrganizationOnly() {
        String org = unique("org");
        String other = unique("org");
        String dir = unique("directory");
        DirectoryConnection mine = new DirectoryConnection(org, dir, DirectoryConnection.Kind.WORKOS, "Okta",
                DirectoryConnection.State.ACTIVE, T0, null);
        run(t -> t.connections().put(mine));
        run(t -> t.connections().put(mine.withLastEventAt(T2))); // its own organization may put it again

        assertThatThrownBy(() -> run(t -> t.connections().put(new DirectoryConnection(other, dir,
                DirectoryConnection.Kind.WORKOS, "Okta", DirectoryConnection.State.ACTIVE, T1, null))))
                .isInstanceOf(RuntimeException.class);

        assertThat(tx((StateTransaction t) -> t.connections().list(other))).isEmpty();
        assertThat(tx((StateTransaction t) -> t.connections().findWorkosDirectory(dir)))
                .contains(mine.withLastEventAt(T2));
    }

    @Test
    void puttingAConnectionAgainReplacesIt() {
        String org = unique("org");
        String dir = unique("dir");
        DirectoryConnection c = new DirectoryConnection(org, dir, DirectoryConnection.Kind.WORKOS, "Okta",
                DirectoryConnection.State.ACTIVE, T0, null);
        run(t -> t.connections().put(c));

        DirectoryConnection deleted = c.withState(DirectoryConnection.State.DELETED).withLastEventAt(T3);
        run(t -> t.connections().put(deleted));

        assertThat(tx((StateTransaction t) -> t.connections().find(org, dir))).contains(deleted);
        assertThat(tx((StateTransaction t) -> t.connections().list(org))).containsExactly(deleted);
    }

    // ---------------------------------------------------------------- mirror users

    @Test
    void aMirrorUserRoundTripsWithEveryAttribute() {
        String org = unique("org");
        MirrorUser u = new MirrorUser(org, fullUser("u-1", "dir-1"), new SourceVersion(T0, "evt-01H"), false);
        run(t -> t.mirror().putUser(u));

        MirrorUser found = tx((StateTransaction t) -> t.mirror().findUser(u.key())).orElseThrow();
        assertThat(found).isEqualTo(u);
        assertThat(found.user().customAttributes().get("address")).isEqualTo(Map.of("city", "Lyon", "zip", "69001"));
        assertThat(found.version().time()).isEqualTo(T0);
    }

    @Test
    void puttingAUserAgainReplacesItTombstoneIncluded() {
        String org = unique("org");
        MirrorUser live = mirrorUser(org, "dir-1", "u-1", "jane", "idp-1", false);
        run(t -> t.mirror().putUser(live));

        MirrorUser tombstone = new MirrorUser(org, live.user().toBuilder().active(false).build(),
                new SourceVersion(T2, "evt-2"), true);
        run(t -> t.mirror().putUser(tombstone));

        assertThat(tx((StateTransaction t) -> t.mirror().findUser(live.key()))).contains(tombstone);
        assertThat(tx((StateTransaction t) -> t.mirror().users(org))).containsExactly(tombstone);
    }

    @Test
    void severalUsersAreReadInOneLookupAcrossDirectoriesWithTombstonesAndWithoutUnknowns() {
        String org = unique("org");
        MirrorUser a = mirrorUser(org, "dir-1", "u-1", "ann", "idp-1", false);
        MirrorUser b = mirrorUser(org, "dir-1", "u-2", "bob", "idp-2", true);
        MirrorUser c = mirrorUser(org, "dir-2", "u-1", "cid", "idp-3", false);
        MirrorUser elsewhere = mirrorUser(unique("org"), "dir-1", "u-3", "dan", "idp-4", false);
        run(t -> {
            t.mirror().putUser(a);
            t.mirror().putUser(b);
            t.mirror().putUser(c);
            t.mirror().putUser(elsewhere);
        });
        DirectoryUserKey unknown = new DirectoryUserKey(org, "dir-1", "u-9");
        DirectoryUserKey otherOrganization = new DirectoryUserKey(org, "dir-1", "u-3");

        Map<DirectoryUserKey, MirrorUser> found = tx((StateTransaction t) -> t.mirror().findUsers(
                List.of(a.key(), b.key(), c.key(), unknown, otherOrganization)));

        assertThat(found).containsOnlyKeys(a.key(), b.key(), c.key());
        assertThat(found.get(a.key())).isEqualTo(a);
        assertThat(found.get(b.key())).isEqualTo(b);
        assertThat(found.get(c.key())).isEqualTo(c);
        assertThat(tx((StateTransaction t) -> t.mirror().findUsers(List.of()))).isEmpty();
    }

    @Test
    void anUnknownUserIsNotFound() {
        assertThat(tx((StateTransaction t) -> t.mirror().findUser(new DirectoryUserKey(unique("org"), "dir", "nobody")))).isEmpty();
    }

    @Test
    void usersAreFoundByUserNameIgnoringCaseAmongLiveUsersOfTheDirectory() {
        String org = unique("org");
        MirrorUser jane = mirrorUser(org, "dir-1", "u-1", "Jane.Doe@Example.com", "idp-1", false);
        MirrorUser deletedJoe = mirrorUser(org, "dir-1", "u-2", "joe@example.com", "idp-2", true);
        MirrorUser otherDirectory = mirrorUser(org, "dir-2", "u-3", "max@example.com", "idp-3", false);
        MirrorUser otherOrg = mirrorUser(unique("org"), "dir-1", "u-4", "eve@example.com", "idp-4", false);
        run(t -> {
            t.mirror().putUser(jane);
            t.mirror().putUser(deletedJoe);
            t.mirror().putUser(otherDirectory);
            t.mirror().putUser(otherOrg);
        });

        assertThat(tx((StateTransaction t) -> t.mirror().findUserByUserName(org, "dir-1", "jane.doe@example.com"))).contains(jane);
        assertThat(tx((StateTransaction t) -> t.mirror().findUserByUserName(org, "dir-1", "JANE.DOE@EXAMPLE.COM"))).contains(jane);
        assertThat(tx((StateTransaction t) -> t.mirror().findUserByUserName(org, "dir-1", "jane.doe"))).isEmpty();
        assertThat(tx((StateTransaction t) -> t.mirror().findUserByUserName(org, "dir-1", "joe@example.com"))).isEmpty();
        assertThat(tx((StateTransaction t) -> t.mirror().findUserByUserName(org, "dir-1", "max@example.com"))).isEmpty();
        assertThat(tx((StateTransaction t) -> t.mirror().findUserByUserName(org, "dir-1", "eve@example.com"))).isEmpty();
    }

    @Test
    void aRenamedUserIsFoundByItsNewUserNameOnly() {
        String org = unique("org");
        MirrorUser before = mirrorUser(org, "dir-1", "u-1", "old@example.com", "idp-1", false);
        run(t -> t.mirror().putUser(before));
        MirrorUser after = new MirrorUser(org, before.user().toBuilder().userName("New@Example.com").build(),
                new SourceVersion(T2, "evt-2"), false);
        run(t -> t.mirror().putUser(after));

        assertThat(tx((StateTransaction t) -> t.mirror().findUserByUserName(org, "dir-1", "old@example.com"))).isEmpty();
        assertThat(tx((StateTransaction t) -> t.mirror().findUserByUserName(org, "dir-1", "new@example.com"))).contains(after);
    }

    @Test
    void usersAreFoundByIdpIdAmongLiveUsersOfTheDirectory() {
        String org = unique("org");
        MirrorUser jane = mirrorUser(org, "dir-1", "u-1", "jane", "00uJANE", false);
        MirrorUser deleted = mirrorUser(org, "dir-1", "u-2", "joe", "00uJOE", true);
        MirrorUser otherDirectory = mirrorUser(org, "dir-2", "u-3", "max", "00uMAX", false);
        run(t -> {
            t.mirror().putUser(jane);
            t.mirror().putUser(deleted);
            t.mirror().putUser(otherDirectory);
        });

        assertThat(tx((StateTransaction t) -> t.mirror().findUserByIdpId(org, "dir-1", "00uJANE"))).contains(jane);
        assertThat(tx((StateTransaction t) -> t.mirror().findUserByIdpId(org, "dir-1", "00ujane"))).isEmpty();
        assertThat(tx((StateTransaction t) -> t.mirror().findUserByIdpId(org, "dir-1", "00uJOE"))).isEmpty();
        assertThat(tx((StateTransaction t) -> t.mirror().findUserByIdpId(org, "dir-1", "00uMAX"))).isEmpty();
    }

    @Test
    void usersAreListedByDirectoryThenUserIdWithTombstones() {
        String org = unique("org");
        List<MirrorUser> inInsertOrder = List.of(
                mirrorUser(org, "dir-b", "u-1", "a", "i1", false),
                mirrorUser(org, "dir-a", "u-2", "b", "i2", true),
                mirrorUser(org, "dir-a", "U-3", "c", "i3", false),
                mirrorUser(org, "dir-a", "u-10", "d", "i4", false),
                mirrorUser(org, "dir-B", "u-0", "e", "i5", false));
        run(t -> inInsertOrder.forEach(t.mirror()::putUser));
        run(t -> t.mirror().putUser(mirrorUser(unique("org"), "dir-a", "u-5", "x", "i6", false)));

        List<String> keys = tx((StateTransaction t) -> t.mirror().users(org)).stream()
                .map(u -> u.user().directoryId() + "/" + u.user().id()).toList();
        // ordered by code point, like String.compareTo: upper case before lower case, "u-10" before "u-2"
        assertThat(keys).containsExactly("dir-B/u-0", "dir-a/U-3", "dir-a/u-10", "dir-a/u-2", "dir-b/u-1");
    }

    // ---------------------------------------------------------------- mirror groups

    @Test
    void groupsRoundTripAndAreListedByDirectoryThenGroupId() {
        String org = unique("org");
        MirrorGroup eng = new MirrorGroup(org, new DirectoryGroup("g-2", "dir-a", "00gENG", "Engineering",
                Map.of("description", "Builders", "members", List.of(1, 2))), new SourceVersion(T1, "e1"), false);
        MirrorGroup sales = new MirrorGroup(org, DirectoryGroup.of("g-1", "dir-a", "Sales"),
                new SourceVersion(T2, "e2"), true);
        MirrorGroup other = new MirrorGroup(org, DirectoryGroup.of("g-0", "dir-b", "Ops"),
                new SourceVersion(T0, "e3"), false);
        run(t -> {
            t.mirror().putGroup(other);
            t.mirror().putGroup(eng);
            t.mirror().putGroup(sales);
            t.mirror().putGroup(new MirrorGroup(unique("org"), DirectoryGroup.of("g-9", "dir-a", "X"),
                    new SourceVersion(T0, "e4"), false));
        });

        assertThat(tx((StateTransaction t) -> t.mirror().findGroup(org, "dir-a", "g-2"))).contains(eng);
        assertThat(tx((StateTransaction t) -> t.mirror().findGroup(org, "dir-b", "g-2"))).isEmpty();
        assertThat(tx((StateTransaction t) -> t.mirror().groups(org))).containsExactly(sales, eng, other);
    }

    @Test
    void groupsAreFoundByDisplayNameIgnoringCaseAmongLiveGroupsOfTheDirectory() {
        String org = unique("org");
        MirrorGroup eng = new MirrorGroup(org, DirectoryGroup.of("g-2", "dir-a", "Engineering"),
                new SourceVersion(T1, "e1"), false);
        MirrorGroup twin = new MirrorGroup(org, DirectoryGroup.of("g-1", "dir-a", "Engineering"),
                new SourceVersion(T1, "e2"), false);
        MirrorGroup deleted = new MirrorGroup(org, DirectoryGroup.of("g-3", "dir-a", "Sales"),
                new SourceVersion(T1, "e3"), true);
        MirrorGroup otherDirectory = new MirrorGroup(org, DirectoryGroup.of("g-4", "dir-b", "Ops"),
                new SourceVersion(T1, "e4"), false);
        run(t -> List.of(eng, twin, deleted, otherDirectory).forEach(t.mirror()::putGroup));

        assertThat(tx((StateTransaction t) -> t.mirror().findGroupsByDisplayName(org, "dir-a", "Engineering")))
                .containsExactly(twin, eng);
        assertThat(tx((StateTransaction t) -> t.mirror().findGroupsByDisplayName(org, "dir-a", "engINEERING")))
                .containsExactly(twin, eng);
        assertThat(tx((StateTransaction t) -> t.mirror().findGroupsByDisplayName(org, "dir-a", "Engineering ")))
                .isEmpty();
        assertThat(tx((StateTransaction t) -> t.mirror().findGroupsByDisplayName(org, "dir-a", "Engineer")))
                .isEmpty();
        assertThat(tx((StateTransaction t) -> t.mirror().findGroupsByDisplayName(org, "dir-a", "Sales"))).isEmpty();
        assertThat(tx((StateTransaction t) -> t.mirror().findGroupsByDisplayName(org, "dir-a", "Ops"))).isEmpty();
        assertThat(tx((StateTransaction t) -> t.mirror().findGroupsByDisplayName(org, "dir-b", "Ops")))
                .containsExactly(otherDirectory);
    }

    @Test
    void puttingAGroupAgainReplacesIt() {
        String org = unique("org");
        MirrorGroup g = new MirrorGroup(org, DirectoryGroup.of("g-1", "dir", "Old name"), new SourceVersion(T1, "a"),
                false);
        run(t -> t.mirror().putGroup(g));
        MirrorGroup renamed = new MirrorGroup(org, DirectoryGroup.of("g-1", "dir", "New name"),
                new SourceVersion(T2, "b"), true);
        run(t -> t.mirror().putGroup(renamed));

        assertThat(tx((StateTransaction t) -> t.mirror().findGroup(org, "dir", "g-1"))).contains(renamed);
        assertThat(tx((StateTransaction t) -> t.mirror().groups(org))).containsExactly(renamed);
    }

    // ---------------------------------------------------------------- memberships

    @Test
    void membershipsAreKeptWithRemovalsAsNotPresent() {
        String org = unique("org");
        MirrorMembership added = new MirrorMembership(org, "dir", "g-1", "u-1", true, new SourceVersion(T1, "a"));
        run(t -> t.mirror().putMembership(added));
        assertThat(tx((StateTransaction t) -> t.mirror().findMembership(org, "dir", "g-1", "u-1"))).contains(added);

        MirrorMembership removed = new MirrorMembership(org, "dir", "g-1", "u-1", false, new SourceVersion(T2, "b"));
        run(t -> t.mirror().putMembership(removed));

        assertThat(tx((StateTransaction t) -> t.mirror().findMembership(org, "dir", "g-1", "u-1"))).contains(removed);
        assertThat(tx((StateTransaction t) -> t.mirror().findMembership(org, "dir", "g-1", "u-2"))).isEmpty();
        assertThat(tx((StateTransaction t) -> t.mirror().groupIdsOfUser(new DirectoryUserKey(org, "dir", "u-1")))).isEmpty();
        assertThat(tx((StateTransaction t) -> t.mirror().userIdsInGroup(org, "dir", "g-1"))).isEmpty();
    }

    @Test
    void groupsOfAUserAndUsersOfAGroupAreSortedAndCountOnlyPresentMemberships() {
        String org = unique("org");
        SourceVersion v = new SourceVersion(T1, "v");
        run(t -> {
            t.mirror().putMembership(new MirrorMembership(org, "dir", "g-b", "u-1", true, v));
            t.mirror().putMembership(new MirrorMembership(org, "dir", "g-a", "u-1", true, v));
            t.mirror().putMembership(new MirrorMembership(org, "dir", "g-c", "u-1", false, v));
            t.mirror().putMembership(new MirrorMembership(org, "dir", "G-z", "u-1", true, v));
            t.mirror().putMembership(new MirrorMembership(org, "dir", "g-a", "u-3", true, v));
            t.mirror().putMembership(new MirrorMembership(org, "dir", "g-a", "u-2", true, v));
            t.mirror().putMembership(new MirrorMembership(org, "dir", "g-a", "u-4", false, v));
            // same ids in another directory and another organization must not leak in
            t.mirror().putMembership(new MirrorMembership(org, "dir-2", "g-x", "u-1", true, v));
            t.mirror().putMembership(new MirrorMembership(org, "dir-2", "g-a", "u-9", true, v));
            t.mirror().putMembership(new MirrorMembership(unique("org"), "dir", "g-y", "u-1", true, v));
        });

        assertThat(tx((StateTransaction t) -> t.mirror().groupIdsOfUser(new DirectoryUserKey(org, "dir", "u-1"))))
                .containsExactly("G-z", "g-a", "g-b");
        assertThat(tx((StateTransaction t) -> t.mirror().userIdsInGroup(org, "dir", "g-a"))).containsExactly("u-1", "u-2", "u-3");
        assertThat(tx((StateTransaction t) -> t.mirror().userIdsInGroup(org, "dir", "g-none"))).isEmpty();
    }

    @Test
    void liveGroupsOfAUserLeaveOutDeletedGroupsAndRemovedMembershipsButKeepGroupsNotMirroredYet() {
        String org = unique("org");
        SourceVersion v = new SourceVersion(T1, "v");
        DirectoryUserKey user = new DirectoryUserKey(org, "dir", "u-1");
        run(t -> {
            t.mirror().putGroup(new MirrorGroup(org, DirectoryGroup.of("g-live", "dir", "Live"), v, false));
            t.mirror().putGroup(new MirrorGroup(org, DirectoryGroup.of("g-deleted", "dir", "Gone"), v, true));
            t.mirror().putGroup(new MirrorGroup(org, DirectoryGroup.of("g-left", "dir", "Left"), v, false));
            t.mirror().putMembership(new MirrorMembership(org, "dir", "g-live", "u-1", true, v));
            t.mirror().putMembership(new MirrorMembership(org, "dir", "g-deleted", "u-1", true, v));
            t.mirror().putMembership(new MirrorMembership(org, "dir", "g-left", "u-1", false, v));
            t.mirror().putMembership(new MirrorMembership(org, "dir", "g-unknown", "u-1", true, v));
            // a group of the same id deleted in another directory does not hide the live one
            t.mirror().putGroup(new MirrorGroup(org, DirectoryGroup.of("g-live", "dir-2", "Live"), v, true));
            t.mirror().putMembership(new MirrorMembership(org, "dir", "g-live", "u-2", true, v));
        });

        assertThat(tx((StateTransaction t) -> t.mirror().liveGroupIdsOfUser(user)))
                .containsExactly("g-live", "g-unknown");
        assertThat(tx((StateTransaction t) -> t.mirror().liveGroupIdsOfUser(new DirectoryUserKey(org, "dir", "u-9"))))
                .isEmpty();
    }

    // ---------------------------------------------------------------- webhook inbox (optional)

    private void assumeInbox() {
        try {
            tx((StateTransaction t) -> t.inbox());
        } catch (UnsupportedOperationException e) {
            org.junit.jupiter.api.Assumptions.abort("this store keeps no inbox (optional): " + e.getMessage());
        }
    }

    private static dev.dirsync.core.state.InboxEntry received(String id, String org, Instant at) {
        return dev.dirsync.core.state.InboxEntry.received(id, org, "{\"id\":\"" + id + "\"}", at);
    }

    private static List<String> ids(List<dev.dirsync.core.state.InboxEntry> entries) {
        return entries.stream().map(dev.dirsync.core.state.InboxEntry::eventId).toList();
    }

    @Test
    void aDeliveryIsStoredOncePerEventIdWhateverItsPayload() {
        assumeInbox();
        String org = unique("org");
        String id = unique("evt");

        assertThat(tx((StateTransaction t) -> t.inbox().add(received(id, org, T1)))).isTrue();
        assertThat(tx((StateTransaction t) -> t.inbox().add(received(id, org, T2)))).isFalse();
        // a refused duplicate leaves its transaction usable
        boolean stored = tx((StateTransaction t) -> {
            t.inbox().add(received(id, org, T2));
            return t.inbox().add(received(id + "-b", org, T2));
        });

        assertThat(stored).isTrue();
        List<dev.dirsync.core.state.InboxEntry> due = tx((StateTransaction t) -> t.inbox().due(org, T3, 10));
        assertThat(ids(due)).containsExactly(id, id + "-b");
        assertThat(due.get(0)).isEqualTo(received(id, org, T1));
    }

    @Test
    void anOrganizationsDeliveriesAreTakenInArrivalOrderAndOnlyItsOwn() {
        assumeInbox();
        String org = unique("org");
        String other = unique("org");
        List<String> arrived = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = unique("evt-" + i);
            arrived.add(id);
            // later arrivals may carry earlier times (clocks of two instances): arrival decides, not the time
            run(t -> t.inbox().add(received(id, org, T2.minusSeconds(arrived.size()))));
            run(t -> t.inbox().add(received(unique("x"), other, T1)));
        }

        assertThat(ids(tx((StateTransaction t) -> t.inbox().due(org, T3, 3)))).containsExactlyElementsOf(arrived.subList(0, 3));
        run(t -> t.inbox().remove(arrived.subList(0, 2)));
        assertThat(ids(tx((StateTransaction t) -> t.inbox().due(org, T3, 10)))).containsExactlyElementsOf(arrived.subList(2, 5));
        assertThat(tx((StateTransaction t) -> t.inbox().due(org, T0, 10))).as("not due before it arrived").isEmpty();
        assertThat(tx((StateTransaction t) -> t.inbox().organizationsDue(T3, 100_000))).contains(org, other);
    }

    @Test
    void aFailedDeliveryWaitsForItsRetryAndAParkedOneUntilItIsRetriedByHand() {
        assumeInbox();
        String org = unique("org");
        String first = unique("evt");
        String second = unique("evt");
        run(t -> t.inbox().add(received(first, org, T1)));
        run(t -> t.inbox().add(received(second, org, T1)));

        run(t -> t.inbox().retryLater(first, 1, T2, "UserStore: timeout"));
        assertThat(ids(tx((StateTransaction t) -> t.inbox().due(org, T1, 10)))).containsExactly(second);
        List<dev.dirsync.core.state.InboxEntry> later = tx((StateTransaction t) -> t.inbox().due(org, T2, 10));
        assertThat(ids(later)).containsExactly(first, second);
        assertThat(later.get(0).attempts()).isEqualTo(1);
        assertThat(later.get(0).lastError()).isEqualTo("UserStore: timeout");

        run(t -> t.inbox().park(first, 8, T2, "x".repeat(5000)));
        assertThat(ids(tx((StateTransaction t) -> t.inbox().due(org, T3, 10)))).containsExactly(second);
        assertThat(tx((StateTransaction t) -> t.inbox().depths())).filteredOn(d -> d.organizationId().equals(org))
                .containsExactly(new dev.dirsync.core.state.InboxDepth(org, 1, 1, T1));
        List<dev.dirsync.core.state.InboxEntry> parked = tx((StateTransaction t) -> t.inbox().parked(org, 10));
        assertThat(ids(parked)).containsExactly(first);
        assertThat(parked.get(0).parkedAt()).isEqualTo(T2);
        assertThat(parked.get(0).lastError()).hasSize(dev.dirsync.core.state.InboxEntry.MAX_ERROR_LENGTH);

        assertThat(tx((StateTransaction t) -> t.inbox().unpark(org, T3))).isEqualTo(1);
        List<dev.dirsync.core.state.InboxEntry> again = tx((StateTransaction t) -> t.inbox().due(org, T3, 10));
        assertThat(ids(again)).containsExactly(first, second);
        assertThat(again.get(0).attempts()).isZero();
        run(t -> t.inbox().remove(List.of(first, second)));
        assertThat(tx((StateTransaction t) -> t.inbox().depths())).noneMatch(d -> d.organizationId().equals(org));
    }

    @Test
    void aDeliveryRemovedInARolledBackTransactionIsStillStored() {
        assumeInbox();
        String org = unique("org");
        String id = unique("evt");
        run(t -> t.inbox().add(received(id, org, T1)));

        assertThatThrownBy(() -> run(t -> {
            t.inbox().remove(List.of(id));
            throw new IllegalStateException("the host refused");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(ids(tx((StateTransaction t) -> t.inbox().due(org, T1, 10)))).containsExactly(id);
    }

    @Test
    void liveGroupsOfSeveralUsersAreReadAtOnceAsTheyAreOneByOne() {
        String org = unique("org");
        SourceVersion v = new SourceVersion(T1, "v");
        run(t -> {
            t.mirror().putGroup(new MirrorGroup(org, DirectoryGroup.of("g-live", "dir", "Live"), v, false));
            t.mirror().putGroup(new MirrorGroup(org, DirectoryGroup.of("g-deleted", "dir", "Gone"), v, true));
            t.mirror().putGroup(new MirrorGroup(org, DirectoryGroup.of("g-other", "dir", "Other"), v, false));
            t.mirror().putMembership(new MirrorMembership(org, "dir", "g-live", "u-1", true, v));
            t.mirror().putMembership(new MirrorMembership(org, "dir", "g-other", "u-1", true, v));
            t.mirror().putMembership(new MirrorMembership(org, "dir", "g-deleted", "u-1", true, v));
            t.mirror().putMembership(new MirrorMembership(org, "dir", "g-unknown", "u-2", true, v));
            t.mirror().putMembership(new MirrorMembership(org, "dir", "g-live", "u-2", false, v));
            t.mirror().putMembership(new MirrorMembership(org, "dir-2", "g-live", "u-1", true, v));
        });
        List<DirectoryUserKey> keys = List.of(new DirectoryUserKey(org, "dir", "u-1"),
                new DirectoryUserKey(org, "dir", "u-2"), new DirectoryUserKey(org, "dir", "u-3"),
                new DirectoryUserKey(org, "dir-2", "u-1"));

        Map<DirectoryUserKey, List<String>> groups = tx((StateTransaction t) -> t.mirror().liveGroupIdsOfUsers(keys));

        assertThat(groups).containsOnlyKeys(keys);
        assertThat(groups.get(keys.get(0))).containsExactly("g-live", "g-other");
        assertThat(groups.get(keys.get(1))).containsExactly("g-unknown");
        assertThat(groups.get(keys.get(2))).isEmpty();
        assertThat(groups.get(keys.get(3))).containsExactly("g-live");
        for (DirectoryUserKey k : keys) {
            assertThat(groups.get(k)).isEqualTo(tx((StateTransaction t) -> t.mirror().liveGroupIdsOfUser(k)));
        }
    }

    // ---------------------------------------------------------------- ledger

    @Test
    void anEventIdIsRecordedOnce() {
        String org = unique("org");

        assertThat(tx((StateTransaction t) -> t.ledger().contains(org, "evt-1"))).isFalse();
        assertThat(tx((StateTransaction t) -> t.ledger().record(org, "evt-1", T1))).isTrue();
        assertThat(tx((StateTransaction t) -> t.ledger().record(org, "evt-1", T2))).isFalse();
        assertThat(tx((StateTransaction t) -> t.ledger().contains(org, "evt-1"))).isTrue();
        assertThat(tx((StateTransaction t) -> t.ledger().contains(org, "EVT-1"))).isFalse();
    }

    @Test
    void theSameEventIdIsDistinctPerOrganization() {
        String a = unique("org");
        String b = unique("org");
        assertThat(tx((StateTransaction t) -> t.ledger().record(a, "evt-1", T1))).isTrue();

        assertThat(tx((StateTransaction t) -> t.ledger().record(b, "evt-1", T1))).isTrue();
        assertThat(tx((StateTransaction t) -> t.ledger().contains(b, "evt-1"))).isTrue();
    }

    @Test
    void aDuplicateInTheSameTransactionIsRefused() {
        String org = unique("org");

        List<Boolean> results = tx((StateTransaction t) -> List.of(t.ledger().record(org, "evt-1", T1),
                t.ledger().record(org, "evt-1", T1)));

        assertThat(results).containsExactly(true, false);
    }

    @Test
    void aRefusedDuplicateLeavesTheTransactionUsable() {
        String org = unique("org");
        String checkpoint = unique("cp");
        run(t -> t.ledger().record(org, "evt-1", T1));

        boolean recorded = tx((StateTransaction t) -> {
            boolean r = t.ledger().record(org, "evt-1", T2);
            t.checkpoints().put(checkpoint, "written after the duplicate");
            t.ledger().record(org, "evt-2", T2);
            return r;
        });

        assertThat(recorded).isFalse();
        assertThat(tx((StateTransaction t) -> t.checkpoints().get(checkpoint))).contains("written after the duplicate");
        assertThat(tx((StateTransaction t) -> t.ledger().contains(org, "evt-2"))).isTrue();
    }

    @Test
    void twoConcurrentTransactionsRecordingTheSameEventTakeItOnce() throws Exception {
        String org = unique("org");
        CountDownLatch firstRecorded = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Boolean> first = pool.submit(() -> tx((StateTransaction t) -> {
                boolean r = t.ledger().record(org, "evt-race", T1);
                firstRecorded.countDown();
                sleep(300); // still uncommitted while the second one records
                return r;
            }));
            assertThat(firstRecorded.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Boolean> second = pool.submit(() -> tx((StateTransaction t) -> t.ledger().record(org, "evt-race", T1)));

            assertThat(List.of(first.get(20, TimeUnit.SECONDS), second.get(20, TimeUnit.SECONDS)))
                    .containsExactly(true, false);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anEventRecordedByARolledBackTransactionCanBeRecordedAgain() throws Exception {
        String org = unique("org");
        CountDownLatch firstRecorded = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = pool.submit(() -> tx((StateTransaction t) -> {
                t.ledger().record(org, "evt-rb", T1);
                firstRecorded.countDown();
                sleep(300);
                throw new IllegalStateException("host failed");
            }));
            assertThat(firstRecorded.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Boolean> second = pool.submit(() -> tx((StateTransaction t) -> t.ledger().record(org, "evt-rb", T1)));

            assertThat(second.get(20, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> first.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void pruningForgetsTheOldestIdsBeforeTheCutoffInBatchesOfTheGivenSize() {
        String a = unique("org");
        String b = unique("org");
        // older than anything else this suite records, so other tests' ids sharing the store are never pruned here
        Instant base = Instant.parse("2001-01-01T00:00:00.000001Z");
        Instant cutoff = base.plus(Duration.ofDays(7));
        run(t -> {
            t.ledger().record(a, "evt-old-1", base);
            t.ledger().record(b, "evt-old-2", base.plusSeconds(1));
            t.ledger().record(a, "evt-old-3", base.plusSeconds(2));
            t.ledger().record(a, "evt-at-cutoff", cutoff);
            t.ledger().record(a, "evt-recent", cutoff.plus(Duration.ofDays(1)));
        });

        assertThat(tx((StateTransaction t) -> t.ledger().prune(cutoff, 2))).isEqualTo(2);
        assertThat(tx((StateTransaction t) -> t.ledger().contains(a, "evt-old-1"))).isFalse();
        assertThat(tx((StateTransaction t) -> t.ledger().contains(b, "evt-old-2"))).isFalse();
        assertThat(tx((StateTransaction t) -> t.ledger().contains(a, "evt-old-3"))).isTrue();
        assertThat(tx((StateTransaction t) -> t.ledger().prune(cutoff, 2))).isEqualTo(1);
        assertThat(tx((StateTransaction t) -> t.ledger().prune(cutoff, 2))).isZero();

        assertThat(tx((StateTransaction t) -> t.ledger().contains(a, "evt-at-cutoff"))).isTrue();
        assertThat(tx((StateTransaction t) -> t.ledger().contains(a, "evt-recent"))).isTrue();
        // a forgotten id can be recorded again
        assertThat(tx((StateTransaction t) -> t.ledger().record(a, "evt-old-1", cutoff))).isTrue();
    }

    @Test
    void aPruneRolledBackWithItsTransactionForgetsNothing() {
        String org = unique("org");
        // older than the other pruning test's ids, so its cutoff takes only this one
        Instant base = Instant.parse("1999-02-01T00:00:00Z");
        run(t -> t.ledger().record(org, "evt-kept", base));

        assertThatThrownBy(() -> run(t -> {
            t.ledger().prune(base.plusSeconds(1), 10);
            throw new IllegalStateException("boom");
        })).hasMessage("boom");

        assertThat(tx((StateTransaction t) -> t.ledger().contains(org, "evt-kept"))).isTrue();
        assertThat(tx((StateTransaction t) -> t.ledger().prune(base.plusSeconds(1), 10))).isEqualTo(1);
    }

    // ---------------------------------------------------------------- projections

    @Test
    void anAppliedProjectionRoundTrips() {
        DirectoryUserKey key = new DirectoryUserKey(unique("org"), "dir", "u-1");
        AppliedProjection a = new AppliedProjection(key, "app-1",
                new Projection(key, new Identity(null, null, null, null, "u-1"), UserStatus.READ_ONLY, null,
                        new TreeSet<>(), Map.of()),
                T0, T1, T3, false, true, "deactivation");
        run(t -> t.projections().put(a));

        assertThat(tx((StateTransaction t) -> t.projections().find(key))).contains(a);
        assertThat(tx((StateTransaction t) -> t.projections().find(new DirectoryUserKey(key.organizationId(), "dir", "u-2")))).isEmpty();
    }

    @Test
    void severalAppliedProjectionsAreReadAtOnce() {
        String org = unique("org");
        AppliedProjection a = applied(new DirectoryUserKey(org, "dir-a", "u-1"), "app-1", null, false);
        AppliedProjection b = applied(new DirectoryUserKey(org, "dir-a", "u-2"), "app-2", null, true);
        AppliedProjection c = applied(new DirectoryUserKey(org, "dir-b", "u-1"), "app-3", null, false);
        run(t -> {
            t.projections().put(a);
            t.projections().put(b);
            t.projections().put(c);
        });
        DirectoryUserKey unknown = new DirectoryUserKey(org, "dir-a", "u-9");

        Map<DirectoryUserKey, AppliedProjection> found = tx((StateTransaction t) -> t.projections().findAll(
                List.of(a.key(), b.key(), c.key(), unknown)));

        assertThat(found).containsOnlyKeys(a.key(), b.key(), c.key());
        assertThat(found.get(a.key())).isEqualTo(a);
        assertThat(found.get(b.key())).isEqualTo(b);
        assertThat(found.get(c.key())).isEqualTo(c);
    }

    @Test
    void puttingAProjectionAgainReplacesIt() {
        DirectoryUserKey key = new DirectoryUserKey(unique("org"), "dir", "u-1");
        run(t -> t.projections().put(applied(key, "app-1", null, false)));
        AppliedProjection next = new AppliedProjection(key, "app-1", projection(key, "admin").withStatus(
                UserStatus.DEACTIVATED), T0, T2, T3, false, false, null);
        run(t -> t.projections().put(next));

        assertThat(tx((StateTransaction t) -> t.projections().find(key))).contains(next);
        assertThat(tx((StateTransaction t) -> t.projections().list(key.organizationId()))).containsExactly(next);
    }

    @Test
    void projectionsAreListedByDirectoryThenUserId() {
        String org = unique("org");
        AppliedProjection b1 = applied(new DirectoryUserKey(org, "dir-b", "u-1"), "app-1", null, false);
        AppliedProjection a2 = applied(new DirectoryUserKey(org, "dir-a", "u-2"), "app-2", null, false);
        AppliedProjection a1 = applied(new DirectoryUserKey(org, "dir-a", "u-1"), "app-3", null, true);
        run(t -> {
            t.projections().put(b1);
            t.projections().put(a2);
            t.projections().put(a1);
            t.projections().put(applied(new DirectoryUserKey(unique("org"), "dir-a", "u-0"), "app-4", null, false));
        });

        assertThat(tx((StateTransaction t) -> t.projections().list(org))).containsExactly(a1, a2, b1);
    }

    @Test
    void onlyRecordsWithARefusedChangeAreListedAsBlockedInListOrder() {
        String org = unique("org");
        DirectoryUserKey k1 = new DirectoryUserKey(org, "dir-b", "u-1");
        DirectoryUserKey k2 = new DirectoryUserKey(org, "dir-a", "u-2");
        AppliedProjection blockedRole = new AppliedProjection(k1, "app-1", projection(k1, "admin"), T0, T1, null,
                false, false, "role");
        AppliedProjection blockedDeactivation = new AppliedProjection(k2, "app-2", projection(k2, "admin"), T0, T1,
                null, false, false, "deactivation");
        DirectoryUserKey other = new DirectoryUserKey(unique("org"), "dir-a", "u-0");
        run(t -> {
            t.projections().put(blockedRole);
            t.projections().put(applied(new DirectoryUserKey(org, "dir-a", "u-3"), "app-3", null, false));
            t.projections().put(blockedDeactivation);
            t.projections().put(new AppliedProjection(other, "app-4", projection(other, "admin"), T0, T1, null, false,
                    false, "role"));
        });

        assertThat(tx((StateTransaction t) -> t.projections().listBlocked(org)))
                .containsExactly(blockedDeactivation, blockedRole);

        // once the refused change went through, the record is no longer listed
        run(t -> t.projections().put(new AppliedProjection(k1, "app-1", projection(k1, "member"), T0, T2, null,
                false, false, null)));
        assertThat(tx((StateTransaction t) -> t.projections().listBlocked(org))).containsExactly(blockedDeactivation);
    }

    @Test
    void purgeDueReturnsUnpurgedRecordsWhosePurgeTimeHasComeInEveryOrganization() {
        String org = unique("org");
        String otherOrg = unique("org");
        AppliedProjection pastDue = applied(new DirectoryUserKey(org, "dir", "u-past"), "a1", T1, false);
        AppliedProjection dueNow = applied(new DirectoryUserKey(otherOrg, "dir", "u-now"), "a2", T2, false);
        AppliedProjection future = applied(new DirectoryUserKey(org, "dir", "u-future"), "a3", T3, false);
        AppliedProjection purged = applied(new DirectoryUserKey(org, "dir", "u-purged"), "a4", T1, true);
        AppliedProjection noPurge = applied(new DirectoryUserKey(org, "dir", "u-none"), "a5", null, false);
        run(t -> List.of(pastDue, dueNow, future, purged, noPurge).forEach(t.projections()::put));

        List<AppliedProjection> due = tx((StateTransaction t) -> t.projections().purgeDue(T2)).stream()
                .filter(a -> Set.of(org, otherOrg).contains(a.key().organizationId())).toList();

        assertThat(due).containsExactlyInAnyOrder(pastDue, dueNow);
    }

    @Test
    void aPurgedRecordIsNoLongerDue() {
        DirectoryUserKey key = new DirectoryUserKey(unique("org"), "dir", "u-1");
        run(t -> t.projections().put(applied(key, "a1", T1, false)));
        assertThat(tx((StateTransaction t) -> t.projections().purgeDue(T2))).anyMatch(a -> a.key().equals(key));

        run(t -> t.projections().put(applied(key, "a1", null, true)));

        assertThat(tx((StateTransaction t) -> t.projections().purgeDue(T3))).noneMatch(a -> a.key().equals(key));
    }

    // ---------------------------------------------------------------- previews

    @Test
    void previewsAreKeptPerUserListedInOrderAndClearedPerOrganization() {
        String org = unique("org");
        String otherOrg = unique("org");
        DirectoryUserKey k1 = new DirectoryUserKey(org, "dir-a", "u-2");
        DirectoryUserKey k2 = new DirectoryUserKey(org, "dir-a", "u-1");
        DirectoryUserKey k3 = new DirectoryUserKey(otherOrg, "dir-a", "u-1");
        PreviewEntry e1 = new PreviewEntry(k1, projection(k1, "admin"), List.of(
                Change.field(AuditAction.ROLE_CHANGED, k1, "app-1", "p@example.com", "role", "member", "admin"),
                Change.of(AuditAction.USER_LINKED, k1, "app-1", null, "existing account")), T1);
        PreviewEntry e2 = new PreviewEntry(k2, projection(k2, "member"), List.of(
                new Change(AuditAction.USER_PROVISIONED, org, k2, "(new)", "q@example.com", Map.of(),
                        Map.of("email", "q@example.com", "role", "member"), ""),
                new Change(AuditAction.ADMIN_AUTO_PROMOTED, org, null, "app-9", null, Map.of(), Map.of("role", "admin"),
                        "host-only user")), T2);
        PreviewEntry e3 = new PreviewEntry(k3, projection(k3, "member"), List.of(), T3);
        run(t -> {
            t.previews().put(e1);
            t.previews().put(e2);
            t.previews().put(e3);
        });

        assertThat(tx((StateTransaction t) -> t.previews().list(org))).containsExactly(e2, e1);

        PreviewEntry e1b = new PreviewEntry(k1, projection(k1, "member"), List.of(), T3);
        run(t -> t.previews().put(e1b));
        assertThat(tx((StateTransaction t) -> t.previews().list(org))).containsExactly(e2, e1b);

        run(t -> t.previews().remove(k2));
        assertThat(tx((StateTransaction t) -> t.previews().list(org))).containsExactly(e1b);

        run(t -> t.previews().clear(org));
        assertThat(tx((StateTransaction t) -> t.previews().list(org))).isEmpty();
        assertThat(tx((StateTransaction t) -> t.previews().list(otherOrg))).containsExactly(e3);
    }

    // ---------------------------------------------------------------- audit

    @Test
    void auditEntriesComeBackNewestFirstWithTiesByIdAndEveryField() {
        String org = unique("org");
        AuditEntry old = audit("a-01", org, T0, "Okta via WorkOS Directory Sync", AuditAction.USER_PROVISIONED,
                "u-1", "app-1", "jane@example.com");
        AuditEntry tieLow = audit("a-02", org, T2, "dirsync", AuditAction.ROLE_CHANGED, "u-1", "app-1", null);
        AuditEntry tieHigh = audit("a-03", org, T2, "dirsync", AuditAction.WORKSPACE_ADDED, "u-2", "app-2", null);
        AuditEntry orgLevel = new AuditEntry("a-04", org, T1, "admin@acme.com via the admin console",
                AuditAction.SETTINGS_CHANGED, null, null, null, Map.of(), Map.of("defaultRole", "viewer"), null, "");
        run(t -> List.of(tieHigh, old, orgLevel, tieLow).forEach(t.audit()::append));
        run(t -> t.audit().append(audit("a-05", unique("org"), T3, "dirsync", AuditAction.USER_UPDATED, "u-1",
                "app-1", "x")));

        AuditPage page = tx((StateTransaction t) -> t.audit().query(AuditQuery.of(org)));

        assertThat(page.entries()).containsExactly(tieHigh, tieLow, orgLevel, old);
        assertThat(page.total()).isEqualTo(4);
        assertThat(page.offset()).isZero();
        assertThat(page.limit()).isEqualTo(AuditQuery.DEFAULT_LIMIT);
    }

    @Test
    void auditQueriesFilterByActionActorTargetAndTime() {
        String org = unique("org");
        AuditEntry provisioned = audit("b-1", org, T0, "Okta via WorkOS Directory Sync",
                AuditAction.USER_PROVISIONED, "u-1", "app-1", "Jane@Example.com");
        AuditEntry role = audit("b-2", org, T1, "Okta via WorkOS Directory Sync", AuditAction.ROLE_CHANGED,
                "u-1", "app-1", "jane@example.com");
        AuditEntry other = audit("b-3", org, T2, "Entra ID via SCIM", AuditAction.ROLE_CHANGED, "u-2", "app-2",
                "max@example.com");
        AuditEntry settings = audit("b-4", org, T3, "boss@acme.com via the admin console",
                AuditAction.SETTINGS_CHANGED, null, null, null);
        run(t -> List.of(provisioned, role, other, settings).forEach(t.audit()::append));
        AuditQuery q = AuditQuery.of(org);

        assertThat(entries(q.withAction(AuditAction.ROLE_CHANGED))).containsExactly(other, role);
        assertThat(entries(q.withActor("okta"))).containsExactly(role, provisioned);
        assertThat(entries(q.withActor("VIA SCIM"))).containsExactly(other);
        assertThat(entries(q.withActor("100%"))).isEmpty();
        assertThat(entries(q.withActor("_"))).isEmpty();
        assertThat(entries(q.withTarget("u-1"))).containsExactly(role, provisioned);
        assertThat(entries(q.withTarget("app-2"))).containsExactly(other);
        assertThat(entries(q.withTarget("JANE@example.COM"))).containsExactly(role, provisioned);
        assertThat(entries(q.withTarget("U-1"))).isEmpty();
        assertThat(entries(q.between(T1, null))).containsExactly(settings, other, role);
        assertThat(entries(q.between(null, T2))).containsExactly(role, provisioned);
        assertThat(entries(q.between(T1, T2))).containsExactly(role);
        assertThat(entries(q.withAction(AuditAction.ROLE_CHANGED).withActor("okta").withTarget("app-1")
                .between(T0, T3))).containsExactly(role);
        assertThat(entries(q.withAction(AuditAction.USER_PURGED))).isEmpty();
    }

    @Test
    void auditQueriesPageWithTheTotalOfAllMatches() {
        String org = unique("org");
        List<AuditEntry> all = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            all.add(audit(String.format("c-%02d", i), org, T0.plusSeconds(i), "dirsync",
                    i % 2 == 0 ? AuditAction.USER_UPDATED : AuditAction.ROLE_CHANGED, "u-" + i, "app-" + i, null));
        }
        run(t -> all.forEach(t.audit()::append));
        List<AuditEntry> newestFirst = new ArrayList<>(all);
        java.util.Collections.reverse(newestFirst);

        AuditPage first = tx((StateTransaction t) -> t.audit().query(AuditQuery.of(org).page(0, 3)));
        AuditPage middle = tx((StateTransaction t) -> t.audit().query(AuditQuery.of(org).page(3, 3)));
        AuditPage last = tx((StateTransaction t) -> t.audit().query(AuditQuery.of(org).page(6, 3)));
        AuditPage beyond = tx((StateTransaction t) -> t.audit().query(AuditQuery.of(org).page(10, 3)));
        AuditPage filtered = tx((StateTransaction t) -> t.audit().query(AuditQuery.of(org).withAction(AuditAction.USER_UPDATED)
                .page(1, 2)));

        assertThat(first.entries()).containsExactlyElementsOf(newestFirst.subList(0, 3));
        assertThat(middle.entries()).containsExactlyElementsOf(newestFirst.subList(3, 6));
        assertThat(last.entries()).containsExactlyElementsOf(newestFirst.subList(6, 7));
        assertThat(beyond.entries()).isEmpty();
        assertThat(List.of(first.total(), middle.total(), last.total(), beyond.total())).containsOnly(7L);
        assertThat(middle.offset()).isEqualTo(3);
        assertThat(middle.limit()).isEqualTo(3);
        assertThat(filtered.entries()).extracting(AuditEntry::id).containsExactly("c-04", "c-02");
        assertThat(filtered.total()).isEqualTo(4);
    }

    private List<AuditEntry> entries(AuditQuery q) {
        return tx((StateTransaction t) -> t.audit().query(q)).entries();
    }

    // ---------------------------------------------------------------- checkpoints

    @Test
    void checkpointsAreSetReplacedAndRemoved() {
        String name = unique("workos-events");
        assertThat(tx((StateTransaction t) -> t.checkpoints().get(name))).isEmpty();

        run(t -> t.checkpoints().put(name, "event_01HXYZ"));
        assertThat(tx((StateTransaction t) -> t.checkpoints().get(name))).contains("event_01HXYZ");

        run(t -> t.checkpoints().put(name, "event_01HZZZ"));
        assertThat(tx((StateTransaction t) -> t.checkpoints().get(name))).contains("event_01HZZZ");

        run(t -> t.checkpoints().remove(name));
        assertThat(tx((StateTransaction t) -> t.checkpoints().get(name))).isEmpty();
        run(t -> t.checkpoints().remove(name)); // removing again is harmless
    }

    // ---------------------------------------------------------------- SCIM credentials

    @Test
    void scimCredentialsAreFoundByHashListedOldestFirstTouchedAndRevokedOnce() {
        String org = unique("org");
        String hashA = UUID.randomUUID().toString().replace("-", "") + "aa";
        String hashB = UUID.randomUUID().toString().replace("-", "") + "bb";
        ScimCredential a = new ScimCredential(unique("cred"), org, "scim", "Okta", hashA, "AbCd", T1, null, null);
        ScimCredential b = new ScimCredential(unique("cred"), org, "scim", "Okta", hashB, "EfGh", T2, null, null);
        run(t -> {
            t.scimCredentials().insert(b);
            t.scimCredentials().insert(a);
        });

        assertThat(tx((StateTransaction t) -> t.scimCredentials().findByTokenHash(hashA))).contains(a);
        assertThat(tx((StateTransaction t) -> t.scimCredentials().findByTokenHash("0".repeat(64)))).isEmpty();
        assertThat(tx((StateTransaction t) -> t.scimCredentials().list(org))).containsExactly(a, b);

        run(t -> t.scimCredentials().touch(a.id(), T3));
        assertThat(tx((StateTransaction t) -> t.scimCredentials().findByTokenHash(hashA)).orElseThrow().lastUsedAt())
                .isEqualTo(T3);

        assertThat(tx((StateTransaction t) -> t.scimCredentials().revoke("other-" + org, a.id(), T3))).isFalse();
        assertThat(tx((StateTransaction t) -> t.scimCredentials().revoke(org, a.id(), T3))).isTrue();
        assertThat(tx((StateTransaction t) -> t.scimCredentials().revoke(org, a.id(), T3))).isFalse();
        ScimCredential revoked = tx((StateTransaction t) -> t.scimCredentials().findByTokenHash(hashA)).orElseThrow();
        assertThat(revoked.active()).isFalse();
        assertThat(revoked.revokedAt()).isEqualTo(T3);
        assertThat(tx((StateTransaction t) -> t.scimCredentials().findByTokenHash(hashB)).orElseThrow().active()).isTrue();
    }

    @Test
    void aSecondCredentialWithTheSameTokenHashIsRefused() {
        String org = unique("org");
        String hash = UUID.randomUUID().toString().replace("-", "") + "cc";
        run(t -> t.scimCredentials().insert(new ScimCredential(unique("cred"), org, "scim", "Okta", hash, "1234", T1,
                null, null)));
        assertThatThrownBy(() -> run(t -> t.scimCredentials().insert(new ScimCredential(unique("cred"), org, "scim",
                "Okta", hash, "1234", T1, null, null)))).isInstanceOf(RuntimeException.class);
        assertThat(tx((StateTransaction t) -> t.scimCredentials().list(org))).hasSize(1);
    }

    // ---------------------------------------------------------------- transactions

    @Test
    void writesAreVisibleInsideTheirOwnTransaction() {
        String org = unique("org");
        MirrorUser u = mirrorUser(org, "dir", "u-1", "jane", "idp-1", false);

        Optional<MirrorUser> seen = tx((StateTransaction t) -> {
            t.mirror().putUser(u);
            return t.mirror().findUser(u.key());
        });

        assertThat(seen).contains(u);
    }

    @Test
    void anExceptionRollsBackEveryWriteOfTheTransactionAndPropagates() {
        String org = unique("org");
        String checkpoint = unique("cp");
        MirrorUser u = mirrorUser(org, "dir", "u-1", "jane", "idp-1", false);
        IllegalStateException failure = new IllegalStateException("host refused");

        assertThatThrownBy(() -> run(t -> {
            t.organizations().insert(organization(org));
            t.mirror().putUser(u);
            t.ledger().record(org, "evt-1", T1);
            t.checkpoints().put(checkpoint, "x");
            t.audit().append(audit(unique("d"), org, T1, "dirsync", AuditAction.USER_UPDATED, "u-1", "a", null));
            throw failure;
        })).isSameAs(failure);

        assertThat(tx((StateTransaction t) -> t.organizations().find(org))).isEmpty();
        assertThat(tx((StateTransaction t) -> t.mirror().findUser(u.key()))).isEmpty();
        assertThat(tx((StateTransaction t) -> t.ledger().contains(org, "evt-1"))).isFalse();
        assertThat(tx((StateTransaction t) -> t.checkpoints().get(checkpoint))).isEmpty();
        assertThat(tx((StateTransaction t) -> t.audit().query(AuditQuery.of(org))).total()).isZero();
    }

    @Test
    void aFailedUpdateRollsBackTheWholeTransaction() {
        String checkpoint = unique("cp");

        assertThatThrownBy(() -> run(t -> {
            t.checkpoints().put(checkpoint, "x");
            t.organizations().update(organization(unique("ghost")));
        })).isInstanceOf(IllegalStateException.class);

        assertThat(tx((StateTransaction t) -> t.checkpoints().get(checkpoint))).isEmpty();
    }

    @Test
    void theTransactionReturnsTheWorksResult() {
        assertThat(store.inTransaction((StateTransaction t) -> 42)).isEqualTo(42);
    }

    @Test
    void aNestedTransactionOnTheSameThreadJoinsTheOuterOne() {
        String org = unique("org");
        String checkpoint = unique("cp");
        AtomicInteger innerSawOuterWrite = new AtomicInteger();

        assertThatThrownBy(() -> run(outer -> {
            outer.checkpoints().put(checkpoint, "outer");
            store.inTransaction(inner -> {
                if (inner.checkpoints().get(checkpoint).isPresent()) {
                    innerSawOuterWrite.incrementAndGet();
                }
                inner.ledger().record(org, "evt-inner", T1);
                return null;
            });
            assertThat(outer.ledger().contains(org, "evt-inner")).isTrue();
            throw new IllegalStateException("outer fails after the inner call returned");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(innerSawOuterWrite).hasValue(1);
        assertThat(tx((StateTransaction t) -> t.ledger().contains(org, "evt-inner"))).isFalse(); // rolled back with the outer one
        assertThat(tx((StateTransaction t) -> t.checkpoints().get(checkpoint))).isEmpty();
    }

    @Test
    void committedWritesAreVisibleToLaterTransactions() {
        String org = unique("org");
        run(t -> t.organizations().insert(organization(org)));
        run(t -> t.ledger().record(org, "evt-1", T1));

        assertThat(tx((StateTransaction t) -> t.organizations().find(org).isPresent() && t.ledger().contains(org, "evt-1"))).isTrue();
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- drift

    private static dev.dirsync.core.state.Drift drift(DirectoryUserKey key, dev.dirsync.core.state.Drift.Field field,
                                                      String app, String directory) {
        return new dev.dirsync.core.state.Drift(key, "app-" + key.userId(), key.userId() + "@example.com", field,
                app, directory, T0, T1, null);
    }

    private List<dev.dirsync.core.state.Drift> driftFind(String org, List<DirectoryUserKey> keys) {
        return store.inTransaction(tx -> tx.drift().find(org, keys));
    }

    private List<dev.dirsync.core.state.Drift> driftList(String org, boolean resolved, DirectoryUserKey after,
                                                         int limit) {
        return store.inTransaction(tx -> tx.drift().list(org, resolved, after, limit));
    }

    private long driftOpen(String org) {
        return store.inTransaction(tx -> tx.drift().countOpen(org));
    }

    @Test
    void driftRecordsRoundTripAndAreFoundByPersonInFieldOrder() {
        String org = unique("org");
        DirectoryUserKey ann = new DirectoryUserKey(org, "dir", "u1");
        DirectoryUserKey bob = new DirectoryUserKey(org, "dir", "u2");
        DirectoryUserKey elsewhere = new DirectoryUserKey(unique("org"), "dir", "u1");
        var role = drift(ann, dev.dirsync.core.state.Drift.Field.ROLE, "admin", null);
        var spaces = drift(ann, dev.dirsync.core.state.Drift.Field.WORKSPACES, "eng,finance", "eng");
        store.inTransaction(tx -> {
            tx.drift().put(spaces);
            tx.drift().put(role);
            tx.drift().put(drift(bob, dev.dirsync.core.state.Drift.Field.STATUS, "active", "deactivated"));
            tx.drift().put(drift(elsewhere, dev.dirsync.core.state.Drift.Field.ROLE, "owner", "member"));
            return null;
        });

        assertThat(driftFind(org, List.of(ann))).containsExactly(role, spaces);
        assertThat(driftFind(org, List.of(bob, ann, elsewhere)))
                .extracting(d -> d.key().userId() + ":" + d.field().code())
                .containsExactly("u1:role", "u1:workspaces", "u2:status");
        assertThat(driftOpen(org)).isEqualTo(3);
    }

    @Test
    void aDriftRecordIsReplacedByPersonAndFieldAndResolvedOnesLeaveTheOpenList() {
        String org = unique("org");
        DirectoryUserKey ann = new DirectoryUserKey(org, "dir", "u1");
        var role = drift(ann, dev.dirsync.core.state.Drift.Field.ROLE, "admin", "member");
        store.inTransaction(tx -> {
            tx.drift().put(role);
            tx.drift().put(role.seen(T2));
            return null;
        });
        assertThat(driftFind(org, List.of(ann)))
                .singleElement().satisfies(d -> {
                    assertThat(d.firstSeenAt()).isEqualTo(T0);
                    assertThat(d.lastSeenAt()).isEqualTo(T2);
                    assertThat(d.open()).isTrue();
                });

        store.inTransaction(tx -> {
            tx.drift().put(role.seen(T2).resolved(T3));
            return null;
        });

        assertThat(driftOpen(org)).isZero();
        assertThat(driftList(org, false, null, 10)).isEmpty();
        assertThat(driftList(org, true, null, 10))
                .singleElement().satisfies(d -> assertThat(d.resolvedAt()).isEqualTo(T3));
    }

    @Test
    void openDriftIsListedByPersonAndPagedAfterAPerson() {
        String org = unique("org");
        DirectoryUserKey a = new DirectoryUserKey(org, "dir-a", "u9");
        DirectoryUserKey b = new DirectoryUserKey(org, "dir-b", "u1");
        DirectoryUserKey b10 = new DirectoryUserKey(org, "dir-b", "u10");
        store.inTransaction(tx -> {
            tx.drift().put(drift(b10, dev.dirsync.core.state.Drift.Field.ROLE, "admin", "member"));
            tx.drift().put(drift(b, dev.dirsync.core.state.Drift.Field.WORKSPACES, "x", "y"));
            tx.drift().put(drift(b, dev.dirsync.core.state.Drift.Field.ROLE, "admin", "member"));
            tx.drift().put(drift(a, dev.dirsync.core.state.Drift.Field.ROLE, "admin", "member"));
            tx.drift().put(drift(new DirectoryUserKey(unique("org"), "dir-a", "u1"),
                    dev.dirsync.core.state.Drift.Field.ROLE, "admin", "member"));
            return null;
        });

        assertThat(driftList(org, false, null, 10))
                .extracting(d -> d.key().directoryId() + "/" + d.key().userId() + ":" + d.field().code())
                .containsExactly("dir-a/u9:role", "dir-b/u1:role", "dir-b/u1:workspaces", "dir-b/u10:role");
        assertThat(driftList(org, false, null, 2)).hasSize(2);
        assertThat(driftList(org, false, b, 10))
                .extracting(d -> d.key().userId()).containsExactly("u10");
        assertThat(driftList(org, false, a, 10))
                .extracting(d -> d.key().userId()).containsExactly("u1", "u1", "u10");
    }
}
