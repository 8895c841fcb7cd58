package dev.dirsync.core.state;

import dev.dirsync.core.model.DirectoryUserKey;
import org.jspecify.annotations.Nullable;

import java.util.Collection;
import java.util.List;

/**
 * Differences found by the drift check, one record per (person, field): open while the difference lasts, resolved
 * after. A difference that comes back reuses its record, so the store holds at most three records per person.
 * Contract: {@code dev.dirsync.core.testkit.StateStoreContract}.
 */
public interface DriftStore {

    /** Records of these people (open and resolved), by directory id, user id, field. */
    List<Drift> find(String organizationId, Collection<DirectoryUserKey> keys);

    /** Inserts or replaces the record keyed by (key, field). */
    void put(Drift drift);

    /**
     * Records of the organization by directory id, user id, field: open ones only unless {@code includeResolved};
     * people strictly after {@code after} (keyset paging), at most {@code limit} records.
     */
    List<Drift> list(String organizationId, boolean includeResolved, @Nullable DirectoryUserKey after, int limit);

    /** How many open records the organization has. */
    long countOpen(String organizationId);
}
