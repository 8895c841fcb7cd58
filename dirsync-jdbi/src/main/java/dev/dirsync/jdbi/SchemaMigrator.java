package dev.dirsync.jdbi;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Brings dirsync's tables to the newest schema version, safely when several instances start at once.
 *
 * <p>Each version is claimed by inserting its row into the schema-version table with state {@code running};
 * the primary key lets exactly one instance win. The winner runs the version's script and marks it
 * {@code done}; the others wait for that. A unique insert was chosen over a lock row held with
 * {@code SELECT ... FOR UPDATE} because MySQL and H2 commit implicitly on DDL, which would release such a
 * lock half-way; the scripts are idempotent instead, so a version whose winner failed can be run again.
 */
final class SchemaMigrator {
    private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);
    private static final String RESOURCE_ROOT = "/dev/dirsync/jdbi/schema/";

    /**
     * One version of the schema: its number, what it does, a check in Java before the script (refusing data the
     * new constraints cannot hold, with a message that says how to fix it), its script under the dialect's folder,
     * and work done in Java after the script (filling new columns from JSON, which SQL cannot read portably). All
     * must be safe to run again: a version whose winner failed half-way is run again from the start.
     */
    record Version(int number, String description, @Nullable Step before, String script, @Nullable Step then) {
        Version(int number, String description, String script) {
            this(number, description, null, script, null);
        }

        Version(int number, String description, String script, @Nullable Step then) {
            this(number, description, null, script, then);
        }
    }

    /** Java work of a version, on the migration handle (auto-commit; open transactions as needed). */
    interface Step {
        void run(Handle h, Dialect dialect, Tables tables);
    }

    /** Every version, oldest first. Append new ones; never edit a released script. */
    static final List<Version> VERSIONS = List.of(
            new Version(1, "state tables", "V1__state_tables.sql"),
            new Version(2, "SCIM credentials", "V2__scim_credentials.sql"),
            new Version(3, "read model columns and indexes", "V3__read_model.sql",
                    (h, dialect, tables) -> new ReadModelBackfill(h, dialect, tables,
                            ReadModelBackfill.DEFAULT_BATCH).run()),
            new Version(4, "tenant binding: unique WorkOS organization and directory", TenantBindingCheck::run,
                    "V4__tenant_binding.sql", null),
            new Version(5, "index of refused changes", "V5__blocked_index.sql"),
            new Version(6, "background jobs and db-scheduler's task table", "V6__jobs.sql"),
            new Version(7, "SCIM filters in the store: emails and title columns, indexes by directory", "V7__scim_filters.sql",
                    (h, dialect, tables) -> new ReadModelBackfill(h, dialect, tables,
                            ReadModelBackfill.DEFAULT_BATCH).fillEmailsAndTitles()),
            new Version(8, "access history", "V8__access_history.sql",
                    (h, dialect, tables) -> AccessHistorySeed.run(h, dialect, tables, AccessHistorySeed.DEFAULT_BATCH)),
            new Version(9, "drift between the app and the directory", "V9__drift.sql"),
            new Version(10, "WorkOS webhook inbox", "V10__inbox.sql"),
            new Version(11, "SCIM pages: live users of a directory in id order", "V11__scim_pages.sql"));

    private static final Duration POLL = Duration.ofMillis(200);

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final Tables tables;
    private final Duration waitForOthers;
    private final String owner = host() + " (" + UUID.randomUUID().toString().substring(0, 8) + ")";

    private final List<Version> versions;

    SchemaMigrator(Jdbi jdbi, Dialect dialect, Tables tables, Duration waitForOthers) {
        this(jdbi, dialect, tables, waitForOthers, VERSIONS);
    }

    /** A migrator that knows only {@code versions} (tests build databases as older dirsync versions left them). */
    SchemaMigrator(Jdbi jdbi, Dialect dialect, Tables tables, Duration waitForOthers, List<Version> versions) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.tables = tables;
        this.waitForOthers = waitForOthers;
        this.versions = List.copyOf(versions);
    }

    void migrate() {
        try (Handle h = jdbi.open()) {
            // every statement here commits on its own, whatever the pool's default
            h.getConnection().setAutoCommit(true);
            ensureVersionTable(h);
            for (Version v : versions) {
                apply(h, v);
            }
            int newest = h.createQuery("SELECT MAX(version) FROM " + tables.schemaVersion).mapTo(Integer.class).one();
            int known = versions.get(versions.size() - 1).number();
            if (newest > known) {
                log.warn("dirsync's tables (prefix '{}') are at schema version {}, newer than the {} this dirsync-jdbi "
                        + "knows: another instance runs a newer dirsync. Upgrade this one too.", tables.prefix,
                        newest, known);
            }
        } catch (SQLException e) {
            throw new DirsyncStorageException("cannot switch the migration connection to auto-commit: "
                    + e.getMessage(), e);
        }
    }

    private void ensureVersionTable(Handle h) {
        try {
            execute(h, script("schema_version.sql"));
        } catch (JdbiException e) {
            // two instances creating it at once: PostgreSQL can fail the loser even with IF NOT EXISTS
            if (!versionTableExists(h)) {
                throw new DirsyncStorageException("cannot create dirsync's schema-version table "
                        + tables.schemaVersion + ": " + rootMessage(e) + ". Check that the database user may create "
                        + "tables" + (tables.schema == null ? "" : " in schema " + tables.schema), e);
            }
        }
    }

    private boolean versionTableExists(Handle h) {
        try {
            h.createQuery("SELECT COUNT(*) FROM " + tables.schemaVersion).mapTo(Integer.class).one();
            return true;
        } catch (JdbiException e) {
            return false;
        }
    }

    private void apply(Handle h, Version v) {
        Instant deadline = Instant.now().plus(waitForOthers);
        while (true) {
            Optional<String> state = state(h, v);
            if (state.isPresent() && state.get().equals("done")) {
                return;
            }
            if (state.isEmpty() && claim(h, v)) {
                run(h, v);
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw stuck(h, v);
            }
            sleep();
        }
    }

    private Optional<String> state(Handle h, Version v) {
        return h.createQuery("SELECT state FROM " + tables.schemaVersion + " WHERE version = :v")
                .bind("v", v.number()).mapTo(String.class).findOne();
    }

    /** True if this instance inserted the version's row, i.e. it runs the script. */
    private boolean claim(Handle h, Version v) {
        try {
            h.createUpdate("INSERT INTO " + tables.schemaVersion + " (version, description, state, installed_by, "
                            + "installed_at) VALUES (:v, :d, 'running', :owner, :at)")
                    .bind("v", v.number()).bind("d", v.description()).bind("owner", owner)
                    .bind("at", Sql.instant(dialect, Instant.now())).execute();
            return true;
        } catch (JdbiException e) {
            if (e.getCause() instanceof SQLException s && dialect.isDuplicateKey(s)) {
                return false; // another instance claimed it first
            }
            throw new DirsyncStorageException("cannot write to " + tables.schemaVersion + ": " + rootMessage(e), e);
        }
    }

    private void run(Handle h, Version v) {
        log.info("applying dirsync schema version {} ({}) to tables with prefix '{}'", v.number(), v.description(),
                tables.prefix);
        try {
            if (v.before() != null) {
                v.before().run(h, dialect, tables);
            }
            execute(h, script(v.script()));
            if (v.then() != null) {
                v.then().run(h, dialect, tables);
            }
        } catch (RuntimeException e) {
            // release the claim: the script is idempotent, so the next start (here or elsewhere) may retry it
            h.createUpdate("DELETE FROM " + tables.schemaVersion + " WHERE version = :v AND installed_by = :owner")
                    .bind("v", v.number()).bind("owner", owner).execute();
            if (e instanceof TenantBindingCheck.Refused refused) {
                log.error("dirsync schema version {} not applied: {}", v.number(), refused.getMessage());
                throw refused;
            }
            throw new DirsyncStorageException("applying dirsync schema version " + v.number() + " (" + resource(v.script())
                    + ") failed: " + rootMessage(e) + ". Fix the cause (often: the database user may not create "
                    + "tables or indexes) and start again; the script is safe to re-run.", e);
        }
        h.createUpdate("UPDATE " + tables.schemaVersion + " SET state = 'done', installed_at = :at WHERE version = :v")
                .bind("v", v.number()).bind("at", Sql.instant(dialect, Instant.now())).execute();
    }

    private DirsyncStorageException stuck(Handle h, Version v) {
        String by = h.createQuery("SELECT installed_by FROM " + tables.schemaVersion + " WHERE version = :v")
                .bind("v", v.number()).mapTo(String.class).findOne().orElse("another instance");
        return new DirsyncStorageException("dirsync schema version " + v.number() + " is being applied by " + by
                + " and was not done after " + waitForOthers.toSeconds() + " s. If that instance died while migrating, "
                + "check the tables against " + resource(v.script()) + " in the dirsync-jdbi jar, then delete the row "
                + "with version " + v.number() + " from " + tables.schemaVersion + " (the script is safe to re-run) "
                + "and start again.");
    }

    private void execute(Handle h, String script) {
        for (String statement : statements(script)) {
            try {
                h.execute(statement);
            } catch (JdbiException e) {
                if (e.getCause() instanceof SQLException s && dialect.isAlreadyApplied(s)) {
                    log.debug("skipping a statement applied already: {}", s.getMessage());
                    continue;
                }
                throw e;
            }
        }
    }

    /** Splits a script into statements at semicolons that end a line; {@code --} comment lines are dropped. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            if (trimmed.endsWith(";")) {
                current.append(trimmed, 0, trimmed.length() - 1);
                out.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(trimmed).append('\n');
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    private String script(String name) {
        String path = resource(name);
        try (InputStream in = SchemaMigrator.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("resource " + path + " is missing from the dirsync-jdbi jar");
            }
            return tables.render(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }

    private String resource(String name) {
        return RESOURCE_ROOT + dialect.resourceDirectory() + "/" + name;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static String host() {
        String name = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
        return name.length() > 150 ? name.substring(0, 150) : name;
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DirsyncStorageException("interrupted while waiting for another instance to migrate dirsync's "
                    + "tables", e);
        }
    }
}
