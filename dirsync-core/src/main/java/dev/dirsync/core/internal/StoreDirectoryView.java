package dev.dirsync.core.internal;

import dev.dirsync.core.audit.AuditAction;
import dev.dirsync.core.audit.AuditPage;
import dev.dirsync.core.audit.AuditQuery;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.Organization;
import dev.dirsync.core.read.DirectoryCounts;
import dev.dirsync.core.read.DirectoryView;
import dev.dirsync.core.read.GroupQuery;
import dev.dirsync.core.read.GroupView;
import dev.dirsync.core.read.Page;
import dev.dirsync.core.read.SyncHealth;
import dev.dirsync.core.read.UserQuery;
import dev.dirsync.core.read.UserView;
import dev.dirsync.core.state.DirectoryConnection;
import dev.dirsync.core.state.MirrorGroup;
import dev.dirsync.core.state.MirrorUser;
import dev.dirsync.core.state.PreviewEntry;
import dev.dirsync.core.state.ScimCredential;
import dev.dirsync.core.state.StateStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link DirectoryView} over the state store: each call one short read transaction. Internal. */
public final class StoreDirectoryView implements DirectoryView {
    private final StateStore state;
    private final String organizationId;
    private final Clock clock;
    private final Duration staleAfter;

    public StoreDirectoryView(StateStore state, String organizationId, Clock clock, Duration staleAfter) {
        this.state = state;
        this.organizationId = organizationId;
        this.clock = clock;
        this.staleAfter = staleAfter;
    }

    @Override
    public String organizationId() {
        return organizationId;
    }

    @Override
    public Organization organization() {
        return state.inTransaction(tx -> tx.organizations().find(organizationId))
                .orElseThrow(() -> Engine.unknownOrganization(organizationId));
    }

    @Override
    public Page<UserView> users(UserQuery query) {
        return state.inTransaction(tx -> tx.queries().users(organizationId, query));
    }

    @Override
    public Optional<UserView> user(DirectoryUserKey key) {
        if (!key.organizationId().equals(organizationId)) {
            return Optional.empty();
        }
        return state.inTransaction(tx -> tx.mirror().findUser(key)
                .map(u -> new UserView(u, tx.projections().find(key).orElse(null))));
    }

    @Override
    public Page<UserView> usersAfter(String directoryId, DirectoryUserKey after, int limit) {
        return users(UserQuery.all().inDirectory(directoryId).after(after).page(0, limit));
    }

    @Override
    public dev.dirsync.core.read.AccessPage accessAt(dev.dirsync.core.read.AccessQuery q) {
        // one more than a page tells whether another page follows without counting
        List<dev.dirsync.core.state.AccessInterval> rows = state.inTransaction(tx -> tx.accessHistory()
                .asOf(organizationId, q.at(), q.role(), q.workspace(), q.after(), q.limit() + 1));
        if (rows.size() <= q.limit()) {
            return new dev.dirsync.core.read.AccessPage(rows, null);
        }
        List<dev.dirsync.core.state.AccessInterval> page = rows.subList(0, q.limit());
        return new dev.dirsync.core.read.AccessPage(page, page.get(page.size() - 1).key());
    }

    @Override
    public List<dev.dirsync.core.state.AccessInterval> accessHistory(DirectoryUserKey key) {
        if (!key.organizationId().equals(organizationId)) {
            return List.of();
        }
        return state.inTransaction(tx -> tx.accessHistory().of(key));
    }

    @Override
    public Page<GroupView> groups(GroupQuery query) {
        return state.inTransaction(tx -> tx.queries().groups(organizationId, query));
    }

    @Override
    public Optional<GroupView> group(String directoryId, String groupId) {
        return state.inTransaction(tx -> tx.mirror().findGroup(organizationId, directoryId, groupId)
                .map(g -> new GroupView(g, tx.queries().members(organizationId, directoryId, groupId, 0, 1).total())));
    }

    @Override
    public Optional<MirrorGroup> groupOnly(String directoryId, String groupId) {
        return state.inTransaction(tx -> tx.mirror().findGroup(organizationId, directoryId, groupId));
    }

    @Override
    public Page<MirrorUser> members(String directoryId, String groupId, int offset, int limit) {
        return state.inTransaction(tx -> tx.queries().members(organizationId, directoryId, groupId, offset, limit));
    }

    @Override
    public List<String> memberIds(String directoryId, String groupId) {
        return state.inTransaction(tx -> tx.mirror().userIdsInGroup(organizationId, directoryId, groupId));
    }

    @Override
    public List<String> groupIdsOf(DirectoryUserKey key) {
        return state.inTransaction(tx -> tx.mirror().groupIdsOfUser(key));
    }

    @Override
    public List<dev.dirsync.core.state.GroupOfUser> groupsOf(String directoryId, java.util.Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return List.of();
        }
        return state.inTransaction(tx -> tx.mirror().liveGroupsOfUsers(organizationId, directoryId, userIds));
    }

    @Override
    public List<MirrorGroup> groupsNamed(String directoryId, String displayName) {
        return state.inTransaction(tx -> tx.mirror().findGroupsByDisplayName(organizationId, directoryId, displayName));
    }

    @Override
    public AuditPage audit(AuditQuery query) {
        if (!query.organizationId().equals(organizationId)) {
            throw new IllegalArgumentException("audit query for " + query.organizationId() + " on the view of "
                    + organizationId);
        }
        return state.inTransaction(tx -> tx.audit().query(query));
    }

    @Override
    public DirectoryCounts counts() {
        return state.inTransaction(tx -> tx.queries().counts(organizationId));
    }

    @Override
    public SyncHealth health() {
        Instant now = clock.instant();
        return state.inTransaction(tx -> {
            List<DirectoryConnection> conns = tx.connections().list(organizationId);
            Map<String, String> broken = HealthClassifier.brokenReasons(tx.checkpoints(), organizationId, conns);
            long refusals = 0;
            for (AuditAction a : List.of(AuditAction.DEACTIVATION_BLOCKED, AuditAction.ROLE_CHANGE_BLOCKED)) {
                refusals += tx.audit().query(AuditQuery.of(organizationId).withAction(a)
                        .between(now.minus(Duration.ofHours(24)), null).page(0, 1)).total();
            }
            return HealthClassifier.classify(organizationId, conns, broken, tx.queries().counts(organizationId),
                    refusals, now, staleAfter);
        });
    }

    @Override
    public List<DirectoryConnection> connections() {
        return state.inTransaction(tx -> tx.connections().list(organizationId));
    }

    @Override
    public List<ScimCredential> scimCredentials() {
        return state.inTransaction(tx -> tx.scimCredentials().list(organizationId));
    }

    @Override
    public List<PreviewEntry> pending() {
        return state.inTransaction(tx -> tx.previews().list(organizationId));
    }

    @Override
    public List<dev.dirsync.core.state.Drift> drift(boolean includeResolved,
                                                    @org.jspecify.annotations.Nullable DirectoryUserKey after,
                                                    int limit) {
        if (limit < 1 || limit > dev.dirsync.core.read.UserQuery.MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + dev.dirsync.core.read.UserQuery.MAX_LIMIT
                    + ", was " + limit);
        }
        return state.inTransaction(tx -> tx.drift().list(organizationId, includeResolved, after, limit));
    }

    @Override
    public long openDrift() {
        return state.inTransaction(tx -> tx.drift().countOpen(organizationId));
    }
}
