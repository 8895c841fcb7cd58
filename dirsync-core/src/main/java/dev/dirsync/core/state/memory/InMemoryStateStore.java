package dev.dirsync.core.state.memory;

import dev.dirsync.core.audit.AuditEntry;
import dev.dirsync.core.audit.AuditPage;
import dev.dirsync.core.audit.AuditQuery;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.Organization;
import dev.dirsync.core.state.AppliedProjection;
import dev.dirsync.core.state.AuditLog;
import dev.dirsync.core.state.CheckpointStore;
import dev.dirsync.core.state.ConnectionStore;
import dev.dirsync.core.state.DirectoryConnection;
import dev.dirsync.core.state.EventLedger;
import dev.dirsync.core.state.MirrorGroup;
import dev.dirsync.core.state.MirrorMembership;
import dev.dirsync.core.state.MirrorStore;
import dev.dirsync.core.state.MirrorUser;
import dev.dirsync.core.state.OrganizationStore;
import dev.dirsync.core.state.PreviewEntry;
import dev.dirsync.core.state.PreviewStore;
import dev.dirsync.core.state.ProjectionStore;
import dev.dirsync.core.state.ScimCredential;
import dev.dirsync.core.state.ScimCredentialStore;
import dev.dirsync.core.state.StateStore;
import dev.dirsync.core.state.StateTransaction;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * State kept in memory, for tests, demos and single-instance hosts that accept losing it on restart.
 * Transactions are serialized and keep an undo log: if the work throws, every write it made is undone in
 * reverse order, so an exception leaves nothing half-applied. Writes cost O(log n), not a copy of the state.
 */
public final class InMemoryStateStore implements StateStore {

    private final ReentrantLock lock = new ReentrantLock();
    private final Data data = new Data();

