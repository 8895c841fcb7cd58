package dev.dirsync.core.testkit;

import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.Identity;
import dev.dirsync.core.model.Projection;
import dev.dirsync.core.model.UserStatus;
import dev.dirsync.core.spi.AppUser;
import dev.dirsync.core.spi.UserStore;
import org.jspecify.annotations.Nullable;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A host user table in memory: the reference {@link UserStore} used by dirsync's own tests and a model for
 * hosts writing theirs. Thread-safe (synchronized).
 */
public class InMemoryUserStore implements UserStore {

    /** One row of the host's user table. */
    public static final class Row {
        public final String id;
        public final String organizationId;
        public @Nullable DirectoryUserKey directoryKey;
        public @Nullable String email;
        public boolean emailVerified;
        public @Nullable String userName;
        public @Nullable String givenName;
        public @Nullable String familyName;
        public String displayName = "";
        public UserStatus status = UserStatus.ACTIVE;
        public @Nullable String role;
        public SortedSet<String> workspaces = new TreeSet<>();
        public Map<String, String> metadata = new LinkedHashMap<>();
        public final Instant memberSince;
        public boolean purged;

        Row(String id, String organizationId, Instant memberSince) {
            this.id = id;
            this.organizationId = organizationId;
            this.memberSince = memberSince;
        }

        AppUser toAppUser() {
            return new AppUser(id, organizationId, email, role, status, memberSince, directoryKey);
        }
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Clock clock;
    private int writes;

    public InMemoryUserStore() {
        this(Clock.systemUTC());
    }

    public InMemoryUserStore(Clock clock) {
        this.clock = clock;
    }

    /** Adds a host user that exists independently of any directory (e.g. the tenant's founder). */
    public synchronized Row addLocalUser(String organizationId, String email, boolean verified, @Nullable String role,
                                         Instant memberSince) {
        Row r = new Row("u" + ids.incrementAndGet(), organizationId, memberSince);
        r.email = email;
        r.emailVerified = verified;
        r.role = role;
        r.displayName = email;
        rows.put(r.id, r);
        return r;
    }

    @Override
    public synchronized Optional<AppUser> findByDirectoryUser(DirectoryUserKey key) {
        return rows.values().stream().filter(r -> key.equals(r.directoryKey)).findFirst().map(Row::toAppUser);
    }

    @Override
    public synchronized Optional<AppUser> findLinkableByVerifiedEmail(String organizationId, String email) {
        String wanted = email.toLowerCase(Locale.ROOT);
        return rows.values().stream()
                .filter(r -> r.organizationId.equals(organizationId) && r.directoryKey == null && r.emailVerified
                        && r.email != null && r.email.toLowerCase(Locale.ROOT).equals(wanted))
                .findFirst().map(Row::toAppUser);
    }

    @Override
    public synchronized AppUser create(Projection desired) {
        Row r = new Row("u" + ids.incrementAndGet(), desired.key().organizationId(), clock.instant());
        r.directoryKey = desired.key();
        setIdentity(r, desired.identity());
        r.emailVerified = true; // the customer's IdP vouches for it
        r.status = desired.status();
        r.role = desired.role();
        r.workspaces = new TreeSet<>(desired.workspaces());
        r.metadata = new LinkedHashMap<>(desired.metadata());
        rows.put(r.id, r);
        writes++;
        return r.toAppUser();
    }

    @Override
    public synchronized void link(String appUserId, DirectoryUserKey key) {
        row(appUserId).directoryKey = key;
        writes++;
    }

    @Override
    public synchronized void updateProfile(String appUserId, Identity identity, Map<String, String> metadata) {
        Row r = row(appUserId);
        setIdentity(r, identity);
        r.metadata = new LinkedHashMap<>(metadata);
        writes++;
    }

    @Override
    public synchronized void setStatus(String appUserId, UserStatus status) {
        row(appUserId).status = status;
        writes++;
    }

    @Override
    public synchronized void setRole(String appUserId, @Nullable String role) {
        row(appUserId).role = role;
        writes++;
    }

    @Override
    public synchronized void setWorkspaces(String appUserId, Set<String> workspaces) {
        row(appUserId).workspaces = new TreeSet<>(workspaces);
        writes++;
    }

    @Override
    public synchronized List<AppUser> listActiveAdmins(String organizationId, String adminRole) {
        return active(organizationId).stream().filter(r -> adminRole.equals(r.role)).map(Row::toAppUser).toList();
    }

    @Override
    public synchronized List<AppUser> listActiveUsers(String organizationId) {
        return active(organizationId).stream().map(Row::toAppUser).toList();
    }

    @Override
    public synchronized Map<String, dev.dirsync.core.spi.AppAccess> currentAccess(String organizationId,
                                                                                 Set<String> appUserIds) {
        Map<String, dev.dirsync.core.spi.AppAccess> out = new LinkedHashMap<>();
        for (String id : appUserIds) {
            Row r = rows.get(id);
            if (r != null && !r.purged && r.organizationId.equals(organizationId)) {
                out.put(id, new dev.dirsync.core.spi.AppAccess(id, r.role, r.workspaces, r.status));
            }
        }
        return out;
    }

    @Override
    public synchronized void purge(String appUserId) {
        Row r = row(appUserId);
        r.purged = true;
        r.email = null;
        r.displayName = "(purged)";
        r.metadata.clear();
        writes++;
    }

    private List<Row> active(String organizationId) {
        List<Row> out = new ArrayList<>();
        for (Row r : rows.values()) {
            if (r.organizationId.equals(organizationId) && r.status == UserStatus.ACTIVE && !r.purged) {
                out.add(r);
            }
        }
        out.sort(Comparator.comparing((Row r) -> r.memberSince).thenComparing(r -> r.id));
        return out;
    }

    private static void setIdentity(Row r, Identity identity) {
        r.email = identity.email();
        r.userName = identity.userName();
        r.givenName = identity.givenName();
        r.familyName = identity.familyName();
        r.displayName = identity.displayName();
    }

    private Row row(String appUserId) {
        Row r = rows.get(appUserId);
        if (r == null) {
            throw new IllegalArgumentException("no host user " + appUserId);
        }
        return r;
    }

    // --- test inspection ---

    public synchronized Optional<Row> byDirectoryUser(DirectoryUserKey key) {
        return rows.values().stream().filter(r -> key.equals(r.directoryKey)).findFirst();
    }

    public synchronized Optional<Row> byEmail(String organizationId, String email) {
        return rows.values().stream().filter(r -> r.organizationId.equals(organizationId) && r.email != null
                && r.email.equalsIgnoreCase(email)).findFirst();
    }

    public synchronized Row get(String appUserId) {
        return row(appUserId);
    }

    public synchronized List<Row> rows(String organizationId) {
        return rows.values().stream().filter(r -> r.organizationId.equals(organizationId)).toList();
    }

    /** Number of mutating calls so far; a redelivered event must not increase it. */
    public synchronized int writes() {
        return writes;
    }
}
