package dev.dirsync.core.policy;

import dev.dirsync.core.model.DeactivationPolicy;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.model.RoleSource;
import dev.dirsync.core.model.SoleAdminPolicy;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.spi.AppUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The small pure policies, called with plain values. */
class PoliciesTest {

    private static final OrganizationSettings DEFAULTS = OrganizationSettings.defaults();

    @ParameterizedTest
    @ValueSource(strings = {"078-05-1120", "123 45 6789", "4111 1111 1111 1111", "4111-1111-1111-1111",
            "5500000000000004", "378282246310005"})
    void ssnAndCardShapedValuesAreSensitive(String value) {
        assertThat(SensitiveAttributeFilter.looksSensitive(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"123456789", "000-12-3456", "666-12-3456", "4111111111111112", "2026-01-05",
            "+1 415 555 0100", "E-10023", "R&D"})
    void ordinaryValuesAreNotSensitive(String value) {
        assertThat(SensitiveAttributeFilter.looksSensitive(value)).isFalse();
    }

    @Test
    void sensitiveNamesIgnoreCaseUnderscoresAndPathPrefixes() {
        Set<String> names = Set.of("socialsecuritynumber", "dateofbirth");
        assertThat(SensitiveAttributeFilter.isSensitiveName("Social_Security_Number", names)).isTrue();
        assertThat(SensitiveAttributeFilter.isSensitiveName("urn:acme:User:date-of-birth", names)).isTrue();
        assertThat(SensitiveAttributeFilter.isSensitiveName("birthplace", names)).isFalse();
    }

    @Test
    void theHighestMappedRoleWinsAndNoRoleMeansTheDefault() {
        List<GroupMapping> mappings = List.of(GroupMapping.role("a", "member"), GroupMapping.role("b", "admin"),
                GroupMapping.workspaces("c", "x"));
        assertThat(RoleResolver.resolve(DEFAULTS, mappings, List.of())).isEqualTo("admin");
        assertThat(RoleResolver.resolve(DEFAULTS, List.of(GroupMapping.workspaces("c", "x")), List.of()))
                .isEqualTo("member");
        assertThat(RoleResolver.resolve(DEFAULTS.withDefaultRole("viewer"), List.of(), List.of())).isEqualTo("viewer");
    }

    @Test
    void idpRolesOutsideThePrecedenceAreIgnored() {
        OrganizationSettings s = DEFAULTS.withRoleSource(RoleSource.IDP_ROLES);
        assertThat(RoleResolver.resolve(s, List.of(), List.of("root", "viewer"))).isEqualTo("viewer");
        assertThat(RoleResolver.resolve(s, List.of(), List.of("root"))).isEqualTo("member");
    }

    @Test
    void eachDeactivationPolicyHasItsPlan() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(DeactivationRule.plan(DeactivationPolicy.IMMEDIATE, Duration.ofDays(30), now))
                .isEqualTo(new DeactivationRule.Plan(UserStatus.DEACTIVATED, true, true, null, true));
        assertThat(DeactivationRule.plan(DeactivationPolicy.GRACE, Duration.ofDays(30), now))
                .isEqualTo(new DeactivationRule.Plan(UserStatus.DEACTIVATED, true, false,
                        Instant.parse("2026-01-31T00:00:00Z"), true));
        assertThat(DeactivationRule.plan(DeactivationPolicy.READ_ONLY, Duration.ofDays(30), now))
                .isEqualTo(new DeactivationRule.Plan(UserStatus.READ_ONLY, false, true, null, true));
    }

    private static AppUser user(String id, String role, int tenureDays) {
        return new AppUser(id, "o", id + "@x.test", role, UserStatus.ACTIVE,
                Instant.parse("2020-01-01T00:00:00Z").plus(Duration.ofDays(tenureDays)), null);
    }

