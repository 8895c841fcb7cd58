package dev.dirsync.spring.boot;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.workos.WorkosConfig;
import dev.dirsync.core.workos.WorkosSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * The WorkOS source, once an API key or a webhook signing secret is configured, and the Events API poller when
 * {@code dirsync.workos.poll.enabled=true}. Skipped if the host excluded workos-java (SCIM-only hosts).
 */
@AutoConfiguration(after = DirsyncAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "dirsync.enabled", matchIfMissing = true)
@ConditionalOnClass(name = "com.workos.WorkOS")
@ConditionalOnBean(DirectorySync.class)
@Conditional(DirsyncWorkosAutoConfiguration.WorkosConfigured.class)
@EnableConfigurationProperties(DirsyncProperties.class)
public class DirsyncWorkosAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public WorkosSource dirsyncWorkosSource(DirectorySync sync, DirsyncProperties properties,
                                            ObjectProvider<DirsyncCustomizer> customizers,
                                            ObjectProvider<WebhookInboxRunner> inboxRunner) {
        DirsyncSettings.Workos w = properties.getWorkos();
        WorkosConfig.Builder b = WorkosConfig.builder()
                .apiBaseUrl(w.getApiBaseUrl())
                .signatureTolerance(w.getSignatureTolerance())
                .pollInterval(w.getPoll().getInterval())
                .pageSize(w.getPoll().getPageSize())
                .maxPagesPerPoll(w.getPoll().getMaxPages())
                .staleAfter(w.getStaleAfter())
                .retries(w.getMaxRetries(), w.getRetryBaseDelay(), w.getRetryMaxDelay());
        if (DirsyncSettings.hasText(w.getApiKey())) {
            b.apiKey(w.getApiKey());
        }
        w.webhookSecrets().forEach(b::webhookSecret);
        WebhookInboxRunner runner = inboxRunner.getIfAvailable();
        if (runner != null) {
            b.inbox(runner).inboxRetries(w.getInbox().getMaxAttempts(), w.getInbox().getRetryBaseDelay(),
                    w.getInbox().getRetryMaxDelay());
        }
        customizers.orderedStream().forEach(c -> c.customize(b));
        return WorkosSource.create(sync, b.build());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "dirsync.workos.poll.enabled")
    public EventsPollerRunner dirsyncEventsPollerRunner(WorkosSource source, DirsyncProperties properties,
                                                        ObjectProvider<DirsyncObserver> observers) {
        if (!DirsyncSettings.hasText(properties.getWorkos().getApiKey())) {
            throw new IllegalStateException("dirsync.workos.poll.enabled=true needs dirsync.workos.api-key (WorkOS "
                    + "Dashboard > API Keys); set it, or turn polling off and receive webhooks instead");
        }
        return new EventsPollerRunner(source.poller(), properties.getWorkos().getPoll().getInterval(), observers);
    }

    /** The inbox's applier threads and its sweep, when {@code dirsync.workos.webhook-intake=inbox}. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "dirsync.workos.webhook-intake", havingValue = "inbox")
    public WebhookInboxRunner dirsyncWebhookInboxRunner(DirsyncProperties properties,
                                                        ObjectProvider<WorkosSource> source) {
        DirsyncSettings.Inbox i = properties.getWorkos().getInbox();
        return new WebhookInboxRunner(i.getThreads(), i.getSweepInterval(), source);
    }

    /** Matches when an API key or a webhook signing secret is set. */
    static final class WorkosConfigured extends AnyNestedCondition {
        WorkosConfigured() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty(name = "dirsync.workos.api-key")
        static final class ApiKey {
        }

        @ConditionalOnProperty(name = "dirsync.workos.webhook-secret")
        static final class WebhookSecret {
        }
    }
}
