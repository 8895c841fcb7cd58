package dev.dirsync.jdbi;

import org.jdbi.v3.core.argument.Argument;
import org.jspecify.annotations.Nullable;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Small SQL helpers shared by the repositories. */
final class Sql {
    private Sql() {
    }

    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

    /**
     * An instant as a UTC {@code TIMESTAMP}/{@code DATETIME}, to the microsecond (what PostgreSQL and MySQL keep).
     * Bound as {@link LocalDateTime} with {@code setObject}, or as text where the dialect says its drivers
     * convert through the JVM's time zone; never through {@code java.sql.Timestamp}. Either way the JVM's time
     * zone (and its daylight-saving gaps) cannot shift stored values.
     */
    /** {@code INSERT INTO table (a, b) VALUES (:a, :b)}: one named parameter per column. */
    static String insert(String table, java.util.List<String> columns) {
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", columns.stream().map(c -> ":" + c).toList()) + ")";
    }

    static Argument instant(Dialect dialect, @Nullable Instant value) {
        if (value == null) {
            return (position, statement, ctx) -> statement.setNull(position, Types.TIMESTAMP);
        }
        LocalDateTime utc = LocalDateTime.ofInstant(truncate(value), ZoneOffset.UTC);
        if (dialect.timestampsAsText()) {
            String text = TEXT.format(utc);
            return (position, statement, ctx) -> statement.setString(position, text);
        }
        return (position, statement, ctx) -> statement.setObject(position, utc);
    }

    static Instant truncate(Instant value) {
        return value.truncatedTo(ChronoUnit.MICROS);
    }

    static @Nullable Instant nullableInstant(Dialect dialect, ResultSet rs, String column) throws SQLException {
        LocalDateTime v;
        if (dialect.timestampsAsText()) {
            String text = rs.getString(column);
            v = text == null ? null : LocalDateTime.parse(text.replace(' ', 'T'));
        } else {
            v = rs.getObject(column, LocalDateTime.class);
        }
        return v == null ? null : v.toInstant(ZoneOffset.UTC);
    }

    static Instant instant(Dialect dialect, ResultSet rs, String column) throws SQLException {
        Instant v = nullableInstant(dialect, rs, column);
        if (v == null) {
            throw new SQLException("column " + column + " is null but dirsync always writes it");
        }
        return v;
    }

    /** A {@code LIKE} pattern matching {@code text} anywhere, with wildcards in it escaped by {@code !}. */
    /** A LIKE pattern (escape {@code !}) of text starting with {@code text}: a range of an index. */
    static String startsWithPattern(String text) {
        return escapedForLike(text) + "%";
    }

    static String containsPattern(String text) {
        return "%" + escapedForLike(text) + "%";
    }

    /** The text with LIKE's wildcards (and the escape character {@code !}) escaped, to match themselves. */
    static String escapedForLike(String text) {
        StringBuilder sb = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '%' || c == '_' || c == '!') {
                sb.append('!');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
