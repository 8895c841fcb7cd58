package dev.dirsync.core.workos;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.Mode;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.read.GroupQuery;
import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.SessionRevoker;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkosBulkImportTest {
    static final String ORG = "acme";
    static final String WORKOS_ORG = "org_01ACME";
    static final String DIR = "directory_01OKTA";

    WorkosStandIn workos;
    HostUsers host;
    InMemoryStateStore state;
    DirectorySync sync;

    @BeforeEach
    void setUp() {
        workos = new WorkosStandIn();
        host = new HostUsers();
        state = new InMemoryStateStore();
        sync = DirectorySync.builder().userStore(host).sessionRevoker(SessionRevoker.NONE)
                .apiKeyRevoker(ApiKeyRevoker.NONE).stateStore(state).build();
    }

    @AfterEach
    void tearDown() {
        workos.close();
    }

    WorkosSource source() {
        return WorkosSource.create(sync, WorkosConfig.builder().apiKey("sk_test_standin")
                .apiBaseUrl(workos.baseUrl()).retries(2, Duration.ofMillis(10), Duration.ofSeconds(2)).build());
    }

    WorkosSource source(int pageSize) {
        return WorkosSource.create(sync, WorkosConfig.builder().apiKey("sk_test_standin").pageSize(pageSize)
                .apiBaseUrl(workos.baseUrl()).retries(2, Duration.ofMillis(10), Duration.ofSeconds(2)).build());
    }

    void directoryOf(int users, int groups) {
        directoryOf(users, groups, 1);
    }

    /** Users, and groups holding every {@code memberEvery}-th user round-robin. */
    void directoryOf(int users, int groups, int memberEvery) {
        workos.directories.put(DIR, WorkosStandIn.directory(DIR, WORKOS_ORG, "okta scim v2.0", "linked"));
        for (int g = 0; g < groups; g++) {
            String gid = String.format("directory_group_%03d", g);
            workos.groups.put(gid, WorkosStandIn.group(gid, DIR, WORKOS_ORG, "Team " + g, "2026-01-05T10:00:00.000Z"));
        }
        for (int i = 0; i < users; i++) {
            String id = String.format("directory_user_%05d", i);
            workos.users.put(id, WorkosStandIn.user(id, DIR, WORKOS_ORG, "person" + i + "@acme.test", "Person",
                    "No" + i, "active", "2026-01-06T09:00:00.000Z"));
            if (groups > 0 && i % memberEvery == 0) {
                workos.members.computeIfAbsent(String.format("directory_group_%03d", (i / memberEvery) % groups),
                                k -> new TreeSet<>())
                        .add(id);
            }
        }
    }

    @Test
    void fiveThousandUserFirstSyncSurvivesACrashMidwayAndYieldsExactlyFiveThousandUsers() {
        // 1,000 of the 5,000 are in one of 10 teams
        directoryOf(5000, 10, 5);
        // team 0 are admins, so the projection is checked for roles, not only for presence
        sync.createOrganization(ORG, "Acme", WORKOS_ORG, OrganizationSettings.defaults()
                .withGroupMapping(new GroupMapping("directory_group_000", "admin", Set.of("eng"))));
        // the stand-in fails after 20 pages of users: the first importer dies mid-way
        workos.fail(r -> r.startsWith("GET /directory_users") && r.contains("directory=" + DIR), 20, 500, 1000);

        long t0 = System.nanoTime();
        BulkImporter.ImportResult first = source().importer().firstSync(ORG, DIR);

        assertThat(first.complete()).as("interrupted import must not report complete").isFalse();
        assertThat(first.interruption()).contains("500");
        assertThat(first.progress().phase()).isEqualTo(BulkImporter.Phase.USERS);
        assertThat(first.progress().users()).isEqualTo(2000);
        assertThat(host.all()).as("a half-synced directory is never projected").isEmpty();
        assertThat(sync.organization(ORG).orElseThrow().settings().mode())
                .as("an import never changes the organization's mode").isEqualTo(Mode.ACTIVE);
        assertThat(sync.directoryUsers(ORG)).hasSize(2000);

        workos.clearFaults();
        int requestsBefore = workos.requests.size();
        List<BulkImporter.ImportProgress> reported = new ArrayList<>();
        // a new importer, as after a restart, resumes from the checkpoint
        BulkImporter.ImportResult second = source().importer().run(ORG, DIR, BulkImporter.Kind.FIRST_SYNC,
                reported::add);
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(second.complete()).as("resumed import completes: %s", second).isTrue();
        assertThat(second.progress().jobId()).isEqualTo(first.progress().jobId());
        assertThat(workos.requests.subList(requestsBefore, workos.requests.size()))
                .as("resume starts from the stored cursor, not from page one")
                .noneMatch(r -> r.startsWith("GET /directory_users") && r.contains("directory=" + DIR)
                        && !r.contains("after="))
                .anyMatch(r -> r.contains("after=directory_user_01999"));
        assertThat(host.all()).hasSize(5000);
        assertThat(host.all()).extracting(r -> r.key.userId()).doesNotHaveDuplicates();
        assertThat(host.all()).allMatch(r -> r.status == UserStatus.ACTIVE);
        assertThat(host.all().stream().filter(r -> "admin".equals(r.role)).count()).isEqualTo(100);
        assertThat(host.byEmail("person50@acme.test").orElseThrow().role).isEqualTo("admin");
        assertThat(host.byEmail("person50@acme.test").orElseThrow().workspaces).containsExactly("eng");
        assertThat(host.byEmail("person55@acme.test").orElseThrow().role).isEqualTo("member");
        assertThat(sync.organization(ORG).orElseThrow().settings().mode()).isEqualTo(Mode.ACTIVE);
        assertThat(reported).isNotEmpty();
        assertThat(reported.get(reported.size() - 1).complete()).isTrue();
        assertThat(source().importer().progress(ORG, DIR).orElseThrow().users()).isEqualTo(5000);
        System.out.printf("5,000-user import with one crash and resume: %d ms, %d requests%n", ms,
                workos.requests.size());
    }

    @Test
    void aGroupsMembersAreAppliedPageByPageAsWorkosListsThemNeverCollectedWholeFirst() {
        directoryOf(250, 1); // one group of 250: three pages of 100
        sync.createOrganization(ORG, "Acme", WORKOS_ORG, OrganizationSettings.defaults());
        List<Integer> mirroredWhenAskedForTheNextPage = new java.util.concurrent.CopyOnWriteArrayList<>();
        // not a fault: a look at the mirror each time the importer asks for a further page of the group's members
        workos.fail(r -> {
            if (r.startsWith("GET /directory_users") && r.contains("group=directory_group_000") && r.contains("after=")) {
                mirroredWhenAskedForTheNextPage.add(sync.directory(ORG).memberIds(DIR, "directory_group_000").size());
            }
            return false;
        }, 0, 500, 0);

        assertThat(source(100).importer().forceSync(ORG, DIR).complete()).isTrue();

        assertThat(mirroredWhenAskedForTheNextPage).as("members already in the mirror when the next page is asked for")
                .containsExactly(100, 200);
        assertThat(sync.directory(ORG).memberIds(DIR, "directory_group_000")).hasSize(250);
        assertThat(workos.requests).filteredOn(r -> r.startsWith("GET /directory_users"))
                .allSatisfy(r -> assertThat(r).contains("limit=100"));
    }

    @Test
    void forceSyncDeactivatesUsersWorkosNoLongerListsAndDropsStaleMemberships() {
        directoryOf(30, 3);
        sync.createOrganization(ORG, "Acme", WORKOS_ORG, OrganizationSettings.defaults()
                .withGroupMapping(new GroupMapping("directory_group_000", "admin", Set.of())));
        assertThat(source().importer().firstSync(ORG, DIR).complete()).isTrue();
        assertThat(host.byEmail("person3@acme.test").orElseThrow().role).isEqualTo("admin");

        workos.users.remove("directory_user_00001");
        workos.users.remove("directory_user_00002");
        workos.members.get("directory_group_000").remove("directory_user_00003");
        workos.members.values().forEach(m -> m.remove("directory_user_00001"));
        workos.members.values().forEach(m -> m.remove("directory_user_00002"));
        BulkImporter.ImportResult force = source().importer().forceSync(ORG, DIR);

        assertThat(force.complete()).isTrue();
        assertThat(force.progress().removed()).isEqualTo(2);
        assertThat(host.byEmail("person1@acme.test").orElseThrow().status).isEqualTo(UserStatus.DEACTIVATED);
        assertThat(host.byEmail("person2@acme.test").orElseThrow().status).isEqualTo(UserStatus.DEACTIVATED);
        assertThat(host.byEmail("person3@acme.test").orElseThrow().role)
                .as("membership WorkOS no longer lists is dropped").isEqualTo("member");
        assertThat(host.all().stream().filter(r -> r.status == UserStatus.ACTIVE).count()).isEqualTo(28);
    }

    @Test
    void forceSyncPagesThroughTheMirrorAndRemovesEveryUserAndGroupWorkosNoLongerLists() {
        directoryOf(45, 12);
        sync.createOrganization(ORG, "Acme", WORKOS_ORG, OrganizationSettings.defaults());
        WorkosSource source = source(5); // the sweep reads the mirror 5 at a time too
        assertThat(source.importer().firstSync(ORG, DIR).complete()).isTrue();
        // gone at WorkOS: users and groups spread over several mirror pages, the first of each page included
        for (int i : new int[]{0, 5, 7, 8, 23, 44}) {
            String id = String.format("directory_user_%05d", i);
            workos.users.remove(id);
            workos.members.values().forEach(m -> m.remove(id));
        }
        for (int g : new int[]{0, 3, 5, 11}) {
            workos.groups.remove(String.format("directory_group_%03d", g));
            workos.members.remove(String.format("directory_group_%03d", g));
        }

        BulkImporter.ImportResult force = source.importer().forceSync(ORG, DIR);

        assertThat(force.complete()).isTrue();
        assertThat(force.progress().removed()).isEqualTo(10);
        assertThat(host.all().stream().filter(r -> r.status == UserStatus.DEACTIVATED).map(r -> r.key.userId()))
                .containsExactlyInAnyOrder("directory_user_00000", "directory_user_00005", "directory_user_00007",
                        "directory_user_00008", "directory_user_00023", "directory_user_00044");
        assertThat(sync.directory(ORG).counts().users()).isEqualTo(39);
        assertThat(sync.directory(ORG).groups(GroupQuery.all()).items())
                .extracting(g -> g.group().group().id())
                .containsExactlyInAnyOrder("directory_group_001", "directory_group_002", "directory_group_004",
                        "directory_group_006", "directory_group_007", "directory_group_008", "directory_group_009",
                        "directory_group_010");
    }

    @Test
    void rateLimitedListingWaitsForRetryAfterAndCompletes() {
        directoryOf(250, 1);
        sync.createOrganization(ORG, "Acme", WORKOS_ORG, OrganizationSettings.defaults());
        workos.rateLimit(r -> r.startsWith("GET /directory_users"), 1, "1", 1);

        long t0 = System.nanoTime();
        BulkImporter.ImportResult r = source().importer().firstSync(ORG, DIR);
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(r.complete()).as("%s", r).isTrue();
        assertThat(host.all()).hasSize(250);
        assertThat(ms).as("waited for Retry-After: 1").isGreaterThanOrEqualTo(900);
        assertThat(workos.count(x -> x.startsWith("GET /directory_users"))).isGreaterThan(4);
    }

    @Test
    void persistentRateLimitStopsTheJobWithRetryAfterAndItResumesLater() {
        directoryOf(150, 0);
        sync.createOrganization(ORG, "Acme", WORKOS_ORG, OrganizationSettings.defaults());
        workos.rateLimit(r -> r.startsWith("GET /directory_users"), 1, "0", 100);

        BulkImporter.ImportResult r = source().importer().firstSync(ORG, DIR);

        assertThat(r.complete()).isFalse();
        assertThat(r.retryAfter()).isEqualTo(Duration.ZERO);
        assertThat(r.progress().users()).isEqualTo(100);
        workos.clearFaults();
        assertThat(source().importer().firstSync(ORG, DIR).complete()).isTrue();
        assertThat(host.all()).hasSize(150);
    }

    @Test
    void aDirectoryOfAnotherWorkosOrganizationIsNeverImportedIntoThisTenant() {
        directoryOf(20, 2); // acme's directory, owned by WorkOS organization org_01ACME
        sync.createOrganization(ORG, "Acme", WORKOS_ORG, OrganizationSettings.defaults());
        sync.createOrganization("-a", "Attacker", "org_01ATTACKER", OrganizationSettings.defaults());
        sync.createOrganization("unlinked", "Unlinked");

        assertThatThrownBy(() -> source().importer().forceSync("-a", DIR))
                .isInstanceOf(dev.dirsync.core.BindingConflict.class)
                .hasMessageContaining("does not belong to the WorkOS organization linked to organization '-a'");
        assertThatThrownBy(() -> source().importer().firstSync("-a", "directory_unknown"))
                .isInstanceOf(dev.dirsync.core.BindingConflict.class);
        assertThatThrownBy(() -> source().importer().firstSync("unlinked", DIR))
                .hasMessageContaining("is not linked to a WorkOS organization");

        assertThat(sync.directoryUsers("-a")).isEmpty();
        assertThat(source().importer().progress("-a", DIR)).as("no job was even started").isEmpty();
        assertThat(workos.count(r -> r.startsWith("GET /directory_users") || r.startsWith("GET /directory_groups")))
                .as("nothing of the directory was listed").isZero();
        assertThat(source().importer().firstSync(ORG, DIR).complete()).as("its owner imports it").isTrue();
        assertThat(host.all()).hasSize(20);
    }
}
