package dev.dirsync.core.readme;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.Identity;
import dev.dirsync.core.model.Projection;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.outcome.Outcome;
import dev.dirsync.core.spi.AppUser;
import dev.dirsync.core.spi.UserStore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's "Integrate" example, compiled and run so the README stays true. */
class IntegrateExampleTest {

    // --- README: the host's own model (stand-ins for your tables) ---
    static final class Account {
        String id;
        String tenantId;
        String email;
        boolean emailVerified;
        String name;
        String role;
        boolean disabled;
        boolean readOnly;
        Set<String> workspaces = Set.of();
        Map<String, String> profile = Map.of();
        Instant joinedAt;
        @Nullable String scimKey; // "directoryId:userId" once dirsync follows this account

        Account(String id, String tenantId, Instant joinedAt) {
            this.id = id;
            this.tenantId = tenantId;
            this.joinedAt = joinedAt;
        }
    }

    static final class Accounts {
        final Map<String, Account> byId = new ConcurrentHashMap<>();
    }

    // --- README: UserStore over the host's accounts ---
    static final class AccountUserStore implements UserStore {
        private final Accounts accounts;

        AccountUserStore(Accounts accounts) {
            this.accounts = accounts;
        }

        private static String scimKey(DirectoryUserKey k) {
            return k.directoryId() + ":" + k.userId();
        }

        private AppUser toAppUser(Account a) {
            UserStatus status = a.disabled ? UserStatus.DEACTIVATED : a.readOnly ? UserStatus.READ_ONLY : UserStatus.ACTIVE;
            DirectoryUserKey key = a.scimKey == null ? null : new DirectoryUserKey(a.tenantId,
                    a.scimKey.substring(0, a.scimKey.indexOf(':')), a.scimKey.substring(a.scimKey.indexOf(':') + 1));
            return new AppUser(a.id, a.tenantId, a.email, a.role, status, a.joinedAt, key);
        }

        @Override
        public Optional<AppUser> findByDirectoryUser(DirectoryUserKey key) {
            return accounts.byId.values().stream()
                    .filter(a -> a.tenantId.equals(key.organizationId()) && scimKey(key).equals(a.scimKey))
                    .findFirst().map(this::toAppUser);
        }

        @Override
        public Optional<AppUser> findLinkableByVerifiedEmail(String organizationId, String email) {
            return accounts.byId.values().stream()
                    .filter(a -> a.tenantId.equals(organizationId) && a.scimKey == null && a.emailVerified
                            && a.email.equalsIgnoreCase(email))
                    .findFirst().map(this::toAppUser);
        }

        @Override
        public AppUser create(Projection p) {
            Account a = new Account("acc_" + (accounts.byId.size() + 1), p.key().organizationId(), Instant.now());
            a.scimKey = scimKey(p.key());
            a.email = p.identity().email();
            a.emailVerified = true;
            a.name = p.identity().displayName();
            a.role = p.role();
            a.disabled = p.status() == UserStatus.DEACTIVATED;
            a.workspaces = Set.copyOf(p.workspaces());
            a.profile = Map.copyOf(p.metadata());
            accounts.byId.put(a.id, a);
            return toAppUser(a);
        }

        @Override
        public void link(String appUserId, DirectoryUserKey key) {
            accounts.byId.get(appUserId).scimKey = scimKey(key);
        }

        @Override
        public void updateProfile(String appUserId, Identity identity, Map<String, String> metadata) {
            Account a = accounts.byId.get(appUserId);
            a.email = identity.email();
            a.name = identity.displayName();
            a.profile = Map.copyOf(metadata);
        }

        @Override
        public void setStatus(String appUserId, UserStatus status) {
            Account a = accounts.byId.get(appUserId);
            a.disabled = status == UserStatus.DEACTIVATED;
            a.readOnly = status == UserStatus.READ_ONLY;
        }

        @Override
        public void setRole(String appUserId, @Nullable String role) {
            accounts.byId.get(appUserId).role = role;
        }

        @Override
        public void setWorkspaces(String appUserId, Set<String> workspaces) {
            accounts.byId.get(appUserId).workspaces = Set.copyOf(workspaces);
        }

        @Override
        public List<AppUser> listActiveAdmins(String organizationId, String adminRole) {
            return listActiveUsers(organizationId).stream().filter(u -> adminRole.equals(u.role())).toList();
        }

        @Override
        public List<AppUser> listActiveUsers(String organizationId) {
            List<AppUser> out = new ArrayList<>();
            accounts.byId.values().stream()
                    .filter(a -> a.tenantId.equals(organizationId) && !a.disabled && !a.readOnly)
                    .sorted(java.util.Comparator.comparing((Account a) -> a.joinedAt))
                    .forEach(a -> out.add(toAppUser(a)));
            return out;
        }
    }

    @Test
    void theReadmeExampleProvisionsAndOffboards() {
        Accounts accounts = new Accounts();
        List<String> revoked = new ArrayList<>();

        // --- README: wiring ---
        DirectorySync sync = DirectorySync.builder()
                .userStore(new AccountUserStore(accounts))
                .sessionRevoker((orgId, userId) -> revoked.add("sessions:" + userId))
                .apiKeyRevoker((orgId, userId) -> revoked.add("keys:" + userId))
                .build();
        sync.createOrganization("tenant_42", "Acme Inc.");

        // --- README: an event, as the WorkOS source or the SCIM endpoint will produce it ---
        EventMeta meta = new EventMeta("event_01", "tenant_42", "directory_okta", Source.workos("Okta"),
                Instant.parse("2026-01-05T09:00:00Z"));
        Outcome outcome = sync.accept(new SourceEvent.UserCreated(meta,
                DirectoryUser.builder("directory_user_7", "directory_okta").email("bob@acme.test")
                        .givenName("Bob").familyName("Smith").department("R&D").build()));

        assertThat(outcome).isInstanceOf(Outcome.Applied.class);
        Account bob = accounts.byId.values().iterator().next();
        assertThat(bob.email).isEqualTo("bob@acme.test");
        assertThat(bob.role).isEqualTo("member");
        assertThat(bob.profile).containsEntry("department", "R&D");

        sync.accept(new SourceEvent.UserDeleted(new EventMeta("event_02", "tenant_42", "directory_okta",
                Source.workos("Okta"), Instant.parse("2026-01-06T09:00:00Z")), "directory_user_7"));

        assertThat(bob.disabled).isTrue();
        assertThat(revoked).containsExactly("sessions:" + bob.id, "keys:" + bob.id);
    }
}
