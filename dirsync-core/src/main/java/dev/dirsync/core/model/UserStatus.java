package dev.dirsync.core.model;

/** Access state of a host user as dirsync projects it. */
public enum UserStatus {
    ACTIVE,
    /** May sign in but not change anything (the READ_ONLY deactivation policy). */
    READ_ONLY,
    DEACTIVATED
}
