package dev.dirsync.core.state;

import dev.dirsync.core.model.DirectoryUserKey;

import org.jspecify.annotations.Nullable;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The directory mirror: users, groups and memberships per organization and directory, tombstones included. */
public interface MirrorStore {

    Optional<MirrorUser> findUser(DirectoryUserKey key);

    /**
     * The users with these keys that exist, tombstones included: what a job's batch reads in one lookup instead of
     * one per person. Stores answer from the primary key; the default asks {@link #findUser} for each.
     */
    default Map<DirectoryUserKey, MirrorUser> findUsers(Collection<DirectoryUserKey> keys) {
        Map<DirectoryUserKey, MirrorUser> out = new HashMap<>();
        for (DirectoryUserKey k : keys) {
            findUser(k).ifPresent(u -> out.put(k, u));
        }
        return out;
    }

    /** Inserts or replaces the user keyed by (organization, directory, user id). */
    void putUser(MirrorUser user);

    /**
     * Moves the stored user's source version to {@code version}, nothing else: an event confirmed the stored
     * snapshot unchanged (WorkOS repeats the user with every membership event), and the stale guard must still
     * refuse anything older than that event. A store may write only the version columns; the default replaces
     * the row.
     */
    default void putUserVersion(MirrorUser stored, dev.dirsync.core.model.SourceVersion version) {
        putUser(new MirrorUser(stored.organizationId(), stored.user(), version, stored.deleted()));
    }

    /** Live (not deleted) user of the organization whose userName equals this one, ignoring case. */
    Optional<MirrorUser> findUserByUserName(String organizationId, String directoryId, String userName);

    /** Live user whose IdP id (SCIM externalId, WorkOS idp_id) equals this one. */
    Optional<MirrorUser> findUserByIdpId(String organizationId, String directoryId, String idpId);

    /** Every user of the organization, tombstones included, ordered by directory id then user id. */
    List<MirrorUser> users(String organizationId);

    Optional<MirrorGroup> findGroup(String organizationId, String directoryId, String groupId);

    void putGroup(MirrorGroup group);

    /** Like {@link #putUserVersion}, for a group whose snapshot an event confirmed unchanged. */
    default void putGroupVersion(MirrorGroup stored, dev.dirsync.core.model.SourceVersion version) {
        putGroup(new MirrorGroup(stored.organizationId(), stored.group(), version, stored.deleted()));
    }

    /**
     * Live (not deleted) groups of the directory whose displayName equals this one ignoring case (compared in
     * lower case, {@code Locale.ROOT}), ordered by group id. An index lookup: SCIM answers {@code displayName eq}
     * and checks group-name uniqueness with it, and RFC 7643 §4.2 makes a group's displayName {@code caseExact: false}.
     */
    List<MirrorGroup> findGroupsByDisplayName(String organizationId, String directoryId, String displayName);

    /** Every group of the organization, tombstones included, ordered by directory id then group id. */
    List<MirrorGroup> groups(String organizationId);

    Optional<MirrorMembership> findMembership(String organizationId, String directoryId, String groupId,
                                              String userId);

    void putMembership(MirrorMembership membership);

    /** Ids of groups the user is currently in (present memberships), sorted. */
    List<String> groupIdsOfUser(DirectoryUserKey key);

    /**
     * Ids of groups the user is currently in, deleted groups excluded (a group not mirrored yet counts as live),
     * sorted: what projecting a user needs, in one lookup instead of one per group.
     */
    List<String> liveGroupIdsOfUser(DirectoryUserKey key);

    /**
     * The live groups (not deleted) that these users of one directory are currently in, with the groups' names, by
     * user id then group id: a page of users with their groups in one lookup instead of one (or more) per user.
     */
    default List<GroupOfUser> liveGroupsOfUsers(String organizationId, String directoryId,
                                                java.util.Collection<String> userIds) {
        List<GroupOfUser> out = new java.util.ArrayList<>();
        for (String userId : new java.util.TreeSet<>(userIds)) {
            for (String groupId : groupIdsOfUser(new DirectoryUserKey(organizationId, directoryId, userId))) {
                findGroup(organizationId, directoryId, groupId).filter(g -> !g.deleted())
                        .ifPresent(g -> out.add(new GroupOfUser(userId, groupId, g.group().displayName())));
            }
        }
        return out;
    }

    /**
     * {@link #liveGroupIdsOfUser} of several users in one lookup (a job's batch): every key maps to its sorted live
     * group ids, empty if none. The default asks for each user.
     */
    default Map<DirectoryUserKey, List<String>> liveGroupIdsOfUsers(Collection<DirectoryUserKey> keys) {
        Map<DirectoryUserKey, List<String>> out = new HashMap<>();
        for (DirectoryUserKey k : keys) {
            out.put(k, liveGroupIdsOfUser(k));
        }
        return out;
    }

    /** Ids of users currently in the group (present memberships), sorted. */
    List<String> userIdsInGroup(String organizationId, String directoryId, String groupId);

    /**
     * Keys of the organization's users (tombstones included) after {@code after} in (directory id, user id) order,
     * at most {@code limit}: a job's next batch, by keyset. With {@code directoryId}, only that directory's users;
     * with {@code groupId} too, only the group's present members. Stores answer it from an index.
     */
    default List<DirectoryUserKey> userKeysAfter(String organizationId, @Nullable String directoryId,
                                                 @Nullable String groupId, @Nullable DirectoryUserKey after,
                                                 int limit) {
        return scope(organizationId, directoryId, groupId).stream()
                .filter(k -> after == null || KEY_ORDER.compare(k, after) > 0).limit(limit).toList();
    }

    /** How many users {@link #userKeysAfter} walks in all: a job's total. */
    default long countUsers(String organizationId, @Nullable String directoryId, @Nullable String groupId) {
        return scope(organizationId, directoryId, groupId).size();
    }

    /** The order jobs walk users in: directory id, then user id, as Java compares strings. */
    Comparator<DirectoryUserKey> KEY_ORDER =
            Comparator.comparing(DirectoryUserKey::directoryId).thenComparing(DirectoryUserKey::userId);

    private List<DirectoryUserKey> scope(String organizationId, @Nullable String directoryId,
                                         @Nullable String groupId) {
        if (groupId != null) {
            if (directoryId == null) {
                throw new IllegalArgumentException("a group's members need the group's directory");
            }
            return userIdsInGroup(organizationId, directoryId, groupId).stream()
                    .map(u -> new DirectoryUserKey(organizationId, directoryId, u)).sorted(KEY_ORDER).toList();
        }
        return users(organizationId).stream().map(MirrorUser::key)
                .filter(k -> directoryId == null || k.directoryId().equals(directoryId)).sorted(KEY_ORDER).toList();
    }
}
