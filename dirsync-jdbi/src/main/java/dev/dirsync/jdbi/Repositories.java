package dev.dirsync.jdbi;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.core.statement.Update;

import org.jspecify.annotations.Nullable;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** What every repository of one transaction shares: the handle, table names, dialect and JSON codec. */
final class Repositories {
    private static final AtomicInteger SAVEPOINTS = new AtomicInteger();

    final Handle handle;
    final Tables t;
    final Dialect dialect;
    final JsonCodec json;

    Repositories(Handle handle, Tables tables, Dialect dialect, JsonCodec json) {
        this.handle = handle;
        this.t = tables;
        this.dialect = dialect;
        this.json = json;
    }

    /**
     * A select list of these columns; time columns (named {@code *_at} or {@code *_time}) go through
     * {@link Dialect#selectTime} so every driver returns them unshifted.
     */
    String select(List<String> columns) {
        return "SELECT " + columns.stream()
                .map(c -> c.endsWith("_at") || c.endsWith("_time") ? dialect.selectTime(c) : c)
                .collect(Collectors.joining(", ")) + " FROM ";
    }

    /**
     * Select-list items {@code alias.column}, read back as {@code prefix + column}; time columns go through
     * {@link Dialect#selectTime(String, String)} like in {@link #select}.
     */
    String columns(String alias, String prefix, List<String> columns) {
        return columns.stream().map(c -> {
            String expression = alias + "." + c;
            String name = prefix + c;
            if (c.endsWith("_at") || c.endsWith("_time")) {
                return dialect.selectTime(expression, name);
            }
            return prefix.isEmpty() ? expression : expression + " AS " + name;
        }).collect(Collectors.joining(", "));
    }

    /** Users per statement of {@link #byUsers}: bounds the statement's size and parameters on every database. */
    static final int USERS_PER_STATEMENT = 100;

    /**
     * Rows of several people in one statement per (organization, directory) instead of one per person:
     * {@code selectFrom} (a select list and tables, no WHERE) completed with {@code organization_id = :o AND
     * directory_id = :d AND user_id IN (...)} on the columns of {@code alias} (empty for none), then {@code andWhere}
     * if any; each chunk of {@link #USERS_PER_STATEMENT} users is one statement. Where the dialect's {@code IN}
     * does not seek the index ({@link Dialect#inListSeeksIndex}), each user is its own key lookup, joined by
     * {@code UNION ALL}. No order: callers sort what they need sorted.
     */
    <T> List<T> byUsers(String selectFrom, String alias, String andWhere,
                        java.util.Collection<dev.dirsync.core.model.DirectoryUserKey> keys,
                        org.jdbi.v3.core.mapper.RowMapper<T> mapper) {
        String p = alias.isEmpty() ? "" : alias + ".";
        String and = andWhere.isEmpty() ? "" : " AND " + andWhere;
        java.util.Map<List<String>, List<String>> byDirectory = new java.util.LinkedHashMap<>();
        for (dev.dirsync.core.model.DirectoryUserKey k : keys) {
            byDirectory.computeIfAbsent(List.of(k.organizationId(), k.directoryId()), x -> new java.util.ArrayList<>())
                    .add(k.userId());
        }
        List<T> out = new java.util.ArrayList<>();
        for (var e : byDirectory.entrySet()) {
            List<String> ids = List.copyOf(new java.util.TreeSet<>(e.getValue()));
            for (int from = 0; from < ids.size(); from += USERS_PER_STATEMENT) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + USERS_PER_STATEMENT));
                String where = " WHERE " + p + "organization_id = :o AND " + p + "directory_id = :d AND " + p;
                String sql;
                if (dialect.inListSeeksIndex()) {
                    sql = selectFrom + where + "user_id IN (" + java.util.stream.IntStream.range(0, chunk.size())
                            .mapToObj(i -> ":u" + i).collect(Collectors.joining(", ")) + ")" + and;
                } else {
                    sql = java.util.stream.IntStream.range(0, chunk.size())
                            .mapToObj(i -> selectFrom + where + "user_id = :u" + i + and)
                            .collect(Collectors.joining(" UNION ALL "));
                }
                org.jdbi.v3.core.statement.Query q = handle.createQuery(sql)
                        .bind("o", e.getKey().get(0)).bind("d", e.getKey().get(1));
                for (int i = 0; i < chunk.size(); i++) {
                    q.bind("u" + i, chunk.get(i));
                }
                out.addAll(q.map(mapper).list());
            }
        }
        return out;
    }

    Argument time(@Nullable Instant value) {
        return Sql.instant(dialect, value);
    }

    Instant time(ResultSet rs, String column) throws SQLException {
        return Sql.instant(dialect, rs, column);
    }

    @Nullable Instant nullableTime(ResultSet rs, String column) throws SQLException {
        return Sql.nullableInstant(dialect, rs, column);
    }

    /**
     * Runs an insert built by {@link Dialect#insertIfAbsent}; true if it inserted, false if the key existed.
     * Where the dialect has no single statement for it, {@code exists} is asked first, so the usual duplicate
     * (one committed earlier) costs no failed statement and no driver warning; a duplicate inserted
     * concurrently still fails the insert, under a savepoint that keeps the transaction usable.
     */
    boolean insertIfAbsent(String sql, Consumer<Update> binder, BooleanSupplier exists) {
        Update update = handle.createUpdate(sql);
        binder.accept(update);
        if (dialect.insertsIfAbsentInOneStatement()) {
            return update.execute() == 1;
        }
        if (exists.getAsBoolean()) {
            update.close();
            return false;
        }
        String savepoint = "dirsync_sp_" + SAVEPOINTS.incrementAndGet();
        handle.savepoint(savepoint);
        try {
            update.execute();
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLException s && dialect.isDuplicateKey(s)) {
                handle.rollbackToSavepoint(savepoint); // JDBI forgets the savepoint with this
                return false;
            }
            throw e;
        }
        handle.releaseSavepoint(savepoint);
        return true;
    }
}
