package dev.dirsync.core.read;

/**
 * How much of an organization's directories dirsync holds, counted in the store.
 *
 * @param users live (not deleted) directory users
 * @param activeUsers live users the directory marks active
 * @param deletedUsers users deleted in the directory (tombstones)
 * @param groups live directory groups
 * @param projectedUsers directory users with an applied projection (a host user)
 * @param guardedUsers projected users with a change the sole-admin guard currently refuses
 * @param memberships present membership rows, tombstoned users' and groups' included: what a quota on stored
 *        memberships bounds
 */
public record DirectoryCounts(long users, long activeUsers, long deletedUsers, long groups, long projectedUsers,
                              long guardedUsers, long memberships) {
    public static final DirectoryCounts EMPTY = new DirectoryCounts(0, 0, 0, 0, 0, 0, 0);
}
