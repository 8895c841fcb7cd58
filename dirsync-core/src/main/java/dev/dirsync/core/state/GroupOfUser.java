package dev.dirsync.core.state;

/**
 * A live group one directory user is currently in, with the group's name: what a SCIM user's read-only
 * {@code groups} lists, read for a whole page of users at once ({@link MirrorStore#liveGroupsOfUsers}).
 */
public record GroupOfUser(String userId, String groupId, String groupDisplayName) {
}
