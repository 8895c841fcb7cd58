package dev.dirsync.jdbi;

import org.jspecify.annotations.Nullable;

import javax.sql.DataSource;
import java.lang.reflect.Method;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the database behind a {@link DataSource} for error messages: its JDBC URL and user, never a password.
 * Pools and drivers expose these under different getters, so they are looked up by name.
 */
final class DataSourceDescription {
    private static final Pattern USERINFO = Pattern.compile("//([^/@?;]*)@");

    private DataSourceDescription() {
    }

    static String of(DataSource ds) {
        String url = call(ds, "getJdbcUrl", "getUrl", "getURL");
        String user = call(ds, "getUsername", "getUser", "getUserName");
        if (url == null) {
            return "the database of " + ds.getClass().getName() + (user == null ? "" : " (user " + user + ")");
        }
        if (user == null) {
            user = parameter(url, "user");
        }
        return withoutSecrets(url) + (user == null ? "" : " (user " + user + ")");
    }

    /**
     * The URL without credentials: drops {@code user:password@} user info and every parameter (some data
     * sources render all their properties, password included, as parameters; the user is reported separately).
     */
    static String withoutSecrets(String url) {
        Matcher m = USERINFO.matcher(url);
        String out = m.find() ? url.substring(0, m.start()) + "//" + url.substring(m.end()) : url;
        int q = out.indexOf('?');
        int semi = out.indexOf(';'); // H2 and SQL Server style
        int cut = q < 0 ? semi : semi < 0 ? q : Math.min(q, semi);
        return cut < 0 ? out : out.substring(0, cut);
    }

    private static @Nullable String parameter(String url, String name) {
        Matcher m = Pattern.compile("[?&;]" + name + "=([^&;]*)").matcher(url);
        return m.find() ? m.group(1) : null;
    }

    private static @Nullable String call(Object target, String... getters) {
        for (String getter : getters) {
            try {
                Method method = target.getClass().getMethod(getter);
                Object value = method.invoke(target);
                if (value instanceof String s && !s.isBlank()) {
                    return s;
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // not this pool's getter; try the next name
            }
        }
        return null;
    }
}
