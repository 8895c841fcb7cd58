package dev.dirsync.core;

import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.audit.AuditEntry;
import dev.dirsync.core.audit.AuditQuery;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.RoleSource;
import dev.dirsync.core.outcome.Change;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.dirsync.core.Fixture.ORG;
import static dev.dirsync.core.Fixture.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Group mappings (role, workspaces, both, nothing), precedence, default role, attribute mapping. */
class AccessMappingTest {

    private final Fixture f = new Fixture();

    @BeforeEach
    void founderIsAdmin() {
        // a host-only admin so the sole-admin guard never interferes with these rules
        f.users.addLocalUser(ORG, "founder@acme.test", true, "admin", Instant.parse("2024-01-01T00:00:00Z"));
        f.group("g_admins", "Admins");
        f.group("g_eng", "Engineering");
        f.group("g_sales", "Sales");
        f.group("g_all", "Everyone");
        f.map(GroupMapping.role("g_admins", "admin"));                                  // pattern A: role only
        f.map(GroupMapping.workspaces("g_sales", "sales"));                              // pattern B: workspaces only
        f.map(new GroupMapping("g_eng", "member", Set.of("engineering", "platform")));   // pattern C: both
        f.created(user("u1", "bob@acme.test").build());
    }

    private List<AuditEntry> audit() {
        return f.sync.audit(AuditQuery.of(ORG).page(0, 1000)).entries();
    }

    @Test
    void aRoleOnlyMappingGrantsTheRoleAndNoWorkspace() {
        f.add("u1", "g_admins");

        assertThat(f.host("u1").role).isEqualTo("admin");
        assertThat(f.host("u1").workspaces).isEmpty();
    }

    @Test
    void aWorkspaceOnlyMappingGrantsWorkspacesAndKeepsTheDefaultRole() {
        f.add("u1", "g_sales");

        assertThat(f.host("u1").role).isEqualTo("member");
        assertThat(f.host("u1").workspaces).containsExactly("sales");
    }

    @Test
    void aMappingWithBothGrantsRoleAndWorkspacesAndAuditsEachWorkspace() {
        f.add("u1", "g_eng");

        assertThat(f.host("u1").workspaces).containsExactly("engineering", "platform");
        assertThat(audit()).filteredOn(e -> e.action() == AuditAction.WORKSPACE_ADDED)
                .extracting(e -> e.after().get("workspace")).containsExactlyInAnyOrder("engineering", "platform");
    }

    @Test
    void aUserInSeveralMappedGroupsGetsTheHighestRoleAndEveryWorkspace() {
        f.add("u1", "g_eng");
        f.add("u1", "g_admins");
        f.add("u1", "g_sales");

        assertThat(f.host("u1").role).isEqualTo("admin");
        assertThat(f.host("u1").workspaces).containsExactly("engineering", "platform", "sales");
    }

    @Test
    void aUserInNoRoleMappedGroupGetsTheOrganizationsDefaultRole() {
        f.configure(s -> s.withDefaultRole("viewer"));

        assertThat(f.host("u1").role).isEqualTo("viewer");
    }

    @Test
    void removalFromAnUnmappedGroupChangesNothing() {
        f.add("u1", "g_all");
        int writes = f.users.writes();
        int entries = audit().size();

        f.remove("u1", "g_all");

        assertThat(f.users.writes()).isEqualTo(writes);
        assertThat(audit()).hasSize(entries);
    }

    @Test
    void removalFromTheAdminGroupDemotesToTheNextHighestRole() {
        f.configure(s -> s.withRoles(List.of("admin", "editor", "member"), "member", "admin")
                .withGroupMapping(GroupMapping.role("g_sales", "editor")));
        f.add("u1", "g_sales");
        f.add("u1", "g_admins");
        assertThat(f.host("u1").role).isEqualTo("admin");

        f.remove("u1", "g_admins");

        assertThat(f.host("u1").role).isEqualTo("editor");
        AuditEntry demotion = audit().get(0);
        assertThat(demotion.action()).isEqualTo(AuditAction.ROLE_CHANGED);
        assertThat(demotion.before()).containsEntry("role", "admin");
        assertThat(demotion.after()).containsEntry("role", "editor");
    }

    @Test
    void removalFromTheAdminGroupDemotesToTheDefaultRoleWhenNoOtherRoleIsMapped() {
        f.add("u1", "g_admins");

        f.remove("u1", "g_admins");

        assertThat(f.host("u1").role).isEqualTo("member");
    }

