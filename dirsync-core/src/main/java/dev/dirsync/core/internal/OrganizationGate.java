package dev.dirsync.core.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One write per organization at a time on this instance, queued before its transaction begins. Writes of one
 * organization are serialized by its row lock anyway; queueing them here instead means a waiting write holds no
 * database connection, so one organization's backlog (a slow host, a first-sync burst) cannot take every connection
 * of the pool from the others. Across instances the row lock still decides.
 */
final class OrganizationGate {
    private static final class Entry {
        // not fair, like a row lock: a SCIM read-modify-write that just read gets in before older waiters whose
        // reads are already stale, instead of every waiter but the first losing its race in a FIFO convoy
        final ReentrantLock lock = new ReentrantLock();
        int holders; // threads holding or waiting; guarded by the map's compute
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** Runs {@code work} once no other thread of this instance writes the organization; reentrant. */
    <T> T run(String organizationId, Supplier<T> work) {
        Entry e = entries.compute(organizationId, (k, v) -> {
            Entry x = v == null ? new Entry() : v;
            x.holders++;
            return x;
        });
        try {
            e.lock.lock();
            try {
                return work.get();
            } finally {
                e.lock.unlock();
            }
        } finally {
            entries.computeIfPresent(organizationId, (k, v) -> --v.holders == 0 ? null : v);
        }
    }
}
