package dev.dirsync.examples.saas;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's PostgreSQL and MariaDB connections get driver socket timeouts unless the URL sets its own. */
class DriverTimeoutsTest {
    private static HikariDataSource configured(String url) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(url);
        new DriverTimeouts().postProcessBeforeInitialization(ds, "dataSource");
        return ds;
    }

    @Test
    void postgresGetsASocketTimeoutInSeconds() {
        HikariDataSource ds = configured("jdbc:postgresql://db:5432/app");

        assertThat(ds.getDataSourceProperties()).containsEntry("socketTimeout", "60")
                .containsEntry("connectTimeout", "10").containsEntry("tcpKeepAlive", "true");
    }

    @Test
    void mariadbGetsASocketTimeoutInMilliseconds() {
        assertThat(configured("jdbc:mariadb://db:3306/app").getDataSourceProperties())
                .containsEntry("socketTimeout", "60000").containsEntry("connectTimeout", "10000");
    }

    @Test
    void aTimeoutInTheUrlWinsAndH2IsLeftAlone() {
        assertThat(configured("jdbc:postgresql://db:5432/app?socketTimeout=5").getDataSourceProperties())
                .doesNotContainKey("socketTimeout").containsEntry("connectTimeout", "10");
        assertThat(configured("jdbc:h2:mem:x").getDataSourceProperties()).isEmpty();
    }
}
