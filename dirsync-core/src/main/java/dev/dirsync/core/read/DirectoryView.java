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

    /** Live groups of a directory with this display name, compared ignoring case; by group id. */
    List<MirrorGroup> groupsNamed(String directoryId, String displayName);

    /** Newest first; keyset paging with {@link AuditQuery#after}. */
    AuditPage audit(AuditQuery query);

    DirectoryCounts counts();

    SyncHealth health();

    List<DirectoryConnection> connections();

    /** SCIM credentials, hashes and suffixes only, revoked ones included. */
    List<ScimCredential> scimCredentials();

    /** Pending changes while in test mode. */
    List<PreviewEntry> pending();
}
