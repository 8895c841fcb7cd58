package dev.dirsync.core.workos;

import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.Identity;
import dev.dirsync.core.model.Projection;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.spi.AppUser;
import dev.dirsync.core.spi.UserStore;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/** A host's user table in memory, for the WorkOS tests (the shared testkit store lives on main). */
final class HostUsers implements UserStore {

    /** One host user row. */
    static final class Row {
        final String id;
        final String organizationId;
        @Nullable DirectoryUserKey key;
        @Nullable Identity identity;
        UserStatus status = UserStatus.ACTIVE;
        @Nullable String role;
        Set<String> workspaces = new TreeSet<>();
        Map<String, String> metadata = Map.of();
        final Instant memberSince;

        Row(String id, String organizationId, Instant memberSince) {
            this.id = id;
            this.organizationId = organizationId;
            this.memberSince = memberSince;
        }

        @Nullable String email() {
            return identity == null ? null : identity.email();
        }

        /** Comparable view of the row, for "nothing changed" assertions. */
        String describe() {
            return id + "|" + key + "|" + identity + "|" + status + "|" + role + "|" + workspaces + "|" + metadata;
        }
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final Map<DirectoryUserKey, String> byKey = new java.util.HashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();

    synchronized List<Row> all() {
        return new ArrayList<>(rows.values());
    }

    synchronized Optional<Row> byEmail(String email) {
        return rows.values().stream().filter(r -> email.equalsIgnoreCase(r.email())).findFirst();
    }

    synchronized List<String> snapshot() {
        return rows.values().stream().map(Row::describe).toList();
    }

    int writes() {
        return writes.get();
    }

    @Override
    public synchronized Optional<AppUser> findByDirectoryUser(DirectoryUserKey key) {
        String id = byKey.get(key);
        return id == null ? Optional.empty() : Optional.of(app(rows.get(id)));
    }

    @Override
    public synchronized Optional<AppUser> findLinkableByVerifiedEmail(String organizationId, String email) {
        return rows.values().stream().filter(r -> r.key == null && r.organizationId.equals(organizationId)
                && email.equalsIgnoreCase(r.email())).findFirst().map(HostUsers::app);
    }

    @Override
    public synchronized AppUser create(Projection desired) {
        writes.incrementAndGet();
        Row r = new Row("app-" + ids.incrementAndGet(), desired.key().organizationId(), Instant.EPOCH.plusSeconds(ids.get()));
        r.key = desired.key();
        r.identity = desired.identity();
        r.status = desired.status();
        r.role = desired.role();
        r.workspaces = new TreeSet<>(desired.workspaces());
        r.metadata = desired.metadata();
        rows.put(r.id, r);
        byKey.put(desired.key(), r.id);
        return app(r);
    }

    @Override
    public synchronized void link(String appUserId, DirectoryUserKey key) {
        writes.incrementAndGet();
        rows.get(appUserId).key = key;
        byKey.put(key, appUserId);
    }

    @Override
    public synchronized void updateProfile(String appUserId, Identity identity, Map<String, String> metadata) {
        writes.incrementAndGet();
        Row r = rows.get(appUserId);
        r.identity = identity;
        r.metadata = Map.copyOf(metadata);
    }

    @Override
    public synchronized void setStatus(String appUserId, UserStatus status) {
        writes.incrementAndGet();
        rows.get(appUserId).status = status;
    }

    @Override
    public synchronized void setRole(String appUserId, @Nullable String role) {
        writes.incrementAndGet();
        rows.get(appUserId).role = role;
    }

    @Override
    public synchronized void setWorkspaces(String appUserId, Set<String> workspaces) {
        writes.incrementAndGet();
        rows.get(appUserId).workspaces = new TreeSet<>(workspaces);
    }

    @Override
    public synchronized List<AppUser> listActiveAdmins(String organizationId, String adminRole) {
        return rows.values().stream().filter(r -> r.organizationId.equals(organizationId)
                        && r.status == UserStatus.ACTIVE && adminRole.equals(r.role))
                .sorted(Comparator.comparing(r -> r.memberSince)).map(HostUsers::app).toList();
    }

    @Override
    public synchronized List<AppUser> listActiveUsers(String organizationId) {
        return rows.values().stream().filter(r -> r.organizationId.equals(organizationId)
                        && r.status == UserStatus.ACTIVE)
                .sorted(Comparator.comparing(r -> r.memberSince)).map(HostUsers::app).toList();
    }

    private static AppUser app(Row r) {
        return new AppUser(r.id, r.organizationId, r.email(), r.role, r.status, r.memberSince, r.key);
    }
}