    @Test
    void theSoleAdminGuardProceedsWhenAnotherAdminRemains() {
        List<AppUser> admins = List.of(user("a", "admin", 1), user("b", "admin", 2));
        assertThat(SoleAdminGuard.evaluate(SoleAdminPolicy.BLOCK, "a", admins, admins))
                .isInstanceOf(SoleAdminGuard.Verdict.Proceed.class);
    }

    @Test
    void theSoleAdminGuardListsActiveUsersOnlyWhenItMustPromoteSomeone() {
        List<AppUser> admins = List.of(user("a", "admin", 1), user("b", "admin", 2));
        java.util.concurrent.atomic.AtomicInteger listed = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.Supplier<List<AppUser>> everyone = () -> {
            listed.incrementAndGet();
            return admins;
        };

        assertThat(SoleAdminGuard.evaluate(SoleAdminPolicy.AUTO_PROMOTE, "a", admins, everyone))
                .isInstanceOf(SoleAdminGuard.Verdict.Proceed.class);
        assertThat(SoleAdminGuard.evaluate(SoleAdminPolicy.BLOCK, "b", List.of(admins.get(1)), everyone))
                .isInstanceOf(SoleAdminGuard.Verdict.Block.class);
        assertThat(listed).as("active users listed").hasValue(0);

        SoleAdminGuard.evaluate(SoleAdminPolicy.AUTO_PROMOTE, "b", List.of(admins.get(1)), everyone);
        assertThat(listed).hasValue(1);
    }

    @Test
    void theSoleAdminGuardBlocksOrPromotesTheEarliestTenuredOtherMember() {
        AppUser admin = user("a", "admin", 5);
        List<AppUser> active = List.of(user("m1", "member", 1), admin, user("m2", "member", 9));
        assertThat(SoleAdminGuard.evaluate(SoleAdminPolicy.BLOCK, "a", List.of(admin), active))
                .isInstanceOf(SoleAdminGuard.Verdict.Block.class);
        assertThat(SoleAdminGuard.evaluate(SoleAdminPolicy.AUTO_PROMOTE, "a", List.of(admin), active))
                .isEqualTo(new SoleAdminGuard.Verdict.PromoteThenProceed(active.get(0)));
        assertThat(SoleAdminGuard.evaluate(SoleAdminPolicy.AUTO_PROMOTE, "a", List.of(admin), List.of(admin)))
                .isInstanceOf(SoleAdminGuard.Verdict.Block.class);
    }

    @Test
    void aGracePeriodBeyondTenYearsIsRefusedSoThePurgeDateStaysInEveryDatabasesRange() {
        assertThatThrownBy(() -> DEFAULTS.withDeactivation(DeactivationPolicy.GRACE, Duration.ofDays(3651)))
                .hasMessageContaining("gracePeriod must be 0 to 3650 days");
        assertThatThrownBy(() -> DEFAULTS.withDeactivation(DeactivationPolicy.GRACE, Duration.ofDays(100_000_000)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(DEFAULTS.withDeactivation(DeactivationPolicy.GRACE, OrganizationSettings.MAX_GRACE_PERIOD)
                .gracePeriod()).isEqualTo(Duration.ofDays(3650));
    }

    @Test
    void invalidSettingsAreRefusedWithAReason() {
        assertThatThrownBy(() -> DEFAULTS.withRoles(List.of("admin", "admin"), "admin", "admin"))
                .hasMessageContaining("lists a role twice");
        assertThatThrownBy(() -> DEFAULTS.withDeactivation(DeactivationPolicy.GRACE, Duration.ofDays(-1)))
                .hasMessageContaining("gracePeriod");
        assertThatThrownBy(() -> DEFAULTS.withRoles(List.of("member"), "member", "admin"))
                .hasMessageContaining("adminRole 'admin' is not in rolePrecedence");
        assertThatThrownBy(() -> DEFAULTS.withRoles(List.of("admin"), "member", "admin"))
                .hasMessageContaining("defaultRole 'member' is not in rolePrecedence");
    }
}
