package dev.dirsync.core.model;

/** What to do with a change that would leave an organization with no active admin. */
public enum SoleAdminPolicy {
    /** Refuse the change; the user stays admin and the organization's admins are notified. The default. */
    BLOCK,
    /** Promote the earliest-tenured remaining active member to admin, then proceed. */
    AUTO_PROMOTE
}
