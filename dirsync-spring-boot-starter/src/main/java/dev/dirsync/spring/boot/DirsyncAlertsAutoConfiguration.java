package dev.dirsync.spring.boot;

import dev.dirsync.core.DirectorySync;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

/**
 * Health alerts and daily summaries to organizations' admins through the host's {@code Notifier}, on a schedule
 * ({@code dirsync.alerts.*}). Off with {@code dirsync.alerts.enabled=false}, e.g. to call
 * {@link DirectorySync#checkHealth()} and {@link DirectorySync#sendDailySummaries} from the host's own scheduler.
 */
@AutoConfiguration(after = DirsyncAutoConfiguration.class)
@ConditionalOnBean(DirectorySync.class)
@ConditionalOnBooleanProperty(name = "dirsync.alerts.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DirsyncProperties.class)
public class DirsyncAlertsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public AlertsRunner dirsyncAlertsRunner(DirectorySync sync, DirsyncProperties properties) {
        DirsyncSettings.Alerts a = properties.getAlerts();
        return new AlertsRunner(sync, a.getCheckInterval(), a.getDailySummaryAt(), Clock.systemUTC());
    }
}
