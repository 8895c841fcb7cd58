package dev.dirsync.spring.boot;

import dev.dirsync.core.DirectorySync;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** The {@code dirsync} Actuator health indicator, when Spring Boot 4's health support is on the classpath. */
@AutoConfiguration(after = DirsyncAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "dirsync.enabled", matchIfMissing = true)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(DirectorySync.class)
@ConditionalOnEnabledHealthIndicator("dirsync")
@EnableConfigurationProperties(DirsyncProperties.class)
public class DirsyncHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "dirsyncHealthIndicator")
    public DirsyncHealthIndicator dirsyncHealthIndicator(DirectorySync sync, DirsyncProperties properties,
                                                         Environment environment) {
        return new DirsyncHealthIndicator(DirsyncHealthChecks.create(sync, properties, environment));
    }
}
