package dev.dirsync.core.model;

/**
 * What the drift check does when the host's actual state differs from what dirsync last applied (a role raised by
 * hand inside the app, a workspace added by a script).
 */
public enum DriftPolicy {
    /** Record the difference and tell the admins; an admin restores it from the directory. The default. */
    REPORT,
    /** Restore the directory's value through the normal pipeline (audited as {@code drift_corrected}). */
    CORRECT
}
