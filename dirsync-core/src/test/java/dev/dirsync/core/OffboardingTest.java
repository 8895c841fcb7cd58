package dev.dirsync.core;

import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.audit.AuditEntry;
import dev.dirsync.core.audit.AuditQuery;
import dev.dirsync.core.model.DeactivationPolicy;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.SoleAdminPolicy;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.spi.AdminNotice;
import dev.dirsync.core.testkit.InMemoryUserStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.dirsync.core.Fixture.ORG;
import static dev.dirsync.core.Fixture.user;
import static org.assertj.core.api.Assertions.assertThat;

/** Deactivation policies, reactivation, purge, and the sole-admin guard. */
class OffboardingTest {

    private final Fixture f = new Fixture();

    private List<AuditEntry> audit() {
        return f.sync.audit(AuditQuery.of(ORG).page(0, 1000)).entries();
    }

    private List<AuditAction> actions() {
        return audit().stream().map(AuditEntry::action).toList();
    }

    private void withFounder() {
        f.users.addLocalUser(ORG, "founder@acme.test", true, "admin", Instant.parse("2024-01-01T00:00:00Z"));
    }

    @Test
    void immediateDeactivationRevokesSessionsAndApiKeysAuditsAndNotifies() {
        f.created(user("u1", "bob@acme.test").build());
        String id = f.host("u1").id;

        f.updated(user("u1", "bob@acme.test").active(false).build());

        assertThat(f.host("u1").status).isEqualTo(UserStatus.DEACTIVATED);
        assertThat(f.host.revokedSessions).containsExactly(id);
        assertThat(f.host.revokedApiKeys).containsExactly(id);
        AuditEntry e = audit().get(0);
        assertThat(e.action()).isEqualTo(AuditAction.USER_DEACTIVATED);
        assertThat(e.detail()).contains("sessions revoked").contains("API keys revoked");
        assertThat(f.host.notices).extracting(AdminNotice::kind).containsExactly(AdminNotice.Kind.USER_DEACTIVATED);
    }

    @Test
    void deletionInTheDirectoryDeactivatesAndKeepsHistory() {
        f.created(user("u1", "bob@acme.test").title("Engineer").build());

        f.deleted("u1");

        assertThat(f.host("u1").status).isEqualTo(UserStatus.DEACTIVATED);
        assertThat(f.users.rows(ORG)).hasSize(1);
        assertThat(f.sync.directoryUsers(ORG)).singleElement().satisfies(m -> {
            assertThat(m.deleted()).isTrue();
            assertThat(m.user().title()).isEqualTo("Engineer");
        });
    }

    @Test
    void aRepeatedDeactivationRevokesOnlyOnce() {
        f.created(user("u1", "bob@acme.test").build());
        f.updated(user("u1", "bob@acme.test").active(false).build());

        f.updated(user("u1", "bob@acme.test").active(false).title("Former").build());
        f.deleted("u1");

        assertThat(f.host.revokedSessions).hasSize(1);
        assertThat(actions()).filteredOn(a -> a == AuditAction.USER_DEACTIVATED).hasSize(1);
    }

    @Test
    void graceDeactivationRevokesSessionsNowAndPurgesAfterTheGracePeriod() {
        f.configure(s -> s.withDeactivation(DeactivationPolicy.GRACE, Duration.ofDays(14)));
        f.created(user("u1", "bob@acme.test").build());
        String id = f.host("u1").id;

        f.updated(user("u1", "bob@acme.test").active(false).build());

        assertThat(f.host("u1").status).isEqualTo(UserStatus.DEACTIVATED);
        assertThat(f.host.revokedSessions).containsExactly(id);
        assertThat(f.host.revokedApiKeys).isEmpty();

        f.clock.advance(Duration.ofDays(13));
        assertThat(f.sync.purgeDue()).isZero();
        assertThat(f.host("u1").purged).isFalse();

        f.clock.advance(Duration.ofDays(2));
        assertThat(f.sync.purgeDue()).isEqualTo(1);
        assertThat(f.users.get(id).purged).isTrue();
        assertThat(f.host.revokedApiKeys).containsExactly(id);
        assertThat(actions().get(0)).isEqualTo(AuditAction.USER_PURGED);
        assertThat(f.sync.purgeDue()).as("purged once").isZero();
    }

    @Test
    void reactivationWithinTheGracePeriodCancelsThePurge() {
        f.configure(s -> s.withDeactivation(DeactivationPolicy.GRACE, Duration.ofDays(14)));
        f.created(user("u1", "bob@acme.test").build());
        f.updated(user("u1", "bob@acme.test").active(false).build());

        f.updated(user("u1", "bob@acme.test").active(true).build());
        f.clock.advance(Duration.ofDays(30));

        assertThat(f.sync.purgeDue()).isZero();
        assertThat(f.host("u1").status).isEqualTo(UserStatus.ACTIVE);
    }

    @Test
    void readOnlyKeepsTheUserAbleToSignInButRevokesApiKeys() {
        f.configure(s -> s.withDeactivation(DeactivationPolicy.READ_ONLY));
        f.created(user("u1", "bob@acme.test").build());
        String id = f.host("u1").id;

        f.updated(user("u1", "bob@acme.test").active(false).build());

        assertThat(f.host("u1").status).isEqualTo(UserStatus.READ_ONLY);
        assertThat(f.host.revokedSessions).isEmpty();
        assertThat(f.host.revokedApiKeys).containsExactly(id);
        assertThat(actions().get(0)).isEqualTo(AuditAction.USER_MADE_READ_ONLY);
    }

