package dev.dirsync.examples.saas;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

import java.util.Locale;
import java.util.Map;

/**
 * Gives the demo's PostgreSQL and MariaDB/MySQL connections driver timeouts unless the JDBC URL (or a data source
 * property) sets its own: without a {@code socketTimeout} a connection whose database host vanished mid-query (a
 * network partition, not a refused connection) hangs its thread until the kernel gives up, minutes later, and
 * dirsync's fast "503, try again" never comes. The pool's timeouts only cover waiting for a connection.
 */
@Component
public class DriverTimeouts implements BeanPostProcessor {
    /** PostgreSQL (pgjdbc): seconds. The longest statement of a first sync stays well under a minute. */
    static final Map<String, String> POSTGRES = Map.of("socketTimeout", "60", "connectTimeout", "10",
            "tcpKeepAlive", "true");
    /** MariaDB Connector/J and MySQL Connector/J: milliseconds. */
    static final Map<String, String> MARIADB = Map.of("socketTimeout", "60000", "connectTimeout", "10000",
            "tcpKeepAlive", "true");

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource ds) {
            apply(ds);
        }
        return bean;
    }

    static void apply(HikariDataSource ds) {
        String url = ds.getJdbcUrl() == null ? "" : ds.getJdbcUrl().toLowerCase(Locale.ROOT);
        Map<String, String> defaults = url.startsWith("jdbc:postgresql:") ? POSTGRES
                : url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:") ? MARIADB : Map.of();
        defaults.forEach((name, value) -> {
            boolean inUrl = url.matches(".*[?&;]" + name.toLowerCase(Locale.ROOT) + "=.*");
            if (!inUrl && !ds.getDataSourceProperties().containsKey(name)) {
                ds.addDataSourceProperty(name, value);
            }
        });
    }
}
