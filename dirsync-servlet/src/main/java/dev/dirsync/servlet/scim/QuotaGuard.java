package dev.dirsync.servlet.scim;

import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.read.DirectoryCounts;
import dev.dirsync.core.read.DirectoryView;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Enforces {@link ScimQuotas} on SCIM writes. The organization's counts are read from the read model before a
 * write (outside its transaction) at most every {@link #REFRESH_NANOS}, and what this instance admitted since is
 * added to them, so a first sync of thousands of single POSTs costs a handful of counts, not one each. Concurrent
 * instances may overshoot a quota by what they admit between two reads: a quota bounds growth, it is no ledger.
 *
 * <p>Over a quota the answer is 403 without a {@code scimType}: RFC 7644 §3.12 defines scimType values only for
 * 400 (errors in the request itself), while 403 means "the operation is not permitted" for this client, which is
 * the case: the request is valid, and the same request is accepted once the organization holds less. The detail
 * names the quota and what to do.
 */
final class QuotaGuard {
    static final long REFRESH_NANOS = 10_000_000_000L;
    private static final int MAX_ORGANIZATIONS = 10_000;

    private final ScimQuotas quotas;
    private final LongSupplier nanoTime;
    private final Map<String, Tally> tallies = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Tally> eldest) {
            return size() > MAX_ORGANIZATIONS;
        }
    };

    QuotaGuard(ScimQuotas quotas) {
        this(quotas, System::nanoTime);
    }

    QuotaGuard(ScimQuotas quotas, LongSupplier nanoTime) {
        this.quotas = quotas;
        this.nanoTime = nanoTime;
    }

    /** What an organization holds as far as this instance knows: counted at {@code readAt}, plus admissions. */
    private static final class Tally {
        long users;
        long groups;
        long memberships;
        long readAt;
    }

    /** Before a write: reads the organization's counts if this instance has none newer than the refresh interval. */
    void prepare(DirectoryView view) {
        long now = nanoTime.getAsLong();
        synchronized (tallies) {
            Tally t = tallies.get(view.organizationId());
            if (t != null && now - t.readAt < REFRESH_NANOS) {
                return;
            }
        }
        DirectoryCounts c = view.counts();
        Tally t = new Tally();
        t.users = c.users();
        t.groups = c.groups();
        t.memberships = c.memberships();
        t.readAt = now;
        synchronized (tallies) {
            tallies.put(view.organizationId(), t);
        }
    }

    /**
     * Inside a write: refuses events that would take the organization past a quota, with 403.
     *
     * @throws ScimError 403 naming the quota
     */
    void check(String organizationId, List<SourceEvent> events) {
        long users = count(events, SourceEvent.UserCreated.class);
        long groups = count(events, SourceEvent.GroupCreated.class);
        long memberships = count(events, SourceEvent.UserAddedToGroup.class);
        if (users + groups + memberships == 0) {
            return;
        }
        synchronized (tallies) {
            Tally t = tallies.get(organizationId);
            if (t == null) {
                return; // not prepared (the organization was just evicted): admitted, the next write reads again
            }
            refuse(organizationId, "users", t.users, users, quotas.maxUsers());
            refuse(organizationId, "groups", t.groups, groups, quotas.maxGroups());
            refuse(organizationId, "group memberships", t.memberships, memberships, quotas.maxMemberships());
        }
    }

    /** After a write was applied: counts what it added until the next read. */
    void admitted(String organizationId, List<SourceEvent> events) {
        synchronized (tallies) {
            Tally t = tallies.get(organizationId);
            if (t != null) {
                t.users += count(events, SourceEvent.UserCreated.class);
                t.groups += count(events, SourceEvent.GroupCreated.class);
                t.memberships += count(events, SourceEvent.UserAddedToGroup.class);
            }
        }
    }

    private static void refuse(String organizationId, String what, long held, long adding, long quota) {
        if (adding > 0 && held + adding > quota) {
            throw new ScimError(403, null, "organization " + organizationId + " holds " + held + " " + what
                    + ", and its quota is " + quota + ": remove " + what + " it no longer needs in the identity "
                    + "provider, or ask the application's operator to raise dirsync's SCIM quota");
        }
    }

    private static long count(List<SourceEvent> events, Class<? extends SourceEvent> type) {
        return events.stream().filter(type::isInstance).count();
    }
}
