package dev.dirsync.core.state;

import java.util.function.Function;

/**
 * dirsync's own state (organizations, mirror, ledger, projections, audit), behind one transaction boundary.
 * Implementations: {@code InMemoryStateStore} (tests, demos) and dirsync-jdbi (H2, PostgreSQL, MySQL/MariaDB).
 *
 * <p>Contract: {@link #inTransaction} runs {@code work} so that all of its writes commit together or not at
 * all; an exception from {@code work} rolls back and propagates. Repositories obtained from the transaction
 * are valid only inside it. An implementation may run {@code work} again after a conflict it can retry
 * (serialization failure, deadlock); dirsync's work is written to be repeatable.
 */
public interface StateStore {

    <T> T inTransaction(Function<StateTransaction, T> work);
}
