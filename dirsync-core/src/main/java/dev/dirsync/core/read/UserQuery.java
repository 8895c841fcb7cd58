package dev.dirsync.core.read;

import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.model.UserStatus;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A search of one organization's directory users; every filter is optional and they combine with AND.
 * Stores answer it with indexes, never by loading the organization.
 *
 * @param directoryId only users of this directory
 * @param text case-insensitive substring of the primary email, userName or display name
 * @param userName exact userName, ignoring case
 * @param idpId exact IdP id (SCIM externalId, WorkOS idp_id)
 * @param groupId only present members of this group (of {@code directoryId} when given)
 * @param appliedStatus only users whose applied projection has this status
 * @param projected true: only users with an applied projection; false: only users without one
 * @param includeDeleted include tombstones of users deleted in the directory
 * @param after keyset paging with {@link Sort#ID}: users strictly after this key (offset must then be 0)
 * @param terms conditions on stored attributes ({@link UserTerm}), all of which must hold
 */
public record UserQuery(@Nullable String directoryId, @Nullable String text, @Nullable String userName,
                        @Nullable String idpId, @Nullable String groupId, @Nullable UserStatus appliedStatus,
                        @Nullable Boolean projected, boolean includeDeleted, Sort sort, boolean descending,
                        @Nullable DirectoryUserKey after, int offset, int limit, List<UserTerm> terms) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;

    /** Orderings; ties are broken by (directory id, user id). */
    public enum Sort {
        /** (directory id, user id): stable, and the only one that supports keyset paging. */
        ID,
        /** primary email, lower case */
        EMAIL,
        /** display name, lower case */
        NAME
    }

    public UserQuery {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, was " + offset);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        if (after != null && (sort != Sort.ID || descending || offset != 0)) {
            throw new IllegalArgumentException("keyset paging (after) needs sort ID ascending and offset 0");
        }
        terms = List.copyOf(terms);
        text = text == null || text.isBlank() ? null : text.trim().toLowerCase(Locale.ROOT);
    }

    /** Live users of every directory, by id, first page. */
    public static UserQuery all() {
        return new UserQuery(null, null, null, null, null, null, null, false, Sort.ID, false, null, 0, DEFAULT_LIMIT, List.of());
    }

    public UserQuery inDirectory(@Nullable String v) {
        return new UserQuery(v, text, userName, idpId, groupId, appliedStatus, projected, includeDeleted, sort, descending, after, offset, limit, terms);
    }

    public UserQuery matching(@Nullable String v) {
        return new UserQuery(directoryId, v, userName, idpId, groupId, appliedStatus, projected, includeDeleted, sort, descending, after, offset, limit, terms);
    }

    public UserQuery withUserName(@Nullable String v) {
        return new UserQuery(directoryId, text, v, idpId, groupId, appliedStatus, projected, includeDeleted, sort, descending, after, offset, limit, terms);
    }

    public UserQuery withIdpId(@Nullable String v) {
        return new UserQuery(directoryId, text, userName, v, groupId, appliedStatus, projected, includeDeleted, sort, descending, after, offset, limit, terms);
    }

    public UserQuery inGroup(@Nullable String v) {
        return new UserQuery(directoryId, text, userName, idpId, v, appliedStatus, projected, includeDeleted, sort, descending, after, offset, limit, terms);
    }

    public UserQuery withAppliedStatus(@Nullable UserStatus v) {
        return new UserQuery(directoryId, text, userName, idpId, groupId, v, projected, includeDeleted, sort, descending, after, offset, limit, terms);
    }

    public UserQuery withProjected(@Nullable Boolean v) {
        return new UserQuery(directoryId, text, userName, idpId, groupId, appliedStatus, v, includeDeleted, sort, descending, after, offset, limit, terms);
    }

    public UserQuery includingDeleted(boolean v) {
        return new UserQuery(directoryId, text, userName, idpId, groupId, appliedStatus, projected, v, sort, descending, after, offset, limit, terms);
    }

    public UserQuery sortedBy(Sort s, boolean desc) {
        return new UserQuery(directoryId, text, userName, idpId, groupId, appliedStatus, projected, includeDeleted, s, desc, after, offset, limit, terms);
    }

    public UserQuery after(@Nullable DirectoryUserKey k) {
        return new UserQuery(directoryId, text, userName, idpId, groupId, appliedStatus, projected, includeDeleted, sort, descending, k, offset, limit, terms);
    }

    public UserQuery page(int newOffset, int newLimit) {
        return new UserQuery(directoryId, text, userName, idpId, groupId, appliedStatus, projected, includeDeleted, sort, descending, after, newOffset, newLimit, terms);
    }

    /** This query with one more condition. */
    public UserQuery where(UserTerm term) {
        List<UserTerm> more = new ArrayList<>(terms);
        more.add(term);
        return new UserQuery(directoryId, text, userName, idpId, groupId, appliedStatus, projected, includeDeleted, sort, descending, after, offset, limit, more);
    }

    /** This query with these conditions instead of its own. */
    public UserQuery withTerms(List<UserTerm> v) {
        return new UserQuery(directoryId, text, userName, idpId, groupId, appliedStatus, projected, includeDeleted, sort, descending, after, offset, limit, v);
    }
}