    @Override
    public <T> T inTransaction(Function<StateTransaction, T> work) {
        lock.lock();
        try {
            if (current.get() != null) {
                // nested call on the same thread joins the running transaction
                return work.apply(current.get());
            }
            Tx tx = new Tx(data);
            current.set(tx);
            boolean committed = false;
            try {
                T result = work.apply(tx);
                tx.d.commit();
                committed = true;
                return result;
            } finally {
                current.remove();
                if (!committed) {
                    tx.d.rollback();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private final ThreadLocal<Tx> current = new ThreadLocal<>();

    private static String k(String... parts) {
        return String.join("\u0000", parts);
    }

    private static String userKey(DirectoryUserKey key) {
        return k(key.organizationId(), key.directoryId(), key.userId());
    }

    private static final class Data {
        TreeMap<String, Organization> organizations = new TreeMap<>();
        TreeMap<String, DirectoryConnection> connections = new TreeMap<>();
        TreeMap<String, MirrorUser> users = new TreeMap<>();
        TreeMap<String, MirrorGroup> groups = new TreeMap<>();
        TreeMap<String, MirrorMembership> memberships = new TreeMap<>();
        // the same memberships keyed by user first, for "groups of a user" without a scan
        TreeMap<String, MirrorMembership> membershipsByUser = new TreeMap<>();
        TreeMap<String, Instant> ledger = new TreeMap<>();
        TreeMap<String, AppliedProjection> projections = new TreeMap<>();
        TreeMap<String, PreviewEntry> previews = new TreeMap<>();
        List<AuditEntry> audit = new ArrayList<>();
        TreeMap<String, String> checkpoints = new TreeMap<>();
        TreeMap<String, ScimCredential> credentials = new TreeMap<>();
        TreeMap<String, dev.dirsync.core.state.Drift> drift = new TreeMap<>();
        // access intervals keyed by person, then start time: a person's history is one contiguous range
        TreeMap<String, dev.dirsync.core.state.AccessInterval> access = new TreeMap<>();
        TreeMap<String, dev.dirsync.core.job.Job> jobs = new TreeMap<>();
        // inbox entries by event id, with their arrival position (never reused, like an identity column)
        TreeMap<String, Map.Entry<Long, dev.dirsync.core.state.InboxEntry>> inbox = new TreeMap<>();
        long inboxPosition;

        private final java.util.ArrayDeque<Runnable> undo = new java.util.ArrayDeque<>();

        <V> void put(TreeMap<String, V> map, String key, V value) {
            V old = map.put(key, value);
            undo.push(old == null ? () -> map.remove(key) : () -> map.put(key, old));
        }

        <V> boolean putIfAbsent(TreeMap<String, V> map, String key, V value) {
            if (map.containsKey(key)) {
                return false;
            }
            put(map, key, value);
            return true;
        }

        <V> void remove(TreeMap<String, V> map, String key) {
            V old = map.remove(key);
            if (old != null) {
                undo.push(() -> map.put(key, old));
            }
        }

        void append(AuditEntry e) {
            audit.add(e);
            undo.push(() -> audit.remove(audit.size() - 1));
        }

        void rollback() {
            while (!undo.isEmpty()) {
                undo.pop().run();
            }
        }

        void commit() {
            undo.clear();
        }
    }

    private static <V> List<V> withPrefix(TreeMap<String, V> map, String prefix) {
        return new ArrayList<>(map.subMap(prefix, prefix + "\uffff").values());
    }

    private static final class Tx implements StateTransaction, OrganizationStore, MirrorStore,
            EventLedger, AuditLog, CheckpointStore, dev.dirsync.core.state.DirectoryQueries {
        private final Data d;
        private final Connections connections;
        private final Projections projections;
        private final Previews previews;
        private final Credentials credentials;
        private final Drifts drifts;
        private final History history;
        private final Jobs jobs;
        private final Inbox inbox;

        Tx(Data d) {
            this.jobs = new Jobs(d);
            this.inbox = new Inbox(d);
            this.d = d;
            this.connections = new Connections(d);
            this.projections = new Projections(d);
            this.previews = new Previews(d);
            this.credentials = new Credentials(d);
            this.drifts = new Drifts(d);
            this.history = new History(d);
        }

        @Override public OrganizationStore organizations() { return this; }
        @Override public ConnectionStore connections() { return connections; }
        @Override public MirrorStore mirror() { return this; }
        @Override public EventLedger ledger() { return this; }
        @Override public ProjectionStore projections() { return projections; }
        @Override public PreviewStore previews() { return previews; }
        @Override public AuditLog audit() { return this; }
        @Override public CheckpointStore checkpoints() { return this; }
        @Override public ScimCredentialStore scimCredentials() { return credentials; }
        @Override public dev.dirsync.core.state.DriftStore drift() { return drifts; }
        @Override public dev.dirsync.core.state.AccessHistory accessHistory() { return history; }
        @Override public dev.dirsync.core.state.DirectoryQueries queries() { return this; }
        @Override public dev.dirsync.core.state.JobStore jobs() { return jobs; }
        @Override public dev.dirsync.core.state.InboxStore inbox() { return inbox; }

        // read model
        @Override
        public dev.dirsync.core.read.Page<dev.dirsync.core.read.UserView> users(String organizationId,
                                                                              dev.dirsync.core.read.UserQuery q) {
            return MemoryQueries.users(users(organizationId).stream(), k -> d.projections.get(userKey(k)),
                    k -> new java.util.HashSet<>(groupIdsOfUser(k)), q);
        }

        @Override
        public dev.dirsync.core.read.Page<dev.dirsync.core.read.GroupView> groups(String organizationId,
                                                                                dev.dirsync.core.read.GroupQuery q) {
            // counts what members() lists: present memberships of live users (not tombstoned, and already mirrored)
            return MemoryQueries.groups(groups(organizationId).stream(), g -> userIdsInGroup(organizationId,
                    g.group().directoryId(), g.group().id()).stream()
                    .map(id -> d.users.get(k(organizationId, g.group().directoryId(), id)))
                    .filter(u -> u != null && !u.deleted()).count(), q);
        }

        @Override
        public dev.dirsync.core.read.Page<MirrorUser> members(String organizationId, String directoryId,
                                                               String groupId, int offset, int limit) {
            List<MirrorUser> all = userIdsInGroup(organizationId, directoryId, groupId).stream()
                    .map(id -> d.users.get(k(organizationId, directoryId, id)))
                    .filter(u -> u != null && !u.deleted()).toList();
            return new dev.dirsync.core.read.Page<>(all.stream().skip(offset).limit(limit).toList(), all.size(),
                    offset, limit);
        }

        @Override
        public dev.dirsync.core.read.DirectoryCounts counts(String organizationId) {
            long memberships = withPrefix(d.memberships, organizationId + "\u0000").stream()
                    .filter(MirrorMembership::present).count();
            return MemoryQueries.counts(users(organizationId), groups(organizationId), projections.list(organizationId),
                    memberships);
        }

        @Override
        public List<DirectoryConnection> allConnections() {
            return new ArrayList<>(d.connections.values());
        }

        // organizations
        @Override
        public boolean insert(Organization o) {
            if (d.organizations.containsKey(o.id())) {
                return false;
            }
            uniqueWorkosOrganization(o);
            return d.putIfAbsent(d.organizations, o.id(), o);
        }

        /** What a database's unique index on the WorkOS organization id does. */
        private void uniqueWorkosOrganization(Organization o) {
            if (o.workosOrganizationId() != null) {
                findByWorkosOrganizationId(o.workosOrganizationId()).filter(other -> !other.id().equals(o.id()))
                        .ifPresent(other -> {
                            throw new IllegalStateException("unique constraint: WorkOS organization "
                                    + o.workosOrganizationId() + " is linked to organization " + other.id());
                        });
            }
        }

        @Override
        public Optional<Organization> find(String id) {
            return Optional.ofNullable(d.organizations.get(id));
        }

        @Override
        public Optional<Organization> lock(String id) {
            return find(id); // transactions are serialized already
        }

        @Override
        public Optional<Organization> findByWorkosOrganizationId(String workosId) {
            return d.organizations.values().stream().filter(o -> workosId.equals(o.workosOrganizationId())).findFirst();
        }

        @Override
        public void update(Organization o) {
            if (!d.organizations.containsKey(o.id())) {
                throw new IllegalStateException("no organization " + o.id() + " to update");
            }
            uniqueWorkosOrganization(o);
            d.put(d.organizations, o.id(), o);
        }

        @Override
        public List<Organization> list() {
            return new ArrayList<>(d.organizations.values());
        }

        // mirror
        @Override
        public Optional<MirrorUser> findUser(DirectoryUserKey key) {
            return Optional.ofNullable(d.users.get(userKey(key)));
        }

        @Override
        public void putUser(MirrorUser u) {
            d.put(d.users, userKey(u.key()), u);
        }

        @Override
        public Optional<MirrorUser> findUserByUserName(String organizationId, String directoryId, String userName) {
            String wanted = userName.toLowerCase(Locale.ROOT);
            return withPrefix(d.users, k(organizationId, directoryId) + "\u0000").stream()
                    .filter(u -> !u.deleted() && u.user().normalizedUserName().equals(wanted)).findFirst();
        }

        @Override
        public Optional<MirrorUser> findUserByIdpId(String organizationId, String directoryId, String idpId) {
            return withPrefix(d.users, k(organizationId, directoryId) + "\u0000").stream()
                    .filter(u -> !u.deleted() && idpId.equals(u.user().idpId())).findFirst();
        }

        @Override
        public List<MirrorUser> users(String organizationId) {
            return withPrefix(d.users, organizationId + "\u0000");
        }

        @Override
        public Optional<MirrorGroup> findGroup(String organizationId, String directoryId, String groupId) {
            return Optional.ofNullable(d.groups.get(k(organizationId, directoryId, groupId)));
        }

        @Override
        public void putGroup(MirrorGroup g) {
            d.put(d.groups, k(g.organizationId(), g.group().directoryId(), g.group().id()), g);
        }

        @Override
        public List<MirrorGroup> findGroupsByDisplayName(String organizationId, String directoryId,
                                                         String displayName) {
            return withPrefix(d.groups, k(organizationId, directoryId) + "\u0000").stream()
                    .filter(g -> !g.deleted() && g.group().displayName().toLowerCase(java.util.Locale.ROOT)
                            .equals(displayName.toLowerCase(java.util.Locale.ROOT))).toList();
        }

        @Override
        public List<MirrorGroup> groups(String organizationId) {
            return withPrefix(d.groups, organizationId + "\u0000");
        }

        @Override
        public Optional<MirrorMembership> findMembership(String organizationId, String directoryId, String groupId,
                                                         String userId) {
            return Optional.ofNullable(d.memberships.get(k(organizationId, directoryId, groupId, userId)));
        }

        @Override
        public void putMembership(MirrorMembership m) {
            d.put(d.memberships, k(m.organizationId(), m.directoryId(), m.groupId(), m.userId()), m);
            d.put(d.membershipsByUser, k(m.organizationId(), m.directoryId(), m.userId(), m.groupId()), m);
        }

        @Override
        public List<String> groupIdsOfUser(DirectoryUserKey key) {
            return withPrefix(d.membershipsByUser, userKey(key) + "\u0000").stream()
                    .filter(MirrorMembership::present).map(MirrorMembership::groupId).sorted().toList();
        }

        @Override
        public List<String> liveGroupIdsOfUser(DirectoryUserKey key) {
            return groupIdsOfUser(key).stream().filter(g -> {
                MirrorGroup mg = d.groups.get(k(key.organizationId(), key.directoryId(), g));
                return mg == null || !mg.deleted();
            }).toList();
        }

        @Override
        public List<String> userIdsInGroup(String organizationId, String directoryId, String groupId) {
            return withPrefix(d.memberships, k(organizationId, directoryId, groupId) + "\u0000").stream()
                    .filter(MirrorMembership::present).map(MirrorMembership::userId).sorted().toList();
        }

        // ledger
        @Override
        public boolean record(String organizationId, String eventId, Instant at) {
            return d.putIfAbsent(d.ledger, k(organizationId, eventId), at);
        }

        @Override
        public boolean contains(String organizationId, String eventId) {
            return d.ledger.containsKey(k(organizationId, eventId));
        }

        @Override
        public int prune(Instant before, int limit) {
            List<String> old = d.ledger.entrySet().stream().filter(e -> e.getValue().isBefore(before))
                    .sorted(java.util.Map.Entry.comparingByValue()).limit(limit).map(java.util.Map.Entry::getKey)
                    .toList();
            old.forEach(key -> d.remove(d.ledger, key));
            return old.size();
        }

        // audit
        @Override
        public void append(AuditEntry e) {
            d.append(e);
        }

        @Override
        public AuditPage query(AuditQuery q) {
            List<AuditEntry> matching = d.audit.stream().filter(q::matches)
                    .sorted(Comparator.comparing(AuditEntry::at).thenComparing(AuditEntry::id).reversed())
                    .toList();
            List<AuditEntry> page = matching.stream().skip(q.offset()).limit(q.limit()).toList();
            return new AuditPage(page, q.countTotal() ? matching.size() : -1, q.offset(), q.limit());
        }

        // checkpoints
        @Override
        public Optional<String> get(String name) {
            return Optional.ofNullable(d.checkpoints.get(name));
        }

        @Override
        public void put(String name, String value) {
            d.put(d.checkpoints, name, value);
        }

        @Override
        public void remove(String name) {
            d.remove(d.checkpoints, name);
        }
    }

    private static final class Inbox implements dev.dirsync.core.state.InboxStore {
        private final Data d;

        Inbox(Data d) {
            this.d = d;
        }

        @Override
        public boolean add(dev.dirsync.core.state.InboxEntry entry) {
            return d.putIfAbsent(d.inbox, entry.eventId(), Map.entry(++d.inboxPosition, entry));
        }

        private java.util.stream.Stream<dev.dirsync.core.state.InboxEntry> ordered() {
            return d.inbox.values().stream().sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue);
        }

        @Override
        public List<dev.dirsync.core.state.InboxEntry> due(String organizationId, Instant now, int limit) {
            return ordered().filter(e -> e.organizationId().equals(organizationId) && !e.parked()
                    && !e.nextAttemptAt().isAfter(now)).limit(limit).toList();
        }

        @Override
        public void remove(java.util.Collection<String> eventIds) {
            eventIds.forEach(id -> d.remove(d.inbox, id));
        }

        private void replace(String eventId, java.util.function.UnaryOperator<dev.dirsync.core.state.InboxEntry> f) {
            Map.Entry<Long, dev.dirsync.core.state.InboxEntry> old = d.inbox.get(eventId);
            if (old != null) {
                d.put(d.inbox, eventId, Map.entry(old.getKey(), f.apply(old.getValue())));
            }
        }

        @Override
        public void retryLater(String eventId, int attempts, Instant nextAttemptAt, String error) {
            replace(eventId, e -> new dev.dirsync.core.state.InboxEntry(e.eventId(), e.organizationId(), e.payload(),
                    e.receivedAt(), attempts, nextAttemptAt, error, null));
        }

        @Override
        public void park(String eventId, int attempts, Instant at, String error) {
            replace(eventId, e -> new dev.dirsync.core.state.InboxEntry(e.eventId(), e.organizationId(), e.payload(),
                    e.receivedAt(), attempts, e.nextAttemptAt(), error, at));
        }

        @Override
        public int unpark(String organizationId, Instant now) {
            List<String> ids = d.inbox.values().stream().map(Map.Entry::getValue)
                    .filter(e -> e.organizationId().equals(organizationId) && e.parked())
                    .map(dev.dirsync.core.state.InboxEntry::eventId).toList();
            ids.forEach(id -> replace(id, e -> new dev.dirsync.core.state.InboxEntry(e.eventId(), e.organizationId(),
                    e.payload(), e.receivedAt(), 0, now, e.lastError(), null)));
            return ids.size();
        }

        @Override
        public List<String> organizationsDue(Instant now, int limit) {
            return ordered().filter(e -> !e.parked() && !e.nextAttemptAt().isAfter(now))
                    .map(dev.dirsync.core.state.InboxEntry::organizationId).distinct().limit(limit).toList();
        }

        @Override
        public List<dev.dirsync.core.state.InboxDepth> depths() {
            Map<String, List<dev.dirsync.core.state.InboxEntry>> byOrg = ordered().collect(
                    java.util.stream.Collectors.groupingBy(dev.dirsync.core.state.InboxEntry::organizationId,
                            TreeMap::new, java.util.stream.Collectors.toList()));
            return byOrg.entrySet().stream().map(x -> new dev.dirsync.core.state.InboxDepth(x.getKey(),
                    x.getValue().stream().filter(e -> !e.parked()).count(),
                    x.getValue().stream().filter(dev.dirsync.core.state.InboxEntry::parked).count(),
                    x.getValue().stream().map(dev.dirsync.core.state.InboxEntry::receivedAt)
                            .min(java.util.Comparator.naturalOrder()).orElse(null))).toList();
        }

        @Override
        public List<dev.dirsync.core.state.InboxEntry> parked(String organizationId, int limit) {
            return ordered().filter(e -> e.organizationId().equals(organizationId) && e.parked()).limit(limit)
                    .toList();
        }
    }

    private static final class Jobs implements dev.dirsync.core.state.JobStore {
        private final Data d;

        Jobs(Data d) {
            this.d = d;
        }

        @Override
        public void insert(dev.dirsync.core.job.Job job) {
            if (!d.putIfAbsent(d.jobs, job.id(), job)) {
                throw new IllegalStateException("job " + job.id() + " exists");
            }
        }

        @Override
        public Optional<dev.dirsync.core.job.Job> find(String id) {
            return Optional.ofNullable(d.jobs.get(id));
        }

        @Override
        public void update(dev.dirsync.core.job.Job job) {
            if (!d.jobs.containsKey(job.id())) {
                throw new IllegalStateException("no job " + job.id());
            }
            d.put(d.jobs, job.id(), job);
        }

        @Override
        public List<dev.dirsync.core.job.Job> list(String organizationId, int limit) {
            return d.jobs.values().stream().filter(j -> j.organizationId().equals(organizationId))
                    .sorted(java.util.Comparator.comparing(dev.dirsync.core.job.Job::createdAt)
                            .thenComparing(dev.dirsync.core.job.Job::id).reversed())
                    .limit(limit).toList();
        }

        @Override
        public List<dev.dirsync.core.job.Job> unfinished() {
            return d.jobs.values().stream().filter(j -> !j.finished())
                    .sorted(java.util.Comparator.comparing(dev.dirsync.core.job.Job::createdAt)
                            .thenComparing(dev.dirsync.core.job.Job::id)).toList();
        }
    }

    private static final class Connections implements ConnectionStore {
        private final Data d;

        Connections(Data d) {
            this.d = d;
        }

        // connections
        @Override
        public Optional<DirectoryConnection> find(String organizationId, String directoryId) {
            return Optional.ofNullable(d.connections.get(k(organizationId, directoryId)));
        }

        @Override
        public void put(DirectoryConnection c) {
            if (c.kind() == DirectoryConnection.Kind.WORKOS) {
                // what a database's unique index on the WorkOS directory id does
                findWorkosDirectory(c.directoryId()).filter(other -> !other.organizationId().equals(c.organizationId()))
                        .ifPresent(other -> {
                            throw new IllegalStateException("unique constraint: WorkOS directory " + c.directoryId()
                                    + " is connected to organization " + other.organizationId());
                        });
            }
            d.put(d.connections, k(c.organizationId(), c.directoryId()), c);
        }

        @Override
        public Optional<DirectoryConnection> findWorkosDirectory(String directoryId) {
            return d.connections.values().stream()
                    .filter(c -> c.kind() == DirectoryConnection.Kind.WORKOS && c.directoryId().equals(directoryId))
                    .findFirst();
        }

        @Override
        public List<DirectoryConnection> list(String organizationId) {
            return withPrefix(d.connections, organizationId + "\u0000");
        }

    }

    private static final class Projections implements ProjectionStore {
        private final Data d;

        Projections(Data d) {
            this.d = d;
        }

        // projections
        @Override
        public Optional<AppliedProjection> find(DirectoryUserKey key) {
            return Optional.ofNullable(d.projections.get(userKey(key)));
        }

        @Override
        public void put(AppliedProjection a) {
            d.put(d.projections, userKey(a.key()), a);
        }

        @Override
        public List<AppliedProjection> list(String organizationId) {
            return withPrefix(d.projections, organizationId + "\u0000");
        }

        @Override
        public List<AppliedProjection> listBlocked(String organizationId) {
            return list(organizationId).stream().filter(a -> a.blocked() != null).toList();
        }

        @Override
        public List<AppliedProjection> purgeDue(Instant now) {
            return d.projections.values().stream()
                    .filter(a -> !a.purged() && a.purgeAt() != null && !a.purgeAt().isAfter(now)).toList();
        }

    }

    private static final class History implements dev.dirsync.core.state.AccessHistory {
        private final Data d;

        History(Data d) {
            this.d = d;
        }

        private static String person(DirectoryUserKey key) {
            return userKey(key) + "\u0000";
        }

        private static String key(dev.dirsync.core.state.AccessInterval i) {
            // fixed width, so the string order is the time order
            return person(i.key()) + String.format(Locale.ROOT, "%019d%09d", i.from().getEpochSecond(), i.from().getNano());
        }

        @Override
        public Optional<dev.dirsync.core.state.AccessInterval> current(DirectoryUserKey key) {
            java.util.Map.Entry<String, dev.dirsync.core.state.AccessInterval> last =
                    d.access.floorEntry(person(key) + "\uffff");
            return last == null || !last.getKey().startsWith(person(key)) || last.getValue().to() != null
                    ? Optional.empty() : Optional.of(last.getValue());
        }

        @Override
        public void begin(dev.dirsync.core.state.@org.jspecify.annotations.Nullable AccessInterval open,
                          dev.dirsync.core.state.AccessInterval next) {
            if (next.to() != null) {
                throw new IllegalArgumentException("a new access interval is open: its end must be null");
            }
            if (open != null) {
                end(open, next.from());
            }
            d.put(d.access, key(next), next);
        }

        @Override
        public void end(dev.dirsync.core.state.AccessInterval open, Instant at) {
            if (open.from().equals(at)) {
                d.remove(d.access, key(open));
            } else {
                d.put(d.access, key(open), open.endingAt(at));
            }
        }

        @Override
        public List<dev.dirsync.core.state.AccessInterval> asOf(String organizationId, Instant at,
                @org.jspecify.annotations.Nullable String role, @org.jspecify.annotations.Nullable String workspace,
                @org.jspecify.annotations.Nullable DirectoryUserKey after, int limit) {
            String from = after == null ? organizationId + "\u0000" : person(after) + "\uffff";
            List<dev.dirsync.core.state.AccessInterval> out = new ArrayList<>();
            for (dev.dirsync.core.state.AccessInterval i
                    : d.access.subMap(from, true, organizationId + "\u0000\uffff", false).values()) {
                if (out.size() >= limit) {
                    break;
                }
                if (i.covers(at) && (role == null || role.equals(i.role()))
                        && (workspace == null || i.workspaces().contains(workspace))) {
                    out.add(i);
                }
            }
            return out;
        }

        @Override
        public List<dev.dirsync.core.state.AccessInterval> of(DirectoryUserKey key) {
            return withPrefix(d.access, person(key));
        }
    }

    private static final class Previews implements PreviewStore {
        private final Data d;

        Previews(Data d) {
            this.d = d;
        }

        // previews
        @Override
        public void put(PreviewEntry e) {
            d.put(d.previews, userKey(e.key()), e);
        }

        @Override
        public void remove(DirectoryUserKey key) {
            d.remove(d.previews, userKey(key));
        }

        @Override
        public List<PreviewEntry> list(String organizationId) {
            return withPrefix(d.previews, organizationId + "\u0000");
        }

        @Override
        public void clear(String organizationId) {
            for (String key : new ArrayList<>(d.previews.subMap(organizationId + "\u0000",
                    organizationId + "\u0000\uffff").keySet())) {
                d.remove(d.previews, key);
            }
        }

    }

    private static final class Credentials implements ScimCredentialStore {
        private final Data d;

        Credentials(Data d) {
            this.d = d;
        }

        @Override
        public void insert(ScimCredential c) {
            if (findByTokenHash(c.tokenHash()).isPresent()) {
                throw new IllegalStateException("a SCIM credential with this token hash exists");
            }
            if (!d.putIfAbsent(d.credentials, c.id(), c)) {
                throw new IllegalStateException("SCIM credential " + c.id() + " exists");
            }
        }

        @Override
        public Optional<ScimCredential> findByTokenHash(String tokenHash) {
            return d.credentials.values().stream().filter(c -> c.tokenHash().equals(tokenHash)).findFirst();
        }

        @Override
        public List<ScimCredential> list(String organizationId) {
            return d.credentials.values().stream().filter(c -> c.organizationId().equals(organizationId))
                    .sorted(Comparator.comparing(ScimCredential::createdAt).thenComparing(ScimCredential::id)).toList();
        }

        @Override
        public boolean revoke(String organizationId, String credentialId, Instant at) {
            ScimCredential c = d.credentials.get(credentialId);
            if (c == null || !c.organizationId().equals(organizationId) || !c.active()) {
                return false;
            }
            d.put(d.credentials, c.id(), new ScimCredential(c.id(), c.organizationId(), c.directoryId(), c.provider(),
                    c.tokenHash(), c.suffix(), c.createdAt(), c.lastUsedAt(), at));
            return true;
        }

        @Override
        public void touch(String credentialId, Instant at) {
            ScimCredential c = d.credentials.get(credentialId);
            if (c != null) {
                d.put(d.credentials, c.id(), new ScimCredential(c.id(), c.organizationId(), c.directoryId(),
                        c.provider(), c.tokenHash(), c.suffix(), c.createdAt(), at, c.revokedAt()));
            }
        }
    }

    private static final class Drifts implements dev.dirsync.core.state.DriftStore {
        private final Data d;

        Drifts(Data d) {
            this.d = d;
        }

        private static String key(dev.dirsync.core.state.Drift x) {
            return k(userKey(x.key()), x.field().code());
        }

        @Override
        public List<dev.dirsync.core.state.Drift> find(String organizationId,
                                                       java.util.Collection<DirectoryUserKey> keys) {
            java.util.TreeSet<String> sorted = new java.util.TreeSet<>();
            keys.stream().filter(x -> x.organizationId().equals(organizationId)).forEach(x -> sorted.add(userKey(x)));
            List<dev.dirsync.core.state.Drift> out = new ArrayList<>();
            for (String person : sorted) {
                out.addAll(withPrefix(d.drift, person + "\u0000"));
            }
            return out;
        }

        @Override
        public void put(dev.dirsync.core.state.Drift x) {
            d.put(d.drift, key(x), x);
        }

        @Override
        public List<dev.dirsync.core.state.Drift> list(String organizationId, boolean includeResolved,
                                                       @org.jspecify.annotations.Nullable DirectoryUserKey after,
                                                       int limit) {
            String from = after == null ? organizationId + "\u0000" : userKey(after) + "\u0000\uffff";
            return d.drift.subMap(from, true, organizationId + "\u0000\uffff", false).values().stream()
                    .filter(x -> includeResolved || x.open()).limit(limit).toList();
        }

        @Override
        public long countOpen(String organizationId) {
            return withPrefix(d.drift, organizationId + "\u0000").stream().filter(dev.dirsync.core.state.Drift::open)
                    .count();
        }
    }
}
