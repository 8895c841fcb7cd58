package dev.dirsync.examples.jetty;

import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.Identity;
import dev.dirsync.core.model.Projection;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.AppUser;
import dev.dirsync.core.spi.SessionRevoker;
import dev.dirsync.core.spi.UserStore;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The host's accounts, kept in memory for the example; a real host implements these over its user table. */
public final class Accounts implements UserStore, SessionRevoker, ApiKeyRevoker {
    /** One account of the host application. */
    public static final class Account {
        public final String id;
        public final String organizationId;
        public final Instant memberSince = Instant.now();
        public volatile @Nullable DirectoryUserKey directoryKey;
        public volatile @Nullable String email;
        public volatile String name = "";
        public volatile @Nullable String role;
        public volatile UserStatus status = UserStatus.ACTIVE;
        public volatile Set<String> workspaces = Set.of();
        public final AtomicInteger sessions = new AtomicInteger();

        Account(String id, String organizationId) {
            this.id = id;
            this.organizationId = organizationId;
        }

        AppUser view() {
            return new AppUser(id, organizationId, email, role, status, memberSince, directoryKey);
        }
    }

    private final Map<String, Account> byId = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    public List<Account> all() {
        return List.copyOf(byId.values());
    }

    @Override
    public Optional<AppUser> findByDirectoryUser(DirectoryUserKey key) {
        return byId.values().stream().filter(a -> key.equals(a.directoryKey)).findFirst().map(Account::view);
    }

    @Override
    public Optional<AppUser> findLinkableByVerifiedEmail(String organizationId, String email) {
        return Optional.empty(); // this example has no accounts of its own before the directory
    }

    @Override
    public AppUser create(Projection p) {
        Account a = new Account("acct_" + ids.incrementAndGet(), p.key().organizationId());
        a.directoryKey = p.key();
        a.email = p.identity().email();
        a.name = p.identity().displayName();
        a.role = p.role();
        a.status = p.status();
        a.workspaces = new TreeSet<>(p.workspaces());
        byId.put(a.id, a);
        return a.view();
    }

    @Override
    public void link(String appUserId, DirectoryUserKey key) { byId.get(appUserId).directoryKey = key; }

    @Override
    public void updateProfile(String appUserId, Identity identity, Map<String, String> metadata) {
        Account a = byId.get(appUserId);
        a.email = identity.email();
        a.name = identity.displayName();
    }

    @Override
    public void setStatus(String appUserId, UserStatus status) { byId.get(appUserId).status = status; }

    @Override
    public void setRole(String appUserId, @Nullable String role) { byId.get(appUserId).role = role; }

    @Override
    public void setWorkspaces(String appUserId, Set<String> w) { byId.get(appUserId).workspaces = new TreeSet<>(w); }

    @Override
    public List<AppUser> listActiveAdmins(String organizationId, String adminRole) {
        return active(organizationId).stream().filter(u -> adminRole.equals(u.role())).toList();
    }

    @Override
    public List<AppUser> listActiveUsers(String organizationId) {
        return active(organizationId);
    }

    private List<AppUser> active(String organizationId) {
        return byId.values().stream().filter(a -> a.organizationId.equals(organizationId)
                        && a.status == UserStatus.ACTIVE).sorted(Comparator.comparing((Account a) -> a.memberSince)
                        .thenComparing(a -> a.id)).map(Account::view).toList();
    }

    @Override
    public void revokeSessions(String organizationId, String appUserId) { byId.get(appUserId).sessions.set(0); }

    @Override
    public void revokeApiKeys(String organizationId, String appUserId) {
        // this example issues no API keys
    }
}
