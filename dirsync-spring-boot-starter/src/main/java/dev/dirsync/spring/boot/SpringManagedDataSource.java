package dev.dirsync.spring.boot;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

import javax.sql.DataSource;
import java.lang.reflect.Method;

/**
 * The application's DataSource as dirsync's JDBI store sees it under Spring: inside a Spring transaction a
 * connection is that transaction's connection (Spring's {@link TransactionAwareDataSourceProxy}; closing it only
 * releases it), outside one a pooled connection as usual. It also answers the pool's URL and user getters, so that
 * dirsync's error messages keep naming the database ("cannot reach database jdbc:postgresql://db:5432/app (user
 * app)") instead of this proxy.
 */
public final class SpringManagedDataSource extends TransactionAwareDataSourceProxy {

    public SpringManagedDataSource(DataSource target) {
        super(target);
    }

    /** The target pool's JDBC URL, if it tells. */
    public @Nullable String getJdbcUrl() {
        return target("getJdbcUrl", "getUrl", "getURL");
    }

    /** The target pool's user, if it tells. */
    public @Nullable String getUsername() {
        return target("getUsername", "getUser", "getUserName");
    }

    private @Nullable String target(String... getters) {
        DataSource target = getTargetDataSource();
        if (target == null) {
            return null;
        }
        for (String getter : getters) {
            try {
                Method m = target.getClass().getMethod(getter);
                if (m.invoke(target) instanceof String s && !s.isBlank()) {
                    return s;
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // not this pool's getter; try the next name
            }
        }
        return null;
    }
}
