package dev.dirsync.spring.boot;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.workos.WorkosSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Micrometer metrics of the WorkOS intake, when the application has a {@link MeterRegistry}. */
@AutoConfiguration(after = {DirsyncAutoConfiguration.class, DirsyncWorkosAutoConfiguration.class}, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration", // Boot 4
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"})  // Boot 3
@ConditionalOnBooleanProperty(name = "dirsync.enabled", matchIfMissing = true)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({MeterRegistry.class, DirectorySync.class})
@EnableConfigurationProperties(DirsyncProperties.class)
public class DirsyncMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public DirsyncMetrics dirsyncMetrics(MeterRegistry registry) {
        return new DirsyncMetrics(registry);
    }

    /** The webhook inbox's depth, when webhooks are taken into the inbox. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(WorkosSource.class)
    @ConditionalOnProperty(name = "dirsync.workos.webhook-intake", havingValue = "inbox")
    static class InboxMetrics {
        @Bean
        @ConditionalOnMissingBean
        InboxGauges dirsyncInboxGauges(MeterRegistry registry, WorkosSource source) {
            return new InboxGauges(registry, source.inbox().orElseThrow(() -> new IllegalStateException(
                    "dirsync.workos.webhook-intake=inbox but the WorkosSource bean has no inbox: build it with "
                            + "WorkosConfig.builder().inbox(executor)")), java.time.Clock.systemUTC());
        }
    }

    /** Counts webhook deliveries at the webhook path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "jakarta.servlet.Filter")
    @ConditionalOnBean(WorkosSource.class)
    @ConditionalOnProperty(name = "dirsync.workos.webhook-secret")
    static class WebhookMetrics {
        @Bean
        @ConditionalOnMissingBean(name = "dirsyncWebhookMetricsFilter")
        FilterRegistrationBean<WebhookMetricsFilter> dirsyncWebhookMetricsFilter(
                ObjectProvider<DirsyncObserver> observers, DirsyncProperties properties) {
            DirsyncSettings.Workos w = properties.getWorkos();
            FilterRegistrationBean<WebhookMetricsFilter> r = new FilterRegistrationBean<>(
                    new WebhookMetricsFilter(observers.orderedStream().toList(), w.getWebhookMaxBodyBytes()));
            r.addUrlPatterns(w.getWebhookPath());
            r.setName("dirsyncWebhookMetrics");
            return r;
        }
    }
}
