package dev.dirsync.core.model;

/** How an organization's directory changes reach the host. */
public enum Mode {
    /** Projections are applied to the host as they happen. */
    ACTIVE,
    /** The mirror stays current; projection is held until resumed, then the current state is projected. */
    PAUSED,
    /** Projections go to a preview (what would change); nothing reaches the host until activated. */
    TEST
}
