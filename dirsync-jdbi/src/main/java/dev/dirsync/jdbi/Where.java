package dev.dirsync.jdbi;

import org.jdbi.v3.core.statement.SqlStatement;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Conditions of a query built from optional filters, with the bindings of their parameters. */
final class Where {
    private final List<String> conditions = new ArrayList<>();
    private final List<Consumer<SqlStatement<?>>> binds = new ArrayList<>();

    /** Adds a condition (ANDed with the others) and what binds its parameters. */
    Where and(String condition, Consumer<SqlStatement<?>> bind) {
        conditions.add(condition);
        binds.add(bind);
        return this;
    }

    Where and(String condition) {
        conditions.add(condition);
        return this;
    }

    /** {@code " WHERE a AND b"}, or empty without conditions. */
    String sql() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    <S extends SqlStatement<?>> S bind(S statement) {
        binds.forEach(b -> b.accept(statement));
        return statement;
    }
}
