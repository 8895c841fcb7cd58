package dev.dirsync.core.state;

import dev.dirsync.core.model.DirectoryUserKey;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Durable history of what dirsync applied to each person: validity intervals of role, workspaces and status,
 * written by the write pipeline in the same transaction as the applied projection they copy, so "who had what at
 * instant T" is an indexed lookup, not a replay of the audit log. Never pruned with the ledger or the audit log.
 *
 * <p>Contract: a person has at most one open interval; its intervals never overlap.
 */
public interface AccessHistory {

    /** The person's open interval (what is applied now), if any. */
    Optional<AccessInterval> current(DirectoryUserKey key);

    /**
     * The open intervals of these people that have one, in one lookup (a job's batch). The default asks
     * {@link #current} for each.
     */
    default Map<DirectoryUserKey, AccessInterval> currentOf(Collection<DirectoryUserKey> keys) {
        Map<DirectoryUserKey, AccessInterval> out = new HashMap<>();
        for (DirectoryUserKey k : keys) {
            current(k).ifPresent(i -> out.put(k, i));
        }
        return out;
    }

    /**
     * Ends {@code open}, the person's open interval as {@link #current} read it in this transaction (null if none),
     * at {@code next.from()} and stores {@code next} (open: {@code to} null) as the current one. An open interval
     * that began at that same instant is replaced (it never held). Passing what was read keeps a change to two
     * writes, with no read of its own.
     */
    void begin(@Nullable AccessInterval open, AccessInterval next);

    /** One {@link #begin}: the person's open interval as read ({@code null} if none), and the next one. */
    record Begin(@Nullable AccessInterval open, AccessInterval next) {
    }

    /**
     * {@link #begin} for several people, at most one each (a job's batch: a few round trips for the batch instead of
     * two or three per person). The default begins them one by one.
     */
    default void beginAll(List<Begin> begins) {
        for (Begin b : begins) {
            begin(b.open(), b.next());
        }
    }

    /**
     * Ends {@code open}, the person's open interval as {@link #current} read it, at {@code at} (a purged person has
     * no access after it); removes it if it began at {@code at}.
     */
    void end(AccessInterval open, Instant at);

    /**
     * Intervals of the organization that cover {@code at} ({@code from <= at < to}), one per person, ordered by
     * (directory id, user id), strictly after {@code after} when given; at most {@code limit}. Optionally only
     * those with exactly {@code role}, or with {@code workspace} among their workspaces. Stores answer with an
     * index on (organization, person, from), never by reading the organization's whole history.
     */
    List<AccessInterval> asOf(String organizationId, Instant at, @Nullable String role, @Nullable String workspace,
                              @Nullable DirectoryUserKey after, int limit);

    /** Every interval of one person, oldest first (the person's access history). */
    List<AccessInterval> of(DirectoryUserKey key);
}
