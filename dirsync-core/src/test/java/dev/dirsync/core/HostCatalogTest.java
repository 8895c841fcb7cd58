package dev.dirsync.core;

import dev.dirsync.core.CatalogViolation;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.Mode;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.spi.HostCatalog;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.testkit.RecordingRevokers;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.dirsync.core.Fixture.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** With a host catalog, settings and group mappings can grant only the roles and workspaces the host declares. */
class HostCatalogTest {
    private final AtomicInteger asked = new AtomicInteger();
    private final HostCatalog catalog = new HostCatalog() {
        @Override
        public Set<String> roles(String organizationId) {
            asked.incrementAndGet();
            return new LinkedHashSet<>(List.of("admin", "member", "viewer"));
        }

        @Override
        public Set<String> workspaces(String organizationId) {
            asked.incrementAndGet();
            return Map.of("acme", Set.of("engineering", "sales"), "globex", Set.of("research"))
                    .getOrDefault(organizationId, Set.of());
        }
    };
    private final RecordingRevokers host = new RecordingRevokers();
    private final DirectorySync sync = DirectorySync.builder().stateStore(new InMemoryStateStore())
            .userStore(new InMemoryUserStore()).sessionRevoker(host).apiKeyRevoker(host).hostCatalog(catalog).build();

    HostCatalogTest() {
        sync.createOrganization("acme", "Acme", null, OrganizationSettings.defaults()
                .withRoles(List.of("admin", "member", "viewer"), "member", "admin"));
        sync.createOrganization("globex", "Globex");
    }

    private long version(String org) {
        return sync.organization(org).orElseThrow().settingsVersion();
    }

    @Test
    void aRoleTheHostNeverDeclaredIsRefusedWithTheAllowedRolesAndNothingChanges() {
        long before = version("acme");

        assertThatThrownBy(() -> sync.updateSettings("acme", s -> s.withRoles(List.of("superadmin", "admin", "member",
                "viewer"), "member", "admin"), null, ADMIN))
                .isInstanceOfSatisfying(CatalogViolation.class, v -> {
                    assertThat(v.field()).isEqualTo("rolePrecedence");
                    assertThat(v.kind()).isEqualTo(CatalogViolation.Kind.ROLE);
                    assertThat(v.rejected()).containsExactly("superadmin");
                    assertThat(v.allowed()).containsExactly("admin", "member", "viewer");
                })
                .hasMessageContaining("'superadmin'").hasMessageContaining("choose from: admin, member, viewer");
        assertThatThrownBy(() -> sync.updateSettings("acme", s -> s.withRoles(s.rolePrecedence(), "viewer", "owner"),
                null, ADMIN)).isInstanceOf(IllegalArgumentException.class);

        assertThat(version("acme")).isEqualTo(before);
        assertThat(sync.organization("acme").orElseThrow().settings().rolePrecedence())
                .containsExactly("admin", "member", "viewer");
    }

    @Test
    void aGroupMappingToAnotherTenantsWorkspaceIsRefusedAndItsOwnWorkspacesAreAccepted() {
        assertThatThrownBy(() -> sync.updateSettings("acme", s -> s.withGroupMapping(new GroupMapping("g-eng",
                "member", Set.of("engineering", "research"))), null, ADMIN))
                .isInstanceOfSatisfying(CatalogViolation.class, v -> {
                    assertThat(v.field()).isEqualTo("groupMappings.g-eng.workspaces");
                    assertThat(v.groupId()).isEqualTo("g-eng");
                    assertThat(v.rejected()).containsExactly("research");
                    assertThat(v.allowed()).containsExactlyInAnyOrder("engineering", "sales");
                });
        assertThat(sync.organization("acme").orElseThrow().settings().groupMappings()).isEmpty();

        sync.updateSettings("acme", s -> s.withGroupMapping(new GroupMapping("g-eng", "member",
                Set.of("engineering"))), null, ADMIN);
        assertThat(sync.organization("acme").orElseThrow().settings().groupMappings()).containsKey("g-eng");
        sync.updateSettings("globex", s -> s.withGroupMapping(GroupMapping.workspaces("g-lab", "research")), null, ADMIN);
    }

    @Test
    void theDefaultAndAdminRolesMustBeDeclaredToo() {
        // the defaults list "owner", which this host does not have: naming it is refused, keeping it is not
        assertThatThrownBy(() -> sync.updateSettings("globex", s -> s.withDefaultRole("owner"), null, ADMIN))
                .isInstanceOfSatisfying(CatalogViolation.class, v -> assertThat(v.field()).isEqualTo("defaultRole"));
        assertThatThrownBy(() -> sync.updateSettings("globex", s -> s.withRoles(s.rolePrecedence(), "member", "owner"),
                null, ADMIN))
                .isInstanceOfSatisfying(CatalogViolation.class, v -> assertThat(v.field()).isEqualTo("adminRole"));
        assertThatThrownBy(() -> sync.previewSettings("globex", sync.organization("globex").orElseThrow().settings()
                .withGroupMapping(GroupMapping.role("g-x", "owner"))))
                .as("a preview names the same problem before the admin saves")
                .isInstanceOfSatisfying(CatalogViolation.class, v -> assertThat(v.field()).isEqualTo("groupMappings.g-x.role"));
    }

    @Test
    void changesThatNameNoRoleOrWorkspaceNeverAskTheCatalog() {
        // globex's settings still list "owner" (the defaults): pausing must work anyway
        sync.pause("globex", ADMIN);
        sync.activate("globex", ADMIN);
        sync.updateSettings("globex", s -> s.withSensitiveAttributes(Set.of("ssn"), true), null, ADMIN);

        assertThat(sync.organization("globex").orElseThrow().settings().mode()).isEqualTo(Mode.ACTIVE);
        assertThat(asked).hasValue(0);
        assertThat(sync.hostCatalog()).contains(catalog);
    }
}
