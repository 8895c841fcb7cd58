package dev.dirsync.core.read;

import dev.dirsync.core.audit.AuditPage;
import dev.dirsync.core.audit.AuditQuery;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.Organization;
import dev.dirsync.core.state.DirectoryConnection;
import dev.dirsync.core.state.MirrorGroup;
import dev.dirsync.core.state.MirrorUser;
import dev.dirsync.core.state.PreviewEntry;
import dev.dirsync.core.state.ScimCredential;

import java.util.List;
import java.util.Optional;

/**
 * Read-only view of one organization: its mirror with what was applied, groups, audit, counts and health.
 * Every query pages and filters in the state store; none loads the organization into memory. Each call is its
 * own short read transaction; the view holds no state and may be kept or discarded freely.
 */
public interface DirectoryView {

    String organizationId();

    /** The organization as stored now (settings included). */
    Organization organization();

    Page<UserView> users(UserQuery query);

    Optional<UserView> user(DirectoryUserKey key);

    /** Live users of a directory in id order, a page at a time, without offsets (keyset paging). */
    Page<UserView> usersAfter(String directoryId, DirectoryUserKey after, int limit);

    Page<GroupView> groups(GroupQuery query);

    Optional<GroupView> group(String directoryId, String groupId);

    /**
     * The group as stored (tombstone included) without counting its members: reads no membership row, so it costs
     * the same for a group of 50,000 members as for an empty one.
     */
    Optional<MirrorGroup> groupOnly(String directoryId, String groupId);

    /** Present members of a group, in user id order. */
    Page<MirrorUser> members(String directoryId, String groupId, int offset, int limit);

    /** Ids of every present member of a group, sorted. */
    List<String> memberIds(String directoryId, String groupId);

    /** Ids of the groups a user is currently in, sorted. */
    List<String> groupIdsOf(DirectoryUserKey key);

    /**
     * The live groups these users of a directory are in, with their names, by user id then group id: one read for a
     * page of users.
     */
    List<dev.dirsync.core.state.GroupOfUser> groupsOf(String directoryId, java.util.Collection<String> userIds);

    /** Live groups of a directory with this display name, compared ignoring case; by group id. */
    List<MirrorGroup> groupsNamed(String directoryId, String displayName);

    /**
     * Every person's role, workspaces and status as dirsync had applied them at {@code query.at()}, with the audit
     * entries that produced them; keyset paging. Answered from the access history, which starts when it was
     * introduced (schema upgrade): earlier instants show what was applied then only for people changed since.
     */
    AccessPage accessAt(AccessQuery query);

    /** One person's access history (what dirsync applied, interval by interval), oldest first. */
    List<dev.dirsync.core.state.AccessInterval> accessHistory(DirectoryUserKey key);

    /** Newest first; keyset paging with {@link AuditQuery#after}. */
    AuditPage audit(AuditQuery query);

    DirectoryCounts counts();

    SyncHealth health();

    List<DirectoryConnection> connections();

    /** SCIM credentials, hashes and suffixes only, revoked ones included. */
    List<ScimCredential> scimCredentials();

    /** Pending changes while in test mode. */
    List<PreviewEntry> pending();

    /**
     * Differences the drift check found between the app and the directory, by person then field: open ones only
     * unless {@code includeResolved}; people strictly after {@code after}, at most {@code limit} records.
     */
    List<dev.dirsync.core.state.Drift> drift(boolean includeResolved, @org.jspecify.annotations.Nullable
            DirectoryUserKey after, int limit);

    /** How many differences between the app and the directory are open. */
    long openDrift();
}