    @Test
    void reactivationRestoresAccessAndTheCurrentlyMappedRole() {
        withFounder();
        f.map(new GroupMapping("g_eng", "admin", java.util.Set.of("engineering")));
        f.created(user("u1", "bob@acme.test").build());
        f.updated(user("u1", "bob@acme.test").active(false).build());
        f.add("u1", "g_eng"); // access while deactivated stays frozen
        assertThat(f.host("u1").role).isEqualTo("member");

        f.updated(user("u1", "bob@acme.test").active(true).build());

        InMemoryUserStore.Row bob = f.host("u1");
        assertThat(bob.status).isEqualTo(UserStatus.ACTIVE);
        assertThat(bob.role).isEqualTo("admin");
        assertThat(bob.workspaces).containsExactly("engineering");
        assertThat(actions()).contains(AuditAction.USER_REACTIVATED);
    }

    @Test
    void deactivatingTheSoleAdminIsBlockedAndAlertsAdmins() {
        f.map(GroupMapping.role("g_admins", "admin"));
        f.created(user("u1", "boss@acme.test").build());
        f.add("u1", "g_admins");

        f.updated(user("u1", "boss@acme.test").active(false).build());

        InMemoryUserStore.Row boss = f.host("u1");
        assertThat(boss.status).isEqualTo(UserStatus.ACTIVE);
        assertThat(boss.role).isEqualTo("admin");
        assertThat(f.host.revokedSessions).isEmpty();
        AuditEntry blocked = audit().get(0);
        assertThat(blocked.action()).isEqualTo(AuditAction.DEACTIVATION_BLOCKED);
        assertThat(blocked.detail()).contains("no active admin");
        assertThat(f.host.notices).extracting(AdminNotice::kind).containsExactly(AdminNotice.Kind.DEACTIVATION_BLOCKED);

        f.updated(user("u1", "boss@acme.test").active(false).title("still leaving").build());
        assertThat(actions()).as("blocked once, not on every retry")
                .filteredOn(a -> a == AuditAction.DEACTIVATION_BLOCKED).hasSize(1);
    }

    @Test
    void demotingTheSoleAdminIsBlocked() {
        f.map(GroupMapping.role("g_admins", "admin"));
        f.created(user("u1", "boss@acme.test").build());
        f.add("u1", "g_admins");

        f.remove("u1", "g_admins");

        assertThat(f.host("u1").role).isEqualTo("admin");
        assertThat(actions().get(0)).isEqualTo(AuditAction.ROLE_CHANGE_BLOCKED);
        assertThat(f.host.notices).extracting(AdminNotice::kind).containsExactly(AdminNotice.Kind.ROLE_CHANGE_BLOCKED);
    }

    @Test
    void aBlockedDeactivationProceedsOnceAnotherAdminExists() {
        f.map(GroupMapping.role("g_admins", "admin"));
        f.created(user("u1", "boss@acme.test").build());
        f.add("u1", "g_admins");
        f.updated(user("u1", "boss@acme.test").active(false).build());
        assertThat(f.host("u1").status).isEqualTo(UserStatus.ACTIVE);

        f.created(user("u2", "heir@acme.test").build());
        f.add("u2", "g_admins");

        assertThat(f.host("u2").role).isEqualTo("admin");
        assertThat(f.host("u1").status).isEqualTo(UserStatus.DEACTIVATED);
    }

    @Test
    void autoPromoteMakesTheEarliestTenuredActiveMemberAdminThenDeactivates() {
        f.configure(s -> s.withSoleAdminPolicy(SoleAdminPolicy.AUTO_PROMOTE));
        f.map(GroupMapping.role("g_admins", "admin"));
        f.created(user("u1", "boss@acme.test").build());
        f.created(user("u2", "first@acme.test").build());
        f.created(user("u3", "second@acme.test").build());
        f.add("u1", "g_admins");

        f.deleted("u1");

        assertThat(f.host("u1").status).isEqualTo(UserStatus.DEACTIVATED);
        assertThat(f.host("u2").role).isEqualTo("admin");
        assertThat(f.host("u3").role).isEqualTo("member");
        assertThat(actions()).containsSubsequence(AuditAction.USER_DEACTIVATED, AuditAction.ADMIN_AUTO_PROMOTED);
        assertThat(f.host.notices).extracting(AdminNotice::kind).contains(AdminNotice.Kind.ADMIN_AUTO_PROMOTED);

        f.updated(user("u2", "first@acme.test").title("now in charge").build());
        assertThat(f.host("u2").role).as("the promotion sticks on the next projection").isEqualTo("admin");
    }

    @Test
    void withAnotherAdminPresentNoGuardIsNeeded() {
        withFounder();
        f.map(GroupMapping.role("g_admins", "admin"));
        f.created(user("u1", "boss@acme.test").build());
        f.add("u1", "g_admins");

        f.deleted("u1");

        assertThat(f.host("u1").status).isEqualTo(UserStatus.DEACTIVATED);
        assertThat(actions()).doesNotContain(AuditAction.DEACTIVATION_BLOCKED, AuditAction.ADMIN_AUTO_PROMOTED);
    }

    @Test
    void anOffboardedUserIsNeverProvisioned() {
        f.created(user("u1", "ghost@acme.test").active(false).build());

        assertThat(f.users.rows(ORG)).isEmpty();
        assertThat(f.users.writes()).isZero();
    }
}
