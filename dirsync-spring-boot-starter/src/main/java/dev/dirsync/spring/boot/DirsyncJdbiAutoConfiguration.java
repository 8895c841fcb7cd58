package dev.dirsync.spring.boot;

import dev.dirsync.core.state.StateStore;
import dev.dirsync.jdbi.ConnectionGuard;
import dev.dirsync.jdbi.JdbiStateStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * dirsync's state in the application's own {@link DataSource} through dirsync-jdbi; tables are created or
 * upgraded at startup. With spring-jdbc on the class path (every Boot JDBC or JPA application) dirsync's
 * transactions are Spring transactions on that DataSource ({@link SpringTransactionStateStore}), so the host's own
 * writes from its SPI beans commit with dirsync's. Without a DataSource the engine keeps its state in memory (and
 * warns).
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",                      // Boot 4
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",    // Boot 4
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",                      // Boot 3
        "org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration"})   // Boot 3
@ConditionalOnBooleanProperty(name = "dirsync.enabled", matchIfMissing = true)
@ConditionalOnClass({JdbiStateStore.class, DataSource.class})
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(DirsyncProperties.class)
public class DirsyncJdbiAutoConfiguration {

    static JdbiStateStore.Builder builder(DataSource dataSource, DirsyncProperties properties) {
        DirsyncSettings.Storage s = properties.getStorage();
        return JdbiStateStore.builder(dataSource)
                .tablePrefix(s.getTablePrefix())
                .schema(DirsyncSettings.hasText(s.getSchema()) ? s.getSchema() : null)
                .applySchema(s.isApplySchema())
                .maxAttempts(s.getMaxAttempts())
                .migrationWait(s.getMigrationWait())
                .connectionTimeout(s.getConnectionTimeout())
                .unavailableFor(s.getUnavailableFor());
    }

    /** One transaction with the host: dirsync joins the caller's Spring transaction or begins one of its own. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy",
            "org.springframework.transaction.support.TransactionTemplate"})
    static class InSpringTransactions {
        @Bean
        @ConditionalOnMissingBean(StateStore.class)
        SpringTransactionStateStore dirsyncStateStore(DataSource dataSource, DirsyncProperties properties,
                                                      ObjectProvider<PlatformTransactionManager> transactionManager,
                                                      ObjectProvider<DirsyncCustomizer> customizers) {
            JdbiStateStore.Builder b = builder(new SpringManagedDataSource(dataSource), properties);
            customizers.orderedStream().forEach(c -> c.customize(b));
            b.maxAttempts(1); // the Spring transaction is what runs again after a conflict, never a joined one
            // the Spring transaction acquires the connection, so the guard is there, not around the joined handle
            b.connectionTimeout(Duration.ZERO).unavailableFor(Duration.ZERO);
            // the host's own manager when it has one (JDBC or JPA): its @Transactional and dirsync then agree
            PlatformTransactionManager tm = transactionManager.getIfUnique(() -> new DataSourceTransactionManager(dataSource));
            DirsyncSettings.Storage s = properties.getStorage();
            return new SpringTransactionStateStore(b.build(), tm, s.getMaxAttempts(), new ConnectionGuard(
                    "the application's DataSource", s.getConnectionTimeout(), s.getUnavailableFor()));
        }
    }

    /** Without spring-jdbc: dirsync's own JDBI transactions. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy")
    static class InOwnTransactions {
        @Bean
        @ConditionalOnMissingBean(StateStore.class)
        JdbiStateStore dirsyncStateStore(DataSource dataSource, DirsyncProperties properties,
                                         ObjectProvider<DirsyncCustomizer> customizers) {
            JdbiStateStore.Builder b = builder(dataSource, properties);
            customizers.orderedStream().forEach(c -> c.customize(b));
            return b.build();
        }
    }

    /**
     * Background jobs on db-scheduler in the application's database ({@code dirsync.jobs.*}); off with
     * {@code dirsync.jobs.enabled=false} (jobs then run in the request that needs them).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "dirsync.jobs.enabled", matchIfMissing = true)
    static class BackgroundJobs {
        @Bean
        @ConditionalOnMissingBean(dev.dirsync.core.job.JobScheduler.class)
        dev.dirsync.jdbi.DbSchedulerJobs dirsyncJobs(DataSource dataSource, DirsyncProperties properties) {
            DirsyncSettings.Storage s = properties.getStorage();
            DirsyncSettings.Jobs j = properties.getJobs();
            return dev.dirsync.jdbi.DbSchedulerJobs.builder(dataSource).tablePrefix(s.getTablePrefix())
                    .schema(DirsyncSettings.hasText(s.getSchema()) ? s.getSchema() : null)
                    .pollInterval(j.getPollInterval()).heartbeatInterval(j.getHeartbeatInterval())
                    .threads(j.getThreads()).build();
        }

        @Bean
        @ConditionalOnBean(dev.dirsync.jdbi.DbSchedulerJobs.class)
        DirsyncJobsLifecycle dirsyncJobsLifecycle(dev.dirsync.jdbi.DbSchedulerJobs jobs,
                                                  ObjectProvider<dev.dirsync.core.DirectorySync> sync) {
            return new DirsyncJobsLifecycle(jobs, sync);
        }
    }
}
