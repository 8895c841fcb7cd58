package dev.dirsync.examples.saas;

import dev.dirsync.core.spi.UserStore;
import dev.dirsync.core.testkit.UserStoreScaleContract;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import javax.sql.DataSource;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dirsync's scale check (the SPI test kit's {@link UserStoreScaleContract}) against the demo's own store and
 * schema on H2: rows examined are H2's {@code scanCount} of {@code EXPLAIN ANALYZE}, run again for each statement
 * the lookup executed, with its parameters.
 */
@SpringBootTest(classes = SaasApplication.class, properties =
        "spring.datasource.url=jdbc:h2:mem:saas_scale;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000")
class SaasUserStoreScaleTest extends UserStoreScaleContract {
    private static final Pattern SCAN_COUNT = Pattern.compile("scanCount: (\\d+)");

    @Autowired
    DataSource dataSource;

    private JdbcTemplate jdbc;
    private UserStore store;
    /** The statements the store executed since the last lookup began: SQL and parameters by index. */
    private final List<Executed> executed = new ArrayList<>();

    private record Executed(String sql, TreeMap<Integer, Object> params) {
    }

    @BeforeEach
    void recordingStore() {
        jdbc = new JdbcTemplate(dataSource);
        store = new SaasUserStore(new JdbcTemplate(recording(dataSource)));
    }

    @Override
    protected UserStore store() {
        return store;
    }

    @Override
    protected long rowsExamined(Runnable lookup) {
        executed.clear();
        lookup.run();
        long rows = 0;
        for (Executed e : List.copyOf(executed)) {
            for (String line : jdbc.query(con -> {
                PreparedStatement ps = con.prepareStatement("EXPLAIN ANALYZE " + e.sql());
                for (var p : e.params().entrySet()) {
                    ps.setObject(p.getKey(), p.getValue());
                }
                return ps;
            }, (rs, i) -> rs.getString(1))) {
                Matcher m = SCAN_COUNT.matcher(line);
                while (m.find()) {
                    rows += Long.parseLong(m.group(1));
                }
            }
        }
        return rows;
    }

    /** A DataSource whose prepared statements record their SQL and parameters when executed. */
    private DataSource recording(DataSource target) {
        return new SingleConnectionDataSource(proxy(Connection.class, connection(target), (m, args, result) -> {
            if (m.getName().equals("prepareStatement") && result instanceof PreparedStatement ps) {
                String sql = (String) args[0];
                TreeMap<Integer, Object> params = new TreeMap<>();
                return proxy(PreparedStatement.class, ps, (sm, sargs, sresult) -> {
                    if (sm.getName().startsWith("set") && sargs != null && sargs.length >= 2
                            && sargs[0] instanceof Integer i) {
                        params.put(i, sargs[1]);
                    }
                    if (sm.getName().startsWith("execute")) {
                        executed.add(new Executed(sql, new TreeMap<>(params)));
                    }
                    return sresult;
                });
            }
            return result;
        }), true);
    }

    private static Connection connection(DataSource ds) {
        try {
            return ds.getConnection();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface After {
        Object apply(java.lang.reflect.Method m, Object[] args, Object result);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, After after) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (p, m, args) -> {
            try {
                return after.apply(m, args, m.invoke(target, args));
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
