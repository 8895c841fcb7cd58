package dev.dirsync.core.state;

import dev.dirsync.core.model.DirectoryUserKey;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Last-applied projection per directory user. */
public interface ProjectionStore {

    Optional<AppliedProjection> find(DirectoryUserKey key);

    /**
     * The records of these keys that exist, in one lookup (a job's batch) instead of one per person. The default
     * asks {@link #find} for each.
     */
    default Map<DirectoryUserKey, AppliedProjection> findAll(Collection<DirectoryUserKey> keys) {
        Map<DirectoryUserKey, AppliedProjection> out = new HashMap<>();
        for (DirectoryUserKey k : keys) {
            find(k).ifPresent(a -> out.put(k, a));
        }
        return out;
    }

    /** Inserts or replaces the record keyed by its directory user key. */
    void put(AppliedProjection applied);

    /**
     * {@link #put} of several records of distinct people (a job's batch, in one round trip). The default puts them one
     * by one.
     */
    default void putAll(Collection<AppliedProjection> records) {
        records.forEach(this::put);
    }

    /** Every record of the organization, ordered by directory id then user id. */
    List<AppliedProjection> list(String organizationId);

    /**
     * Records of the organization whose change the sole-admin guard refused ({@code blocked} set), ordered like
     * {@link #list}: an index lookup, so granting admin re-checks the few refused changes, not every user.
     */
    List<AppliedProjection> listBlocked(String organizationId);

    /** Records of any organization with {@code purgeAt <= now} and not yet purged. */
    List<AppliedProjection> purgeDue(Instant now);
}