    @Test
    void rolePrecedenceIsTheOrganizations() {
        f.configure(s -> s.withRoles(List.of("member", "admin"), "member", "admin")); // odd, but theirs to choose
        f.add("u1", "g_admins");
        f.add("u1", "g_eng");

        assertThat(f.host("u1").role).isEqualTo("member");
    }

    @Test
    void deletingAMappedGroupTakesAwayWhatItGranted() {
        f.add("u1", "g_eng");

        f.send(new dev.dirsync.core.event.SourceEvent.GroupDeleted(f.next(), "g_eng"));

        assertThat(f.host("u1").workspaces).isEmpty();
    }

    @Test
    void idpAssignedRolesAreUsedWhenTheOrganizationChoosesThem() {
        f.updated(user("u1", "bob@acme.test").idpRoles(List.of("admin", "unknown-role")).build());
        assertThat(f.host("u1").role).as("group mappings are the default source").isEqualTo("member");

        f.configure(s -> s.withRoleSource(RoleSource.IDP_ROLES));

        assertThat(f.host("u1").role).isEqualTo("admin");
    }

    @Test
    void withBothRoleSourcesTheHighestWins() {
        f.configure(s -> s.withRoleSource(RoleSource.BOTH));
        f.updated(user("u1", "bob@acme.test").idpRoles(List.of("viewer")).build());
        f.add("u1", "g_eng");

        assertThat(f.host("u1").role).isEqualTo("member");
    }

    @Test
    void aMappingToARoleOutsideThePrecedenceIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> f.map(GroupMapping.role("g_eng", "superuser")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'superuser'").hasMessageContaining("rolePrecedence");
    }

    @Test
    void changingAMappingReprojectsTheWholeOrganization() {
        f.created(user("u2", "carol@acme.test").build());
        f.add("u1", "g_sales");
        f.add("u2", "g_sales");

        f.map(new GroupMapping("g_sales", null, Set.of("sales", "crm")));

        assertThat(f.host("u1").workspaces).containsExactly("crm", "sales");
        assertThat(f.host("u2").workspaces).containsExactly("crm", "sales");
        assertThat(audit()).extracting(AuditEntry::action).contains(AuditAction.SETTINGS_CHANGED);
    }

    @Test
    void aMappingPreviewListsWhoGainsAndLosesWhatWithoutSavingIt() {
        f.created(user("u2", "carol@acme.test").build());
        f.add("u1", "g_sales");
        f.add("u2", "g_eng");
        var proposed = f.settings().withGroupMapping(GroupMapping.role("g_sales", "admin"))
                .withGroupMapping(GroupMapping.workspaces("g_eng", "engineering"));

        List<Change> preview = f.sync.previewSettings(ORG, proposed);

        assertThat(preview).extracting(Change::action, Change::label, c -> c.before().values().toString(),
                        c -> c.after().values().toString())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(AuditAction.ROLE_CHANGED, "bob@acme.test", "[member]", "[admin]"),
                        org.assertj.core.groups.Tuple.tuple(AuditAction.WORKSPACE_REMOVED, "bob@acme.test", "[sales]", "[]"),
                        org.assertj.core.groups.Tuple.tuple(AuditAction.WORKSPACE_REMOVED, "carol@acme.test", "[platform]", "[]"));
        assertThat(f.host("u1").role).as("nothing saved").isEqualTo("member");
        assertThat(f.settings().groupMappings().get("g_sales").role()).isNull();
    }

    @Test
    void theDefaultAttributeMappingCopiesStandardAttributesToHostMetadata() {
        f.updated(user("u1", "bob@acme.test").department("R&D").title("Engineer").employeeNumber("100234")
                .managerId("u9").costCenter("CC-7").division("Platform").locale("de-DE").timezone("Europe/Berlin").build());

        assertThat(f.host("u1").metadata).containsExactlyInAnyOrderEntriesOf(Map.of(
                "department", "R&D", "title", "Engineer", "employeeNumber", "100234", "manager", "u9",
                "costCenter", "CC-7", "division", "Platform", "locale", "de-DE", "timezone", "Europe/Berlin"));
    }

    @Test
    void customAttributesMapToTheHostKeysTheOrganizationNames() {
        f.configure(s -> s.withAttributeMappings(Map.of("department", "team", "badgeColor", "badge",
                "address.city", "city")));
        f.updated(user("u1", "bob@acme.test").department("R&D").customAttributes(Map.of("badgeColor", "green"))
                .rawAttributes(Map.of("address", Map.of("city", "Berlin"))).build());

        assertThat(f.host("u1").metadata).containsExactlyInAnyOrderEntriesOf(Map.of(
                "team", "R&D", "badge", "green", "city", "Berlin"));
    }
}
