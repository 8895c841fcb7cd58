package dev.dirsync.jdbi;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The SQL dialects dirsync-jdbi speaks. Differences between databases live here as capabilities, so queries
 * never test a product name. Detected from the JDBC metadata; pass one to the builder to override.
 */
public enum Dialect {
    /** H2 2.x (tests, demos, embedded hosts). */
    H2("h2", Upsert.MERGE_KEY, false, 23505, false, true, Set.of(), false),
    /** PostgreSQL 12 or later. */
    POSTGRESQL("postgresql", Upsert.ON_CONFLICT, true, -1, false, true, Set.of(), true),
    /**
     * MySQL 8 and MariaDB 10.5 or later (InnoDB). MySQL has no {@code ADD COLUMN IF NOT EXISTS}: re-running a
     * script reports the column (1060) or index (1061) as existing, or an index to drop as gone (1091), which means
     * the statement is applied already.
     */
    MYSQL("mysql", Upsert.ON_DUPLICATE_KEY, false, 1062, true, false, Set.of(1060, 1061, 1091), true);

    /** How a dialect writes "insert, or replace the row with the same key". */
    enum Upsert { ON_CONFLICT, ON_DUPLICATE_KEY, MERGE_KEY }

    private final String resourceDirectory;
    private final Upsert upsert;
    private final boolean insertIfAbsentInOneStatement;
    private final int duplicateKeyVendorCode;
    private final boolean timestampsAsText;
    private final boolean rowValueRanges;
    private final Set<Integer> alreadyAppliedVendorCodes;
    private final boolean inListSeeksIndex;

    Dialect(String resourceDirectory, Upsert upsert, boolean insertIfAbsentInOneStatement, int duplicateKeyVendorCode,
            boolean timestampsAsText, boolean rowValueRanges, Set<Integer> alreadyAppliedVendorCodes,
            boolean inListSeeksIndex) {
        this.inListSeeksIndex = inListSeeksIndex;
        this.resourceDirectory = resourceDirectory;
        this.upsert = upsert;
        this.insertIfAbsentInOneStatement = insertIfAbsentInOneStatement;
        this.duplicateKeyVendorCode = duplicateKeyVendorCode;
        this.timestampsAsText = timestampsAsText;
        this.rowValueRanges = rowValueRanges;
        this.alreadyAppliedVendorCodes = alreadyAppliedVendorCodes;
    }

    /**
     * True if {@code a = ? AND b = ? AND c IN (...)} seeks each listed value in an index on (a, b, c). H2 uses an
     * {@code IN} list with an index only on the index's first column; otherwise it reads every row of (a, b) and
     * tests the list, so a job's batch read would grow with the organization. There, several keys are read with
     * one lookup per key joined by {@code UNION ALL}, still one statement.
     */
    boolean inListSeeksIndex() {
        return inListSeeksIndex;
    }

    /** Folder of this dialect's DDL under {@code dev/dirsync/jdbi/schema/} in the jar. */
    String resourceDirectory() {
        return resourceDirectory;
    }

    /**
     * True if the dialect can insert-unless-present in one statement that never fails on the duplicate
     * ({@code ON CONFLICT DO NOTHING}); otherwise dirsync inserts under a savepoint and catches the duplicate,
     * so the surrounding transaction stays usable either way.
     */
    boolean insertsIfAbsentInOneStatement() {
        return insertIfAbsentInOneStatement;
    }

    /**
     * True if times are exchanged with the driver as {@code yyyy-MM-dd HH:mm:ss.ffffff} text: the MariaDB
     * driver decodes {@code DATETIME} through the JVM's time zone (even for {@code getString}), which shifts
     * values that fall into a daylight-saving gap there, so such columns are selected as text.
     */
    boolean timestampsAsText() {
        return timestampsAsText;
    }

    /** A select-list item for a time column, read back under its own name. */
    String selectTime(String column) {
        return timestampsAsText ? "CAST(" + column + " AS CHAR) AS " + column : column;
    }

    /** A select-list item for a time column {@code expression} (say {@code p.purge_at}), read back as {@code name}. */
    String selectTime(String expression, String name) {
        return timestampsAsText ? "CAST(" + expression + " AS CHAR) AS " + name : expression + " AS " + name;
    }

