package dev.dirsync.spring.boot;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.AuditSink;
import dev.dirsync.core.spi.HostCatalog;
import dev.dirsync.core.spi.Notifier;
import dev.dirsync.core.spi.OutcomeListener;
import dev.dirsync.core.spi.SessionRevoker;
import dev.dirsync.core.spi.UserStore;
import dev.dirsync.core.state.StateStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.util.ArrayList;
import java.util.List;

/**
 * The engine: a {@link DirectorySync} over the host's SPI beans and the state store. Fails at startup, naming
 * each one, when a required SPI bean is missing, so a misconfiguration never surfaces as a failed webhook later.
 */
@AutoConfiguration(after = DirsyncJdbiAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "dirsync.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DirsyncProperties.class)
public class DirsyncAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public DirectorySync directorySync(ObjectProvider<UserStore> userStore, ObjectProvider<SessionRevoker> sessions,
                                       ObjectProvider<ApiKeyRevoker> apiKeys, ObjectProvider<AuditSink> auditSink,
                                       ObjectProvider<Notifier> notifier, ObjectProvider<StateStore> stateStore,
                                       ObjectProvider<DirsyncCustomizer> customizers,
                                       ObjectProvider<OutcomeListener> outcomeListeners,
                                       DirsyncProperties properties,
                                       ObjectProvider<HostCatalog> hostCatalog,
                                       ObjectProvider<dev.dirsync.core.job.JobScheduler> jobScheduler) {
        UserStore users = userStore.getIfAvailable();
        SessionRevoker sessionRevoker = sessions.getIfAvailable();
        ApiKeyRevoker apiKeyRevoker = apiKeys.getIfAvailable();
        List<String> missing = new ArrayList<>();
        List<String> help = new ArrayList<>();
        if (users == null) {
            missing.add("UserStore");
            help.add("No UserStore bean found: implement dev.dirsync.core.spi.UserStore over your user table "
                    + "(see README § Integrate)");
        }
        if (sessionRevoker == null) {
            missing.add("SessionRevoker");
            help.add("No SessionRevoker bean found: implement dev.dirsync.core.spi.SessionRevoker, or declare "
                    + "SessionRevoker.NONE as a bean if your application keeps no server-side sessions "
                    + "(see README § Integrate)");
        }
        if (apiKeyRevoker == null) {
            missing.add("ApiKeyRevoker");
            help.add("No ApiKeyRevoker bean found: implement dev.dirsync.core.spi.ApiKeyRevoker, or declare "
                    + "ApiKeyRevoker.NONE as a bean if your users own no API keys (see README § Integrate)");
        }
        if (!missing.isEmpty()) {
            throw new MissingSpiBeanException(missing, help);
        }
        DirectorySync.Builder b = DirectorySync.builder()
                .userStore(users)
                .sessionRevoker(sessionRevoker)
                .apiKeyRevoker(apiKeyRevoker)
                .staleAfter(properties.getWorkos().getStaleAfter()); // one stale-after for the admin UI, API and health
        stateStore.ifAvailable(b::stateStore); // none: core's in-memory store, with its warning
        auditSink.ifAvailable(b::auditSink);
        notifier.ifAvailable(b::notifier);
        hostCatalog.ifAvailable(b::hostCatalog); // none: settings may name any role or workspace
        jobScheduler.ifAvailable(b::jobScheduler); // none: jobs run in the request that needs them
        // resolved per event, so listener beans (metrics) may themselves depend on the engine being there
        b.outcomeListener((event, outcome, elapsed) -> outcomeListeners.orderedStream()
                .forEach(l -> l.onOutcome(event, outcome, elapsed)));
        customizers.orderedStream().forEach(c -> c.customize(b));
        return b.build();
    }
}
