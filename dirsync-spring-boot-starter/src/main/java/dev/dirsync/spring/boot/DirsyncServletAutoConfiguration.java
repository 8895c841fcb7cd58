package dev.dirsync.spring.boot;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.spi.AdminAccess;
import dev.dirsync.core.workos.WorkosSource;
import dev.dirsync.servlet.DirsyncServlets;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

import java.util.List;

/**
 * dirsync's HTTP surface in the host's servlet container. Each surface is off until configured: the WorkOS
 * webhook needs {@code dirsync.workos.webhook-secret}, the admin API {@code dirsync.admin.enabled=true} and an
 * {@link AdminAccess} bean, SCIM {@code dirsync.scim.enabled=true}.
 */
@AutoConfiguration(after = {DirsyncAutoConfiguration.class, DirsyncWorkosAutoConfiguration.class})
@ConditionalOnBooleanProperty(name = "dirsync.enabled", matchIfMissing = true)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({DirsyncServlets.class, ServletRegistrationBean.class})
@ConditionalOnBean(DirectorySync.class)
@EnableConfigurationProperties(DirsyncProperties.class)
public class DirsyncServletAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public DirsyncServlets dirsyncServlets(DirectorySync sync, DirsyncProperties properties,
                                           ObjectProvider<WorkosSource> workos, ObjectProvider<AdminAccess> adminAccess,
                                           ObjectProvider<DirsyncCustomizer> customizers) {
        DirsyncSettings.Workos w = properties.getWorkos();
        DirsyncServlets.Builder b = DirsyncServlets.builder(sync)
                .webhookPath(w.getWebhookPath())
                .webhookRateLimit(w.getWebhookRateLimit().getBurst(), w.getWebhookRateLimit().getPerSecond())
                .maxWebhookBytes(w.getWebhookMaxBodyBytes())
                .adminApiPath(properties.getAdmin().getApiPath());
        if (DirsyncSettings.hasText(properties.getPublicBaseUrl())) {
            b.publicBaseUrl(properties.getPublicBaseUrl());
        }
        WorkosSource source = workos.getIfAvailable();
        if (source != null) {
            b.workosApi(source); // force sync, setup links and health in the admin API
            if (!w.webhookSecrets().isEmpty()) {
                b.workosWebhook(source);
            }
        }
        if (properties.getAdmin().isEnabled()) {
            AdminAccess access = adminAccess.getIfAvailable();
            if (access == null) {
                throw new MissingSpiBeanException(List.of("AdminAccess"), List.of("dirsync.admin.enabled=true but no "
                        + "AdminAccess bean found: implement dev.dirsync.core.spi.AdminAccess to decide who may "
                        + "administer which organization (see README § Spring Boot), or set dirsync.admin.enabled=false"));
            }
            b.adminApi(access);
            String ui = properties.getAdmin().getUiPath();
            if (ui != null && !ui.isBlank()) {
                b.adminUi(ui);
            }
        }
        if (properties.getScim().isEnabled()) {
            b.scim().scimPath(properties.getScim().getBasePath())
                    .scimRateLimit(properties.getScim().getRateLimit().getBurst(),
                            properties.getScim().getRateLimit().getPerSecond());
        }
        customizers.orderedStream().forEach(c -> c.customize(b));
        return b.build();
    }

    @Bean
    @ConditionalOnMissingBean
    public DirsyncServletRegistrations dirsyncServletRegistrations(DirsyncServlets servlets) {
        return new DirsyncServletRegistrations(servlets);
    }
}
