package dev.dirsync.core.state;

import dev.dirsync.core.read.DirectoryCounts;
import dev.dirsync.core.read.GroupQuery;
import dev.dirsync.core.read.GroupView;
import dev.dirsync.core.read.Page;
import dev.dirsync.core.read.UserQuery;
import dev.dirsync.core.read.UserView;

import java.util.List;

/**
 * The read model's queries, answered by the store with indexes (SQL on JDBI), paged and filtered there:
 * never by loading an organization into memory. Contract: {@code dev.dirsync.core.testkit.DirectoryQueriesContract}.
 */
public interface DirectoryQueries {

    /**
     * Users matching the query, sorted and paged as it says, each with its applied projection. With keyset paging
     * ({@code after}) the total counts the matches after the key, so {@link Page#hasMore()} holds.
     */
    Page<UserView> users(String organizationId, UserQuery query);

    /** Groups matching the query with their member counts (as {@link #members} would total them). */
    Page<GroupView> groups(String organizationId, GroupQuery query);

    /** Present members of one group, users in user id order (tombstoned users excluded). */
    Page<MirrorUser> members(String organizationId, String directoryId, String groupId, int offset, int limit);

    DirectoryCounts counts(String organizationId);

    /** Every connection of every organization, for health across all of them in one query. */
    List<DirectoryConnection> allConnections();
}
