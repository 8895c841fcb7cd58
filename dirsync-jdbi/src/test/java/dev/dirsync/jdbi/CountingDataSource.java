package dev.dirsync.jdbi;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * A DataSource that counts, at the JDBC level, the statements executed and the result-set rows fetched through
 * it, and the commits: what a store really asks of the database, whatever it does with the answers. Public for the
 * SCIM endpoint's cost tests in dirsync-servlet (this module's test-jar).
 */
public final class CountingDataSource implements DataSource {
    private final DataSource delegate;
    public final AtomicLong statements = new AtomicLong();
    public final AtomicLong rows = new AtomicLong();
    public final AtomicLong commits = new AtomicLong();
    /** The SQL of the statements prepared since the last reset, to say what a failed budget was spent on. */
    public final java.util.List<String> prepared = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    public CountingDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    public void reset() {
        statements.set(0);
        rows.set(0);
        commits.set(0);
        prepared.clear();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return wrap(delegate.getConnection(user, password));
    }

    private Connection wrap(Connection c) {
        return proxy(Connection.class, c, (method, result, args) -> {
            if (method.getName().startsWith("prepare") && args != null && args.length > 0 && args[0] instanceof String sql) {
                prepared.add(sql);
            }
            if (method.getName().equals("commit")) {
                commits.incrementAndGet();
            }
            if (result instanceof CallableStatement s) {
                return statement(CallableStatement.class, s);
            }
            if (result instanceof PreparedStatement s) {
                return statement(PreparedStatement.class, s);
            }
            if (result instanceof Statement s) {
                return statement(Statement.class, s);
            }
            return result;
        });
    }

    private <S extends Statement> S statement(Class<S> type, S s) {
        return proxy(type, s, (method, result, args) -> {
            String name = method.getName();
            if (name.startsWith("execute")) {
                statements.incrementAndGet();
            }
            if (result instanceof ResultSet rs) {
                return proxy(ResultSet.class, rs, (m, r, a) -> {
                    if (m.getName().equals("next") && Boolean.TRUE.equals(r)) {
                        rows.incrementAndGet();
                    }
                    return r;
                });
            }
            return result;
        });
    }

    private interface After {
        Object apply(Method method, Object result, Object[] args);
    }

    private static <T> T proxy(Class<T> type, T target, After after) {
        InvocationHandler h = (p, method, args) -> {
            try {
                return after.apply(method, method.invoke(target, args), args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(CountingDataSource.class.getClassLoader(), new Class<?>[]{type}, h));
    }

    @Override public PrintWriter getLogWriter() throws SQLException { return delegate.getLogWriter(); }
    @Override public void setLogWriter(PrintWriter out) throws SQLException { delegate.setLogWriter(out); }
    @Override public void setLoginTimeout(int seconds) throws SQLException { delegate.setLoginTimeout(seconds); }
    @Override public int getLoginTimeout() throws SQLException { return delegate.getLoginTimeout(); }
    @Override public Logger getParentLogger() throws SQLFeatureNotSupportedException { return delegate.getParentLogger(); }
    @Override public <T> T unwrap(Class<T> iface) throws SQLException { return delegate.unwrap(iface); }
    @Override public boolean isWrapperFor(Class<?> iface) throws SQLException { return delegate.isWrapperFor(iface); }
}
