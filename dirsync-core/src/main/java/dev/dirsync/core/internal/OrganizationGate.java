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
        // work waiting for a combined run (group commit); drained only by the lock's holder
        final java.util.concurrent.ConcurrentLinkedQueue<Object> queue = new java.util.concurrent.ConcurrentLinkedQueue<>();
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

    /**
     * Queues {@code item}, then runs {@code apply} on batches of the organization's queued items (oldest first)
     * weighing up to {@code max} together (an item heavier than that alone) until {@code done} says this item was
     * handled: the thread that gets the lock leads and takes the others' items along; a thread whose item a leader
     * already handled just returns. {@code apply} must leave every item of its batch done. {@code done} is read
     * under the lock, which publishes the leader's writes.
     */
    @SuppressWarnings("unchecked")
    <P> void combine(String organizationId, P item, java.util.function.BooleanSupplier done, int max,
                     java.util.function.ToIntFunction<P> weight, java.util.function.Consumer<java.util.List<P>> apply) {
        Entry e = entries.compute(organizationId, (k, v) -> {
            Entry x = v == null ? new Entry() : v;
            x.holders++;
            return x;
        });
        try {
            if (e.lock.isHeldByCurrentThread()) { // reentrant: a write that takes an event runs it alone
                apply.accept(java.util.List.of(item));
                return;
            }
            e.queue.add(item);
            e.lock.lock();
            try {
                while (!done.getAsBoolean()) {
                    java.util.List<P> batch = new java.util.ArrayList<>();
                    int taken = 0;
                    Object next;
                    // only the lock's holder polls: what it peeked is what it polls
                    while ((next = e.queue.peek()) != null
                            && (batch.isEmpty() || taken + weight.applyAsInt((P) next) <= max)) {
                        e.queue.poll();
                        batch.add((P) next);
                        taken += weight.applyAsInt((P) next);
                    }
                    apply.accept(batch);
                }
            } finally {
                e.lock.unlock();
            }
        } finally {
            entries.computeIfPresent(organizationId, (k, v) -> --v.holders == 0 ? null : v);
        }
    }
}
