package dev.dirsync.jdbi;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The databases the suites run on. PostgreSQL and MariaDB come from {@code .ci/run}; their URLs can be
 * overridden by environment variables. An unreachable server fails the tests: CI guarantees both.
 */
enum TestDatabase {
    H2(null, null, Dialect.H2),
    POSTGRES("DIRSYNC_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/dirsync_test?user=dirsync&password=dirsync", Dialect.POSTGRESQL),
    MARIADB("DIRSYNC_TEST_MARIADB_URL",
            "jdbc:mariadb://127.0.0.1:3306/dirsync_test?user=dirsync&password=dirsync", Dialect.MYSQL);

    private final String env;
    private final String defaultUrl;
    final Dialect dialect;

    TestDatabase(String env, String defaultUrl, Dialect dialect) {
        this.env = env;
        this.defaultUrl = defaultUrl;
        this.dialect = dialect;
    }

    /**
     * A JDBC URL for a test class. H2: a fresh in-memory database shared by every pool of this JVM that uses the
     * same URL, with a lock timeout long enough for the concurrency tests.
     */
    String newUrl() {
        if (this == H2) {
            return "jdbc:h2:mem:dirsync_" + UUID.randomUUID().toString().substring(0, 8)
                    + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=20000";
        }
        String fromEnv = System.getenv(env);
        return fromEnv == null || fromEnv.isBlank() ? defaultUrl : fromEnv;
    }

    static HikariDataSource pool(String url, int size) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setMaximumPoolSize(size);
        c.setMinimumIdle(0);
        c.setConnectionTimeout(10_000);
        c.setInitializationFailTimeout(-1); // let JdbiStateStore report an unreachable database in its own words
        c.setPoolName("dirsync-test-" + UUID.randomUUID().toString().substring(0, 4));
        return new HikariDataSource(c);
    }

    /** A table prefix no other test run uses, so runs on a shared server never see each other's rows. */
    static String newPrefix() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
    }

    /** Drops every table of the prefix; tests clean up after themselves on the shared servers. */
    static void dropTables(DataSource ds, String prefix) {
        List<String> tables = new ArrayList<>(Tables.ALL);
        tables.add("schema_version");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            for (String t : tables) {
                s.execute("DROP TABLE IF EXISTS " + prefix + t);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test tables with prefix " + prefix, e);
        }
    }
}
