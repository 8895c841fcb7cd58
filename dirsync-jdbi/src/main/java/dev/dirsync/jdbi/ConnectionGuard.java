package dev.dirsync.jdbi;

import dev.dirsync.core.state.StateStoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fails dirsync's transactions fast while the database is unreachable, instead of pinning a request thread for the
 * host pool's connection timeout (HikariCP: 30 s) each: a webhook or SCIM request then answers 503 within
 * {@code connectionTimeout}, and for {@code unavailableFor} after that at once, without touching the pool.
 *
 * <p>Why here and not in the pool: the pool is usually the host's, shared with its own requests, and its timeout is
 * the host's choice; dirsync's sources (WorkOS, IdPs) retry, so waiting long for a connection is never worth a
 * thread. Two mechanisms:
 * <ol>
 *   <li><b>Connection timeout.</b> A transaction that has no connection after {@code connectionTimeout} is given up:
 *       the waiting thread is interrupted, which pools answer by failing the acquisition (HikariCP, DBCP, c3p0,
 *       Agroal wait interruptibly). An unpooled DataSource connecting on the caller's thread cannot be interrupted
 *       there; set its driver's connect and login timeouts.</li>
 *   <li><b>Circuit breaker.</b> When acquiring failed because the database is down (a connection failure, or a
 *       timeout during which no other dirsync transaction got a connection, so not mere congestion), every
 *       transaction fails at once for {@code unavailableFor}; then one probe goes through, and its success closes
 *       the breaker.</li>
 * </ol>
 * A database that accepts connections but stops answering on connections already open is the JDBC driver's
 * {@code socketTimeout} to bound (PostgreSQL, MariaDB: a URL parameter), as for any of the host's queries.
 */
public final class ConnectionGuard {
    /** Default longest wait for a connection before a dirsync transaction answers "try again later". */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    /** Default time dirsync fails at once after finding the database unreachable, before it probes again. */
    public static final Duration DEFAULT_UNAVAILABLE_FOR = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(ConnectionGuard.class);
    private static final ScheduledExecutorService WATCHDOG = watchdog();

    private final String database;
    private final long timeoutNanos;
    private final long openNanos;
    private volatile long lastAcquired = System.nanoTime();
    /** System.nanoTime() until which every transaction fails at once; meaningful only while {@link #open}. */
    private volatile long openUntil;
    private volatile boolean open;
    private final AtomicBoolean probing = new AtomicBoolean();

    /**
     * @param connectionTimeout longest wait for a connection; {@link Duration#ZERO} waits as long as the pool does
     * @param unavailableFor    how long to fail at once after the database was found unreachable; zero: never
     */
    public ConnectionGuard(String database, Duration connectionTimeout, Duration unavailableFor) {
        if (connectionTimeout.isNegative() || unavailableFor.isNegative()) {
            throw new IllegalArgumentException("connectionTimeout and unavailableFor must not be negative");
        }
        this.database = database;
        this.timeoutNanos = connectionTimeout.toNanos();
        this.openNanos = unavailableFor.toNanos();
    }

    /** Whether transactions currently fail at once (the database was found unreachable recently). */
    public boolean isOpen() {
        return open;
    }

    /**
     * Begins acquiring a connection for one transaction; throws {@link StateStoreUnavailableException} at once while
     * the breaker is open. Call {@link Attempt#acquired()} as soon as the connection is there, {@link Attempt#failed}
     * if getting it threw, and close the attempt in any case.
     */
    public Attempt begin() {
        if (open) {
            long left = openUntil - System.nanoTime();
            if (left > 0 || !probing.compareAndSet(false, true)) {
                throw new StateStoreUnavailableException("database " + database + " was unreachable moments ago; "
                        + "dirsync tries it again in " + Math.max(1, TimeUnit.NANOSECONDS.toSeconds(left) + 1)
                        + " s. Check that the database is running.", null);
            }
            return new Attempt(true); // half-open: this one probes, the others keep failing at once
        }
        return new Attempt(false);
    }

    /** One transaction's wait for a connection. */
    public final class Attempt implements AutoCloseable {
        private final boolean probe;
        private final long started = System.nanoTime();
        private final Thread thread = Thread.currentThread();
        private final ScheduledFuture<?> watchdog;
        private boolean waiting = true;
        private boolean interrupted;
        private boolean settled;

        private Attempt(boolean probe) {
            this.probe = probe;
            this.watchdog = timeoutNanos == 0 ? null : WATCHDOG.schedule(this::timeUp, timeoutNanos, TimeUnit.NANOSECONDS);
        }

        private synchronized void timeUp() {
            if (waiting) {
                waiting = false;
                interrupted = true;
                thread.interrupt();
            }
        }

        /** The connection is there: stops the clock; a probe closes the breaker. */
        public void acquired() {
            stopWaiting();
            settled = true;
            lastAcquired = System.nanoTime();
            if (probe || open) {
                if (open) {
                    log.info("dirsync reached database {} again", database);
                }
                open = false;
            }
        }

        /**
         * Getting the connection threw {@code e}: returns what to throw instead, a
         * {@link StateStoreUnavailableException} ("try again later"), and opens the breaker if the database looks
         * down rather than busy.
         */
        public RuntimeException failed(RuntimeException e) {
            stopWaiting();
            settled = true;
            long waited = System.nanoTime() - started;
            boolean timedOut = interrupted;
            // a timeout while others got connections is congestion: fail this one, keep the breaker closed
            boolean down = !timedOut || lastAcquired - started < 0;
            if (down || probe) {
                trip();
            }
            String why = timedOut
                    ? "no connection to database " + database + " within " + TimeUnit.NANOSECONDS.toMillis(waited) + " ms"
                    : "cannot reach database " + database + ": " + SchemaMigrator.rootMessage(e);
            return new StateStoreUnavailableException(why + "; answering \"try again later\". Check that the "
                    + "database is running and the connection pool is large enough.", e);
        }

        private synchronized void stopWaiting() {
            waiting = false;
            if (watchdog != null) {
                watchdog.cancel(false);
            }
            if (interrupted) {
                Thread.interrupted(); // our own interrupt, delivered or not yet consumed: never leak it
            }
        }

        @Override
        public void close() {
            if (!settled) {
                stopWaiting();
            }
            if (probe) {
                probing.set(false);
            }
        }
    }

    private void trip() {
        if (openNanos == 0) {
            return;
        }
        openUntil = System.nanoTime() + openNanos;
        if (!open) {
            log.warn("dirsync cannot reach database {}; its transactions fail at once for {} ms (webhooks and SCIM "
                    + "answer 503 with Retry-After), then it tries again", database,
                    TimeUnit.NANOSECONDS.toMillis(openNanos));
        }
        open = true;
    }

    private static ScheduledExecutorService watchdog() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "dirsync-connection-timeout");
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true);
        return e;
    }
}
