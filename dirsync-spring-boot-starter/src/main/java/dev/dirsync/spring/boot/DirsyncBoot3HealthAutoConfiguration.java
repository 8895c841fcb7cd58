package dev.dirsync.spring.boot;

import dev.dirsync.core.DirectorySync;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The {@code dirsync} health indicator on Spring Boot 3.5 (Actuator's {@code org.springframework.boot.actuate.health}
 * API); on Boot 4 {@link DirsyncHealthAutoConfiguration} registers it instead. Same check, same properties.
 */
@AutoConfiguration(after = DirsyncAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "dirsync.enabled", matchIfMissing = true)
@ConditionalOnClass(name = Boot3HealthIndicatorFactoryBean.HEALTH_INDICATOR)
@ConditionalOnMissingClass("org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(DirectorySync.class)
@Conditional(DirsyncBoot3HealthAutoConfiguration.HealthIndicatorEnabled.class)
@EnableConfigurationProperties(DirsyncProperties.class)
public class DirsyncBoot3HealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "dirsyncHealthIndicator")
    Boot3HealthIndicatorFactoryBean dirsyncHealthIndicator(DirectorySync sync, DirsyncProperties properties,
                                                           Environment environment) {
        return new Boot3HealthIndicatorFactoryBean(DirsyncHealthChecks.create(sync, properties, environment));
    }

    /**
     * {@code management.health.dirsync.enabled}, else {@code management.health.defaults.enabled}, else on: what Boot
     * 3's {@code @ConditionalOnEnabledHealthIndicator} decides, whose annotation the starter cannot name.
     */
    static final class HealthIndicatorEnabled implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Environment env = context.getEnvironment();
            Boolean own = env.getProperty("management.health.dirsync.enabled", Boolean.class);
            return own != null ? own : env.getProperty("management.health.defaults.enabled", Boolean.class, true);
        }
    }
}
