package dev.dirsync.core.state;

import java.time.Instant;

/** Source event ids already taken, so a redelivered event is a no-op. */
public interface EventLedger {

    /**
     * Records the event id; returns false, recording nothing, if it was recorded before (by any instance:
     * backed by a unique constraint, not by an in-process check).
     */
    boolean record(String organizationId, String eventId, Instant at);

    boolean contains(String organizationId, String eventId);

    /**
     * Forgets up to {@code limit} event ids recorded before {@code before}, oldest first; returns how many. Callers
     * loop in short transactions until fewer than {@code limit} come back ({@code DirectorySync.pruneLedger}).
     */
    int prune(Instant before, int limit);
}
