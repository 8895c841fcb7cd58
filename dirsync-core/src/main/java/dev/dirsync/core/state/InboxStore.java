package dev.dirsync.core.state;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Deliveries stored before they are applied (the WorkOS webhook inbox, {@code intake=inbox}): one row per source
 * event id, taken in arrival order per organization by the write that applies them and removed in that write's own
 * transaction, so a delivery is applied once whatever crashes in between.
 */
public interface InboxStore {

    /**
     * Stores a delivery; false, storing nothing, if its event id is stored already (by any instance: backed by a
     * unique constraint). One statement where the database has insert-unless-present.
     */
    boolean add(InboxEntry entry);

    /** Up to {@code limit} of the organization's entries due at {@code now} and not parked, oldest arrival first. */
    List<InboxEntry> due(String organizationId, Instant now, int limit);

    /** Forgets these entries (applied, or dropped as having no effect). */
    void remove(Collection<String> eventIds);

    /** Records a failed attempt: not taken again before {@code nextAttemptAt}. */
    void retryLater(String eventId, int attempts, Instant nextAttemptAt, String error);

    /** Records the failed attempt that parks the entry: kept and surfaced, no longer taken until {@link #unpark}. */
    void park(String eventId, int attempts, Instant at, String error);

    /** Makes the organization's parked entries due again at {@code now} (attempts reset); returns how many. */
    int unpark(String organizationId, Instant now);

    /** Organizations with an entry due at {@code now} (at most {@code limit}): what a sweep wakes. */
    List<String> organizationsDue(Instant now, int limit);

    /** Per organization with anything stored: waiting, parked and the oldest arrival. */
    List<InboxDepth> depths();

    /** The organization's parked entries, oldest first, at most {@code limit}. */
    List<InboxEntry> parked(String organizationId, int limit);
}
