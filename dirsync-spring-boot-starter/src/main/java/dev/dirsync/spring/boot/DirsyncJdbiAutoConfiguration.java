package dev.dirsync.spring.boot;

import dev.dirsync.core.state.StateStore;
import dev.dirsync.jdbi.JdbiStateStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;

/**
 * dirsync's state in the application's own {@link DataSource} through dirsync-jdbi; tables are created or
 * upgraded at startup. Without a DataSource the engine keeps its state in memory (and warns).
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",     // Boot 4
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration"})    // Boot 3
@ConditionalOnBooleanProperty(name = "dirsync.enabled", matchIfMissing = true)
@ConditionalOnClass({JdbiStateStore.class, DataSource.class})
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(DirsyncProperties.class)
public class DirsyncJdbiAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(StateStore.class)
    public JdbiStateStore dirsyncStateStore(DataSource dataSource, DirsyncProperties properties,
                                            ObjectProvider<DirsyncCustomizer> customizers) {
        DirsyncSettings.Storage s = properties.getStorage();
        JdbiStateStore.Builder b = JdbiStateStore.builder(dataSource)
                .tablePrefix(s.getTablePrefix())
                .schema(DirsyncSettings.hasText(s.getSchema()) ? s.getSchema() : null)
                .applySchema(s.isApplySchema())
                .maxAttempts(s.getMaxAttempts())
                .migrationWait(s.getMigrationWait());
        customizers.orderedStream().forEach(c -> c.customize(b));
        return b.build();
    }
}