    /**
     * A condition "the row comes after this position" in the order of {@code columns} (all ascending; {@code <}
     * for before), for keyset paging over an index. PostgreSQL and H2 get a row-value comparison, which they turn
     * into an index range; MySQL/MariaDB get the same spelled out with OR, which their range optimizer reads.
     */
    String keyset(List<String> columns, List<String> parameters, String operator) {
        if (!operator.equals(">") && !operator.equals("<")) {
            throw new IllegalArgumentException("keyset operator must be > or <, was " + operator);
        }
        if (rowValueRanges) {
            return "(" + String.join(", ", columns) + ") " + operator + " ("
                    + parameters.stream().map(p -> ":" + p).collect(Collectors.joining(", ")) + ")";
        }
        String last = columns.get(columns.size() - 1) + " " + operator + " :" + parameters.get(parameters.size() - 1);
        for (int i = columns.size() - 2; i >= 0; i--) {
            String c = columns.get(i);
            String p = ":" + parameters.get(i);
            last = "(" + c + " " + operator + " " + p + " OR (" + c + " = " + p + " AND " + last + "))";
        }
        return columns.size() == 1 ? "(" + last + ")" : last;
    }

    /** True if a DDL statement failed only because what it adds exists already (a script run a second time). */
    boolean isAlreadyApplied(SQLException e) {
        return alreadyAppliedVendorCodes.contains(e.getErrorCode());
    }

    /** Picks the dialect from the product name the JDBC driver reports. */
    static Dialect fromProductName(String productName) {
        String p = productName.toLowerCase(Locale.ROOT);
        if (p.contains("postgres")) {
            return POSTGRESQL;
        }
        if (p.contains("mysql") || p.contains("mariadb")) {
            return MYSQL;
        }
        if (p.equals("h2")) {
            return H2;
        }
        throw new DirsyncStorageException("dirsync-jdbi supports H2, PostgreSQL and MySQL/MariaDB, but the database "
                + "reports itself as '" + productName + "'. If it speaks one of those dialects, pass it explicitly: "
                + "JdbiStateStore.builder(dataSource).dialect(Dialect.POSTGRESQL)");
    }

    /** True if the exception says a unique or primary key already holds the value. */
    boolean isDuplicateKey(SQLException e) {
        return "23505".equals(e.getSQLState())
                || (duplicateKeyVendorCode > 0 && e.getErrorCode() == duplicateKeyVendorCode);
    }

    /** Insert-or-replace of one row, with named parameters {@code :column}. */
    String upsert(String table, List<String> keyColumns, List<String> columns) {
        String names = String.join(", ", columns);
        String values = columns.stream().map(c -> ":" + c).collect(Collectors.joining(", "));
        List<String> others = columns.stream().filter(c -> !keyColumns.contains(c)).toList();
        switch (upsert) {
            case ON_CONFLICT:
                return "INSERT INTO " + table + " (" + names + ") VALUES (" + values + ") ON CONFLICT ("
                        + String.join(", ", keyColumns) + ") DO UPDATE SET "
                        + others.stream().map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
            case ON_DUPLICATE_KEY:
                // VALUES(c), not MySQL 8's row alias: MariaDB has only the former. A duplicate on ANY unique key
                // updates that row: only tables whose one unique key is the primary key may use this (not connections)
                return "INSERT INTO " + table + " (" + names + ") VALUES (" + values + ") ON DUPLICATE KEY UPDATE "
                        + others.stream().map(c -> c + " = VALUES(" + c + ")").collect(Collectors.joining(", "));
            case MERGE_KEY:
                return "MERGE INTO " + table + " (" + names + ") KEY (" + String.join(", ", keyColumns) + ") VALUES ("
                        + values + ")";
            default:
                throw new IllegalStateException("unknown upsert style " + upsert);
        }
    }

    /**
     * Insert of one row that does nothing if the key exists: a single statement where the dialect has one,
     * else a plain insert that {@link #insertsIfAbsentInOneStatement() the caller} guards with a savepoint.
     */
    String insertIfAbsent(String table, List<String> keyColumns, List<String> columns) {
        String sql = Sql.insert(table, columns);
        return insertIfAbsentInOneStatement
                ? sql + " ON CONFLICT (" + String.join(", ", keyColumns) + ") DO NOTHING"
                : sql;
    }
}
