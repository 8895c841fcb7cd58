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
    void aRoleFromTheIdpThatTheHostNeverDeclaredIsRefusedAuditedAndAlertedAndTheDefaultRoleApplies() {
        // globex keeps the default precedence (owner, admin, member, viewer): never checked against the catalog,
        // since nobody changed it; with the IdP as role source, "owner" must still not reach the host
        InMemoryUserStore users = new InMemoryUserStore();
        DirectorySync idpSync = DirectorySync.builder().stateStore(new InMemoryStateStore()).userStore(users)
                .sessionRevoker(host).apiKeyRevoker(host).auditSink(host).notifier(host).hostCatalog(catalog).build();
        idpSync.createOrganization("globex", "Globex");
        idpSync.updateSettings("globex", s -> s.withRoleSource(dev.dirsync.core.model.RoleSource.IDP_ROLES), null,
                ADMIN);
        asked.set(0);

        idpSync.accept(created("e1", "u1", List.of("owner")));
        idpSync.accept(created("e2", "u2", List.of("owner", "viewer")));
        idpSync.accept(created("e3", "u3", List.of("admin")));
        idpSync.accept(created("e4", "u4", List.of()));

        assertThat(role(users, "u1")).as("refused, the default role").isEqualTo("member");
        assertThat(role(users, "u2")).as("refused, the next role the IdP gives").isEqualTo("viewer");
        assertThat(role(users, "u3")).isEqualTo("admin");
        assertThat(role(users, "u4")).isEqualTo("member");
        assertThat(host.audit).filteredOn(e -> e.action() == dev.dirsync.core.audit.AuditAction.ROLE_CHANGE_BLOCKED)
                .extracting(e -> e.targetDirectoryUserId() + ": " + e.detail())
                .containsExactlyInAnyOrder(
                        "u1: refused: the IdP assigns role owner, which the application does not declare; member "
                                + "applied instead",
                        "u2: refused: the IdP assigns role owner, which the application does not declare; viewer "
                                + "applied instead");
        assertThat(host.notices).filteredOn(n -> n.kind() == dev.dirsync.core.spi.AdminNotice.Kind.ROLE_CHANGE_BLOCKED)
                .hasSize(2);
        assertThat(asked.get()).as("the catalog is asked only for users whose IdP assigns a role").isEqualTo(3);

        // redelivered state: nothing new to audit
        idpSync.accept(new dev.dirsync.core.event.SourceEvent.UserUpdated(meta("e5"), user("u1", List.of("owner"))));
        assertThat(host.audit).filteredOn(e -> e.action() == dev.dirsync.core.audit.AuditAction.ROLE_CHANGE_BLOCKED)
                .hasSize(2);
    }

    private static dev.dirsync.core.event.EventMeta meta(String eventId) {
        return new dev.dirsync.core.event.EventMeta(eventId, "globex", "dir_okta", dev.dirsync.core.event.Source
                .workos("Okta"), java.time.Instant.parse("2026-01-05T08:00:00Z").plusSeconds(Integer.parseInt(eventId.substring(1))));
    }

    private static dev.dirsync.core.model.DirectoryUser user(String id, List<String> idpRoles) {
        return dev.dirsync.core.model.DirectoryUser.builder(id, "dir_okta").idpId("okta-" + id)
                .userName(id + "@globex.test").email(id + "@globex.test").givenName(id).familyName("Tester")
                .idpRoles(idpRoles).build();
    }

    private static dev.dirsync.core.event.SourceEvent created(String eventId, String id, List<String> idpRoles) {
        return new dev.dirsync.core.event.SourceEvent.UserCreated(meta(eventId), user(id, idpRoles));
    }

    private static String role(InMemoryUserStore users, String id) {
        return users.byDirectoryUser(new dev.dirsync.core.model.DirectoryUserKey("globex", "dir_okta", id))
                .orElseThrow().role;
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
