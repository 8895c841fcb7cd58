package dev.dirsync.core.testkit;

import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.Identity;
import dev.dirsync.core.model.Projection;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.spi.AppUser;
import dev.dirsync.core.spi.UserStore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of {@link UserStore}, as a suite a host runs against its own implementation: extend this
 * class in your tests (dirsync-core's test-jar), implement the three hooks, and every test must pass.
 */
public abstract class UserStoreContract {

    /** What the host's row holds, read back by the host's own means. */
    public record HostView(@Nullable String email, @Nullable String givenName, @Nullable String role, UserStatus status,
                           Set<String> workspaces, Map<String, String> metadata) {
    }

    /** The store under test, fresh or at least with no users in the organizations this suite uses. */
    protected abstract UserStore store();

    /** Inserts a host user that no directory user follows yet (e.g. someone who signed up before SCIM). */
    protected abstract String seedUnlinkedUser(String organizationId, String email, boolean emailVerified,
                                               @Nullable String role, Instant memberSince);

    /** Reads the host's row of this user. */
    protected abstract HostView view(String appUserId);

    private String org;
    private UserStore store;

    @BeforeEach
    void freshOrganization() {
        org = "org-" + UUID.randomUUID();
        store = store();
    }

    private DirectoryUserKey key(String userId) {
        return new DirectoryUserKey(org, "dir-1", userId);
    }

    private Projection projection(String userId, String email, String role, Set<String> workspaces) {
        return new Projection(key(userId), new Identity(email, email, "Given", "Family", "Given Family"),
                UserStatus.ACTIVE, role, new java.util.TreeSet<>(workspaces), Map.of("department", "R&D"));
    }

    @Test
    void aCreatedUserIsFoundByItsDirectoryKeyWithTheProjectedState() {
        AppUser created = store.create(projection("d1", "bob@acme.test", "member", Set.of("eng")));

        AppUser found = store.findByDirectoryUser(key("d1")).orElseThrow();
        assertThat(found.id()).isEqualTo(created.id());
        assertThat(found.organizationId()).isEqualTo(org);
        assertThat(found.directoryKey()).isEqualTo(key("d1"));
        HostView v = view(created.id());
        assertThat(v.email()).isEqualTo("bob@acme.test");
        assertThat(v.role()).isEqualTo("member");
        assertThat(v.status()).isEqualTo(UserStatus.ACTIVE);
        assertThat(v.workspaces()).containsExactly("eng");
        assertThat(v.metadata()).containsEntry("department", "R&D");
    }

    @Test
    void anUnknownDirectoryUserIsNotFound() {
        assertThat(store.findByDirectoryUser(key("nobody"))).isEmpty();
    }

    @Test
    void linkableUsersMatchTheVerifiedEmailIgnoringCaseWithinTheOrganizationOnly() {
        String verified = seedUnlinkedUser(org, "Carol@Acme.test", true, "member", Instant.parse("2024-01-01T00:00:00Z"));
        seedUnlinkedUser(org, "dave@acme.test", false, "member", Instant.parse("2024-01-01T00:00:00Z"));
        seedUnlinkedUser("other-" + org, "erin@acme.test", true, "member", Instant.parse("2024-01-01T00:00:00Z"));

        assertThat(store.findLinkableByVerifiedEmail(org, "carol@acme.TEST")).map(AppUser::id).contains(verified);
        assertThat(store.findLinkableByVerifiedEmail(org, "dave@acme.test")).as("unverified").isEmpty();
        assertThat(store.findLinkableByVerifiedEmail(org, "erin@acme.test")).as("other organization").isEmpty();
    }

    @Test
    void aLinkedUserIsFollowedByItsDirectoryKeyAndNoLongerLinkable() {
        String id = seedUnlinkedUser(org, "carol@acme.test", true, "admin", Instant.parse("2024-01-01T00:00:00Z"));

        store.link(id, key("d3"));
        store.link(id, key("d3"));

        assertThat(store.findByDirectoryUser(key("d3"))).map(AppUser::id).contains(id);
        assertThat(store.findLinkableByVerifiedEmail(org, "carol@acme.test")).isEmpty();
    }

    @Test
    void currentAccessReadsWhatTheAppHoldsNowForTheAskedUsersOfTheOrganization() {
        String ann = store.create(projection("d1", "ann@acme.test", "member", Set.of("eng"))).id();
        String bob = store.create(projection("d2", "bob@acme.test", "member", Set.of())).id();
        try {
            store.currentAccess(org, Set.of(ann));
        } catch (UnsupportedOperationException e) {
            Assumptions.abort("currentAccess not implemented: drift detection is off");
        }
        store.setRole(ann, "admin"); // as an in-app admin would
        store.setWorkspaces(ann, Set.of("eng", "finance"));
        store.setStatus(bob, UserStatus.DEACTIVATED);

        Map<String, dev.dirsync.core.spi.AppAccess> now = store.currentAccess(org, Set.of(ann, bob, "no-such-user"));

        assertThat(now).containsOnlyKeys(ann, bob);
        assertThat(now.get(ann)).isEqualTo(new dev.dirsync.core.spi.AppAccess(ann, "admin", Set.of("eng", "finance"),
                UserStatus.ACTIVE));
        assertThat(now.get(bob).status()).isEqualTo(UserStatus.DEACTIVATED);
        assertThat(store.currentAccess("other-" + org, Set.of(ann))).as("another organization's users").isEmpty();
    }

    @Test
    void mutatorsSetExactlyTheGivenStateAndAreIdempotent() {
        String id = store.create(projection("d1", "bob@acme.test", "member", Set.of("eng", "ops"))).id();

        for (int i = 0; i < 2; i++) {
            store.updateProfile(id, new Identity("robert@acme.test", "robert", "Robert", "Family", "Robert Family"),
                    Map.of("title", "CTO"));
            store.setRole(id, "admin");
            store.setWorkspaces(id, Set.of("sales"));
            store.setStatus(id, UserStatus.READ_ONLY);
        }

        HostView v = view(id);
        assertThat(v.email()).isEqualTo("robert@acme.test");
        assertThat(v.givenName()).isEqualTo("Robert");
        assertThat(v.metadata()).as("replaced, not merged").isEqualTo(Map.of("title", "CTO"));
        assertThat(v.role()).isEqualTo("admin");
        assertThat(v.workspaces()).as("replaced, not merged").containsExactly("sales");
        assertThat(v.status()).isEqualTo(UserStatus.READ_ONLY);
    }

    @Test
    void activeAdminsAndActiveUsersComeInTenureOrderWithoutDeactivatedOnes() {
        String late = seedUnlinkedUser(org, "late@acme.test", true, "admin", Instant.parse("2025-06-01T00:00:00Z"));
        String early = seedUnlinkedUser(org, "early@acme.test", true, "admin", Instant.parse("2023-01-01T00:00:00Z"));
        String member = seedUnlinkedUser(org, "member@acme.test", true, "member", Instant.parse("2024-01-01T00:00:00Z"));
        String gone = seedUnlinkedUser(org, "gone@acme.test", true, "admin", Instant.parse("2022-01-01T00:00:00Z"));
        store.setStatus(gone, UserStatus.DEACTIVATED);

        assertThat(store.listActiveAdmins(org, "admin")).extracting(AppUser::id).containsExactly(early, late);
        assertThat(store.listActiveUsers(org)).extracting(AppUser::id).containsExactly(early, member, late);
    }
}
