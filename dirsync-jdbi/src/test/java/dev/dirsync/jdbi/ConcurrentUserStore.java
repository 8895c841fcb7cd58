package dev.dirsync.jdbi;

import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.Identity;
import dev.dirsync.core.model.Projection;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.spi.AppUser;
import dev.dirsync.core.spi.UserStore;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A host user table shared by several dirsync instances, as the host's own database would be: thread-safe,
 * and counting every call so a test can tell how often each host-side effect happened.
 */
final class ConcurrentUserStore implements UserStore {

    /** One host user as a test compares it, without ids or times that depend on delivery order. */
    record Snapshot(Identity identity, Map<String, String> metadata, @Nullable String role, Set<String> workspaces,
                    UserStatus status) {
    }

    private static final class Row {
        final String id;
        final String organizationId;
        final Instant memberSince;
        @Nullable DirectoryUserKey key;
        Identity identity;
        Map<String, String> metadata;
        @Nullable String role;
        Set<String> workspaces;
        UserStatus status;

        Row(String id, Projection p, Instant memberSince) {
            this.id = id;
            this.organizationId = p.key().organizationId();
            this.memberSince = memberSince;
            this.key = p.key();
            this.identity = p.identity();
            this.metadata = Map.copyOf(p.metadata());
            this.role = p.role();
            this.workspaces = new TreeSet<>(p.workspaces());
            this.status = p.status();
        }

        AppUser view() {
            return new AppUser(id, organizationId, identity.email(), role, status, memberSince, key);
        }
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private int nextId;

    private void count(String method) {
        calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
    }

    /** How many times the method was called. */
    int calls(String method) {
        AtomicInteger n = calls.get(method);
        return n == null ? 0 : n.get();
    }

    /** Every host user that follows a directory user, by that user's key. */
    synchronized Map<DirectoryUserKey, Snapshot> snapshot() {
        Map<DirectoryUserKey, Snapshot> out = new LinkedHashMap<>();
        for (Row r : rows.values()) {
            if (r.key != null) {
                out.put(r.key, new Snapshot(r.identity, r.metadata, r.role, Set.copyOf(r.workspaces), r.status));
            }
        }
        return out;
    }

    @Override
    public synchronized Optional<AppUser> findByDirectoryUser(DirectoryUserKey key) {
        count("findByDirectoryUser");
        return rows.values().stream().filter(r -> key.equals(r.key)).map(Row::view).findFirst();
    }

    @Override
    public synchronized Optional<AppUser> findLinkableByVerifiedEmail(String organizationId, String email) {
        count("findLinkableByVerifiedEmail");
        return Optional.empty(); // no pre-existing accounts in these tests
    }

    @Override
    public synchronized AppUser create(Projection desired) {
        count("create");
        if (rows.values().stream().anyMatch(r -> desired.key().equals(r.key))) {
            throw new IllegalStateException("a host user already follows " + desired.key() + ": created twice");
        }
        Row r = new Row("app-" + (++nextId), desired, Instant.EPOCH.plusSeconds(nextId));
        rows.put(r.id, r);
        return r.view();
    }

    @Override
    public synchronized void link(String appUserId, DirectoryUserKey key) {
        count("link");
        row(appUserId).key = key;
    }

    @Override
    public synchronized void updateProfile(String appUserId, Identity identity, Map<String, String> metadata) {
        count("updateProfile");
        Row r = row(appUserId);
        r.identity = identity;
        r.metadata = Map.copyOf(metadata);
    }

    @Override
    public synchronized void setStatus(String appUserId, UserStatus status) {
        count("setStatus");
        row(appUserId).status = status;
    }

    @Override
    public synchronized void setRole(String appUserId, @Nullable String role) {
        count("setRole");
        row(appUserId).role = role;
    }

    @Override
    public synchronized void setWorkspaces(String appUserId, Set<String> workspaces) {
        count("setWorkspaces");
        row(appUserId).workspaces = new TreeSet<>(workspaces);
    }

    @Override
    public synchronized List<AppUser> listActiveAdmins(String organizationId, String adminRole) {
        return rows.values().stream().filter(r -> r.organizationId.equals(organizationId)
                        && r.status == UserStatus.ACTIVE && adminRole.equals(r.role))
                .sorted(Comparator.comparing((Row r) -> r.memberSince)).map(Row::view).toList();
    }

    @Override
    public synchronized List<AppUser> listActiveUsers(String organizationId) {
        return rows.values().stream().filter(r -> r.organizationId.equals(organizationId)
                        && r.status == UserStatus.ACTIVE)
                .sorted(Comparator.comparing((Row r) -> r.memberSince)).map(Row::view).toList();
    }

    private Row row(String appUserId) {
        return Objects.requireNonNull(rows.get(appUserId), () -> "no host user " + appUserId);
    }
}
