package dev.dirsync.jdbi;

import dev.dirsync.core.state.StateStore;
import dev.dirsync.core.state.StateStoreUnavailableException;
import dev.dirsync.core.state.StateTransaction;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.TemplateEngine;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * dirsync's state in the host's relational database (H2, PostgreSQL, MySQL/MariaDB), safe for several
 * application instances on one database: row locks and unique constraints, never in-process locks alone.
 *
 * <pre>{@code
 * StateStore state = JdbiStateStore.create(dataSource);           // tables dirsync_*, schema applied on start
 * StateStore state = JdbiStateStore.builder(dataSource)
 *     .tablePrefix("sso_").schema("identity").build();
 * }</pre>
 *
 * <p>Each {@link #inTransaction} runs in one READ COMMITTED transaction; a serialization failure or deadlock
 * rolls it back and runs the work again, up to {@link Builder#maxAttempts} times. A call made inside the work
 * of another on the same thread joins that transaction.
 */
public final class JdbiStateStore implements StateStore {
    /** Default prefix of every table name. */
    public static final String DEFAULT_TABLE_PREFIX = "dirsync_";
    /** Default number of times a transaction runs before a serialization failure or deadlock is given up on. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    /** Default time to wait for another instance that is applying a schema version. */
    public static final Duration DEFAULT_MIGRATION_WAIT = Duration.ofMinutes(2);

    private static final Logger log = LoggerFactory.getLogger(JdbiStateStore.class);
    /** SQLStates of a transaction the database aborted to resolve a conflict: running it again can succeed. */
    private static final Set<String> RETRYABLE_SQL_STATES = Set.of("40001", "40P01");
    /** MySQL/MariaDB "Deadlock found when trying to get lock". */
    private static final int MYSQL_DEADLOCK = 1213;

    private final Jdbi jdbi;
    private final Tables tables;
    private final Dialect dialect;
    private final JsonCodec json = new JsonCodec();
    private final int maxAttempts;
    private final String database;
    private final ThreadLocal<JdbiTransaction> current = new ThreadLocal<>();
    private final @Nullable ConnectionGuard guard;

    private JdbiStateStore(Builder b, Jdbi jdbi, Dialect dialect) {
        this.guard = b.connectionTimeout.isZero() && b.unavailableFor.isZero() ? null
                : new ConnectionGuard(b.database, b.connectionTimeout, b.unavailableFor);
        this.jdbi = jdbi;
        this.tables = b.tables();
        this.dialect = dialect;
        this.maxAttempts = b.maxAttempts;
        this.database = b.database;
    }

    /** A store over the host's DataSource with the default table prefix; applies the schema now. */
    public static JdbiStateStore create(DataSource dataSource) {
        return builder(dataSource).build();
    }

    /** Configures a store over the host's DataSource (pooled: dirsync opens one connection per transaction). */
    public static Builder builder(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new Builder(Jdbi.create(dataSource), DataSourceDescription.of(dataSource));
    }

    /** Configures a store over a host's {@link Jdbi}, e.g. one that joins Spring-managed transactions. */
    public static Builder builder(Jdbi jdbi) {
        Objects.requireNonNull(jdbi, "jdbi");
        return new Builder(jdbi, "the database of the given Jdbi");
    }

    /** The dialect in use, detected or given. */
    public Dialect dialect() {
        return dialect;
    }

    /** The prefix of every table name. */
    public String tablePrefix() {
        return tables.prefix;
    }

    /** The schema holding the tables, if one was given. */
    public Optional<String> schema() {
        return Optional.ofNullable(tables.schema);
    }

    /**
     * The JDBC connection of the dirsync transaction running on this thread, if any. A host whose user table lives
     * in the same database writes through it from its {@code UserStore} (or revokers), so its changes and dirsync's
     * commit or roll back together: a projection is never half-applied. Do not commit, roll back or close it.
     */
    public Optional<java.sql.Connection> currentConnection() {
        JdbiTransaction tx = current.get();
        return tx == null ? Optional.empty() : Optional.of(tx.connection());
    }

    @Override
    public <T> T inTransaction(Function<StateTransaction, T> work) {
        Objects.requireNonNull(work, "work");
        JdbiTransaction running = current.get();
        if (running != null) {
            return work.apply(running); // nested call on this thread: join, commit or roll back with the outer one
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return runOnce(work);
            } catch (RuntimeException e) {
                boolean retryable = isRetryable(e);
                if (retryable && attempt < maxAttempts) {
                    log.debug("dirsync transaction hit a conflict ({}); running it again, attempt {} of {}",
                            SchemaMigrator.rootMessage(e), attempt + 1, maxAttempts);
                    backOff(attempt);
                    continue;
                }
                throw translate(e, retryable ? attempt : 0);
            }
        }
    }

    private <T> T runOnce(Function<StateTransaction, T> work) {
        if (guard == null) {
            try (Handle handle = jdbi.open()) {
                return runOnce(handle, work);
            }
        }
        Handle opened;
        try (ConnectionGuard.Attempt attempt = guard.begin()) {
            try {
                opened = jdbi.open();
            } catch (RuntimeException e) {
                throw attempt.failed(e);
            }
            attempt.acquired();
        }
        try (Handle handle = opened) {
            return runOnce(handle, work);
        }
    }

    private <T> T runOnce(Handle handle, Function<StateTransaction, T> work) {
        // our SQL has no template syntax; never let a host's template engine rewrite it
        handle.getConfig(SqlStatements.class).setTemplateEngine(TemplateEngine.NOP);
        return handle.inTransaction(TransactionIsolationLevel.READ_COMMITTED, h -> {
            JdbiTransaction tx = new JdbiTransaction(new Repositories(h, tables, dialect, json));
            current.set(tx);
            try {
                return work.apply(tx);
            } finally {
                current.remove();
            }
        });
    }

    /**
     * True if the database aborted the transaction to resolve a conflict (serialization failure, deadlock), so
     * running the whole transaction again may succeed. Public for integrations that run dirsync's transactions
     * themselves (the Spring Boot starter).
     */
    public static boolean isRetryable(Throwable e) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof SQLException s) {
                Set<SQLException> chained = new HashSet<>();
                for (SQLException x = s; x != null && chained.add(x); x = x.getNextException()) {
                    if ((x.getSQLState() != null && RETRYABLE_SQL_STATES.contains(x.getSQLState()))
                            || x.getErrorCode() == MYSQL_DEADLOCK) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Lets the work's own exceptions through unchanged; database failures become dirsync types. Failures a later
     * retry can fix (database unreachable, conflicts beyond the retry budget) are
     * {@link StateStoreUnavailableException}, which adapters answer with "try again later".
     */
    private RuntimeException translate(RuntimeException e, int attempts) {
        if (!(e instanceof JdbiException)) {
            return e;
        }
        if (e instanceof org.jdbi.v3.core.ConnectionException) {
            return new StateStoreUnavailableException("cannot reach database " + database + ": "
                    + SchemaMigrator.rootMessage(e), e);
        }
        if (attempts > 0) {
            return new StateStoreUnavailableException("dirsync transaction on " + database + " still conflicted after "
                    + attempts + " attempts: " + SchemaMigrator.rootMessage(e), e);
        }
        return new DirsyncStorageException("dirsync state store failed on " + database + ": "
                + SchemaMigrator.rootMessage(e), e);
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 25L * attempt + 10));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new DirsyncStorageException("interrupted while retrying a dirsync transaction", ie);
        }
    }

    /** Builds a {@link JdbiStateStore}; {@link #build()} connects, detects the dialect and applies the schema. */
    public static final class Builder {
        private final Jdbi jdbi;
        private final String database;
        private String tablePrefix = DEFAULT_TABLE_PREFIX;
        private @Nullable String schema;
        private @Nullable Dialect dialect;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private boolean applySchema = true;
        private Duration migrationWait = DEFAULT_MIGRATION_WAIT;
        private Duration connectionTimeout = ConnectionGuard.DEFAULT_CONNECTION_TIMEOUT;
        private Duration unavailableFor = ConnectionGuard.DEFAULT_UNAVAILABLE_FOR;

        private Builder(Jdbi jdbi, String database) {
            this.jdbi = jdbi;
            this.database = database;
        }

        /** Prefix of every table name, letters, digits and underscores. Default {@code dirsync_}. */
        public Builder tablePrefix(String v) { this.tablePrefix = Objects.requireNonNull(v); return this; }

        /** Schema (MySQL: database) holding the tables; it must exist. Default: the connection's own. */
        public Builder schema(@Nullable String v) { this.schema = v; return this; }

        /** Overrides dialect detection, for a database that reports an unfamiliar product name. */
        public Builder dialect(@Nullable Dialect v) { this.dialect = v; return this; }

        /** How many times a transaction runs before a serialization failure or deadlock is reported. */
        public Builder maxAttempts(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, was " + v);
            }
            this.maxAttempts = v;
            return this;
        }

        /**
         * Whether {@link #build()} creates or upgrades the tables (default true). Turn it off only if the DDL
         * is applied another way (e.g. copied into the host's Flyway or Liquibase migrations).
         */
        public Builder applySchema(boolean v) { this.applySchema = v; return this; }

        /** How long to wait for another instance that is applying a schema version. */
        public Builder migrationWait(Duration v) { this.migrationWait = Objects.requireNonNull(v); return this; }

        /**
         * Longest wait of a transaction for a connection before it fails with "try again later" (default 2 s; zero
         * waits as long as the pool does): a webhook or SCIM request during a database outage answers 503 then,
         * not after the pool's own timeout (HikariCP: 30 s). See {@link ConnectionGuard}.
         */
        public Builder connectionTimeout(Duration v) { this.connectionTimeout = nonNegative(v, "connectionTimeout"); return this; }

        /**
         * How long every transaction fails at once after the database was found unreachable, before one tries it
         * again (default 5 s; zero: never fail without trying). See {@link ConnectionGuard}.
         */
        public Builder unavailableFor(Duration v) { this.unavailableFor = nonNegative(v, "unavailableFor"); return this; }

        private static Duration nonNegative(Duration v, String name) {
            if (Objects.requireNonNull(v, name).isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, was " + v);
            }
            return v;
        }

        private Tables tables() {
            return new Tables(tablePrefix, schema);
        }

        /** Connects, detects the dialect and applies the schema; fails naming the database if it is unreachable. */
        public JdbiStateStore build() {
            Tables tables = tables(); // validates prefix and schema before touching the database
            Dialect d = dialect != null ? dialect : detect();
            if (applySchema) {
                try {
                    new SchemaMigrator(jdbi, d, tables, migrationWait).migrate();
                } catch (org.jdbi.v3.core.ConnectionException e) {
                    throw unreachable(e);
                } catch (JdbiException e) {
                    throw new DirsyncStorageException("cannot apply dirsync's schema on " + database + ": "
                            + SchemaMigrator.rootMessage(e), e);
                }
            }
            log.info("dirsync state store on {} ({}, tables {}*)", database, d, tables.table(""));
            return new JdbiStateStore(this, jdbi, d);
        }

        private Dialect detect() {
            try (Handle h = jdbi.open()) {
                return Dialect.fromProductName(h.getConnection().getMetaData().getDatabaseProductName());
            } catch (org.jdbi.v3.core.ConnectionException e) {
                throw unreachable(e);
            } catch (SQLException | JdbiException e) {
                throw new DirsyncStorageException("cannot read the database metadata of " + database + ": "
                        + SchemaMigrator.rootMessage(e), e);
            }
        }

        private DirsyncStorageException unreachable(Exception e) {
            return new DirsyncStorageException("cannot reach database " + database + ": " + SchemaMigrator.rootMessage(e)
                    + ". Check that the database is running and that the DataSource's URL, user and password are right.",
                    e);
        }

    }
}
