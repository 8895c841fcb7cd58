package dev.dirsync.spring.boot;

import dev.dirsync.core.state.StateStore;
import dev.dirsync.core.state.StateStoreUnavailableException;
import dev.dirsync.core.state.StateTransaction;
import dev.dirsync.jdbi.ConnectionGuard;
import dev.dirsync.jdbi.DirsyncStorageException;
import dev.dirsync.jdbi.JdbiStateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * dirsync's state in Spring's transactions, so that a host's {@code UserStore} written with {@code JdbcTemplate} or
 * JPA commits or rolls back together with dirsync's mirror, ledger, projection and audit. Each dirsync transaction
 * is a Spring transaction on the application's DataSource: it joins the caller's transaction when there is one
 * (that transaction alone commits, and a failure marks it rollback-only), and otherwise begins its own, READ
 * COMMITTED, which it runs again after a serialization failure or deadlock, up to {@code maxAttempts} times.
 *
 * <p>The wrapped {@link JdbiStateStore} takes its connections from Spring ({@link SpringManagedDataSource}), so its
 * statements run on the transaction's connection, and it is built with {@code maxAttempts(1)}: a transaction it
 * joined cannot be retried from inside.
 *
 * <p>Beginning a transaction of its own waits for a connection at most the {@link ConnectionGuard}'s timeout, and
 * fails at once for a few seconds after the database was found unreachable, so webhooks and SCIM answer 503
 * quickly instead of after the pool's timeout. Joining the caller's transaction needs no connection and is never
 * refused.
 */
public final class SpringTransactionStateStore implements StateStore {
    private static final Logger log = LoggerFactory.getLogger(SpringTransactionStateStore.class);

    private final JdbiStateStore store;
    private final TransactionTemplate transactions;
    private final int maxAttempts;
    private final ConnectionGuard guard;

    /**
     * With the default {@link ConnectionGuard} (2 s connection timeout, 5 s of failing at once after an outage).
     *
     * @param store       over a {@link SpringManagedDataSource} of the same DataSource {@code transactions} manages
     * @param maxAttempts runs of a transaction dirsync began before a conflict is reported
     */
    public SpringTransactionStateStore(JdbiStateStore store, PlatformTransactionManager transactions, int maxAttempts) {
        this(store, transactions, maxAttempts, new ConnectionGuard("the application's DataSource",
                ConnectionGuard.DEFAULT_CONNECTION_TIMEOUT, ConnectionGuard.DEFAULT_UNAVAILABLE_FOR));
    }

    /**
     * @param store       over a {@link SpringManagedDataSource} of the same DataSource {@code transactions} manages
     * @param maxAttempts runs of a transaction dirsync began before a conflict is reported
     * @param guard       bounds the wait for a connection of a transaction dirsync begins
     */
    public SpringTransactionStateStore(JdbiStateStore store, PlatformTransactionManager transactions, int maxAttempts,
                                       ConnectionGuard guard) {
        this.guard = Objects.requireNonNull(guard, "guard");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        this.store = Objects.requireNonNull(store, "store");
        this.transactions = new TransactionTemplate(Objects.requireNonNull(transactions, "transactions"));
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRED);
        this.transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.transactions.setName("dirsync");
        this.maxAttempts = maxAttempts;
    }

    /** The JDBI store underneath: its tables, dialect and {@link JdbiStateStore#currentConnection()}. */
    public JdbiStateStore jdbi() {
        return store;
    }

    @Override
    public <T> T inTransaction(Function<StateTransaction, T> work) {
        Objects.requireNonNull(work, "work");
        if (store.currentConnection().isPresent()) {
            return store.inTransaction(work); // called from inside dirsync's own work: that transaction already runs
        }
        boolean joining = TransactionSynchronizationManager.isActualTransactionActive();
        for (int attempt = 1; ; attempt++) {
            boolean[] began = {false};
            boolean[] connected = {joining};
            ConnectionGuard.Attempt acquiring = joining ? null : guard.begin();
            try {
                return transactions.execute(status -> {
                    if (acquiring != null) {
                        acquiring.acquired(); // the transaction began: it has its connection
                    }
                    connected[0] = true;
                    began[0] = status.isNewTransaction();
                    return store.inTransaction(work);
                });
            } catch (RuntimeException e) {
                if (!connected[0] && acquiring != null) {
                    throw acquiring.failed(e); // no connection: "try again later", soon
                }
                // only a transaction dirsync began can run again; the caller's is the caller's to retry
                boolean retryable = began[0] && isRetryable(e);
                if (retryable && attempt < maxAttempts) {
                    log.debug("dirsync transaction hit a conflict ({}); running it again, attempt {} of {}",
                            rootMessage(e), attempt + 1, maxAttempts);
                    backOff(attempt);
                    continue;
                }
                if (!began[0] && joinedAtAnotherIsolationLevel(e)) {
                    throw new DirsyncStorageException("dirsync joined the caller's Spring transaction, which does not "
                            + "run at READ COMMITTED like dirsync's own (MySQL's default is REPEATABLE READ): declare "
                            + "@Transactional(isolation = Isolation.READ_COMMITTED) on the code that calls dirsync, or "
                            + "call it outside your transaction. " + rootMessage(e), e);
                }
                throw translate(e, retryable ? attempt : 0);
            } finally {
                if (acquiring != null) {
                    acquiring.close();
                }
            }
        }
    }

    /** The work's own exceptions pass unchanged; Spring's transaction failures become dirsync's storage types. */
    private static RuntimeException translate(RuntimeException e, int attempts) {
        if (attempts > 0) {
            return new StateStoreUnavailableException("dirsync transaction still conflicted after " + attempts
                    + " attempts: " + rootMessage(e), e);
        }
        if (e instanceof CannotCreateTransactionException) {
            return new StateStoreUnavailableException("cannot begin a dirsync transaction on the application's "
                    + "DataSource: " + rootMessage(e) + ". Check that the database is running.", e);
        }
        if (e instanceof TransactionException) {
            return new DirsyncStorageException("dirsync transaction failed: " + rootMessage(e), e);
        }
        return e;
    }

    /** JDBI refuses to join a transaction of another isolation level than the one dirsync's work asks for. */
    private static boolean joinedAtAnotherIsolationLevel(Throwable e) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof org.jdbi.v3.core.transaction.TransactionException && t.getMessage() != null
                    && t.getMessage().contains("isolation level")) {
                return true;
            }
        }
        return false;
    }

    static boolean isRetryable(Throwable e) {
        return JdbiStateStore.isRetryable(e);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        Set<Throwable> seen = new HashSet<>();
        while (root.getCause() != null && seen.add(root)) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 25L * attempt + 10));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new DirsyncStorageException("interrupted while retrying a dirsync transaction", ie);
        }
    }
}
