package dev.dirsync.spring.boot;

import dev.dirsync.core.DirectorySync;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The scheduled drift check ({@code dirsync.drift.*}): differences between the app and the directory, found every
 * interval. Off with {@code dirsync.drift.enabled=false}, e.g. to call {@link DirectorySync#checkDrift()} from the
 * host's own scheduler; the admin API's {@code POST .../drift/check} works either way.
 */
@AutoConfiguration(after = DirsyncAutoConfiguration.class)
@ConditionalOnBean(DirectorySync.class)
@ConditionalOnBooleanProperty(name = "dirsync.drift.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DirsyncProperties.class)
public class DirsyncDriftAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public DriftRunner dirsyncDriftRunner(DirectorySync sync, DirsyncProperties properties) {
        return new DriftRunner(sync, properties.getDrift().getCheckInterval());
    }
}
