package dev.dirsync.spring.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.spi.AdminAccess;
import dev.dirsync.core.spi.AdminDecision;
import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.SessionRevoker;
import dev.dirsync.core.spi.UserStore;
import dev.dirsync.core.state.StateStore;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.workos.WorkosSource;
import dev.dirsync.servlet.DirsyncServlets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.util.ClassUtils;

import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The auto-configuration's decisions, without a server: what is created, what is refused, what is bound. */
class DirsyncAutoConfigurationTest {
    private static final AutoConfigurations DIRSYNC = AutoConfigurations.of(
            DirsyncJdbiAutoConfiguration.class, DirsyncAutoConfiguration.class, DirsyncWorkosAutoConfiguration.class,
            DirsyncServletAutoConfiguration.class, DirsyncHealthAutoConfiguration.class,
            DirsyncMetricsAutoConfiguration.class, DirsyncAlertsAutoConfiguration.class,
            DirsyncDriftAutoConfiguration.class);

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(DIRSYNC);

    @Configuration(proxyBeanMethods = false)
    static class HostSpi {
        @Bean
        UserStore userStore() {
            return new InMemoryUserStore();
        }

        @Bean
        SessionRevoker sessionRevoker() {
            return SessionRevoker.NONE;
        }

        @Bean
        ApiKeyRevoker apiKeyRevoker() {
            return ApiKeyRevoker.NONE;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OnlySessions {
        @Bean
        SessionRevoker sessionRevoker() {
            return SessionRevoker.NONE;
        }
    }

    @Test
    void aHostCatalogBeanLimitsWhatSettingsMayName() {
        dev.dirsync.core.spi.HostCatalog catalog = new dev.dirsync.core.spi.HostCatalog() {
            @Override
            public java.util.Set<String> roles(String organizationId) {
                return java.util.Set.of("admin", "member");
            }

            @Override
            public java.util.Set<String> workspaces(String organizationId) {
                return java.util.Set.of();
            }
        };
        runner.withUserConfiguration(HostSpi.class).run(context ->
                assertThat(context.getBean(dev.dirsync.core.DirectorySync.class).hostCatalog()).isEmpty());
        runner.withUserConfiguration(HostSpi.class)
                .withBean(dev.dirsync.core.spi.HostCatalog.class, () -> catalog)
                .run(context -> assertThat(context.getBean(dev.dirsync.core.DirectorySync.class).hostCatalog())
                        .contains(catalog));
    }

    @Test
    void everyMissingSpiBeanIsReportedByNameAtStartup() {
        runner.run(context -> {
            assertThat(context).hasFailed();
            Throwable root = rootCause(context.getStartupFailure());
            assertThat(root).isInstanceOf(MissingSpiBeanException.class);
            assertThat(root.getMessage())
                    .contains("No UserStore bean found: implement dev.dirsync.core.spi.UserStore")
                    .contains("(see README § Integrate)")
                    .contains("No SessionRevoker bean found")
                    .contains("No ApiKeyRevoker bean found");
            assertThat(((MissingSpiBeanException) root).missing())
                    .containsExactly("UserStore", "SessionRevoker", "ApiKeyRevoker");
        });
    }

    @Test
    void onlyTheMissingOnesAreNamed() {
        runner.withUserConfiguration(OnlySessions.class).run(context -> {
            MissingSpiBeanException e = (MissingSpiBeanException) rootCause(context.getStartupFailure());
            assertThat(e.missing()).containsExactly("UserStore", "ApiKeyRevoker");
            assertThat(e.getMessage()).doesNotContain("No SessionRevoker");
        });
    }

    @Test
    void theFailureAnalyzerTellsWhatToDo() {
        MissingSpiBeanException e = new MissingSpiBeanException(List.of("UserStore"),
                List.of("No UserStore bean found: implement dev.dirsync.core.spi.UserStore"));
        FailureAnalysis a = new MissingSpiBeanFailureAnalyzer().analyze(new RuntimeException(e));
        assertThat(a.getDescription()).isEqualTo("dirsync cannot start without: UserStore");
        assertThat(a.getAction()).contains("implement dev.dirsync.core.spi.UserStore").contains("dirsync.enabled=false");
    }

    @Test
    void dangerousSurfacesAreOffByDefault() {
        runner.withUserConfiguration(HostSpi.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(DirectorySync.class);
            assertThat(context).doesNotHaveBean(WorkosSource.class);
            assertThat(context).doesNotHaveBean(EventsPollerRunner.class);
            assertThat(context.getBean(DirsyncServlets.class).mounts()).isEmpty();
            // no DataSource: the engine keeps its state in memory
            assertThat(context).doesNotHaveBean(StateStore.class);
        });
    }

    @Test
    void aScimOnlyHostStartsWithoutWorkosJava() {
        runner.withClassLoader(new FilteredClassLoader("com.workos", "kotlin"))
                .withUserConfiguration(HostSpi.class)
                .withBean(AdminAccess.class, () -> r -> AdminDecision.allow("test"))
                .withPropertyValues("dirsync.admin.enabled=true", "dirsync.scim.enabled=true",
                        "dirsync.workos.webhook-secret=whsec_1") // set, but without workos-java there is no receiver
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(ClassUtils.isPresent("com.workos.WorkOS", context.getClassLoader())).isFalse();
                    assertThat(context).hasSingleBean(DirectorySync.class);
                    assertThat(context).doesNotHaveBean(WorkosSource.class);
                    assertThat(context).hasSingleBean(DirsyncHealthIndicator.class);
                    assertThat(context.getBean(DirsyncServlets.class).mounts())
                            .extracting(DirsyncServlets.Mount::urlPattern)
                            .containsExactlyInAnyOrder("/dirsync/api/*", "/dirsync/*", "/scim/v2/*");
                });
    }

    @Test
    void theMasterSwitchLeavesDirsyncOutEvenWithoutSpiBeans() {
        runner.withPropertyValues("dirsync.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(DirectorySync.class);
            assertThat(context).doesNotHaveBean(DirsyncServlets.class);
        });
    }

    @Test
    void theWebhookIsMountedOnlyWithASigningSecret() {
        runner.withUserConfiguration(HostSpi.class).withPropertyValues("dirsync.workos.api-key=sk_test")
                .run(context -> {
                    assertThat(context).hasSingleBean(WorkosSource.class);
                    assertThat(context.getBean(DirsyncServlets.class).mounts()).isEmpty();
                });
        runner.withUserConfiguration(HostSpi.class).withPropertyValues("dirsync.workos.webhook-secret=whsec_1",
                        "dirsync.workos.webhook-path=/hooks/workos")
                .run(context -> assertThat(context.getBean(DirsyncServlets.class).mounts())
                        .extracting(DirsyncServlets.Mount::urlPattern).containsExactly("/hooks/workos"));
    }

    @Test
    void webhookIntakeIsInlineUnlessTheInboxIsChosen() {
        runner.withUserConfiguration(HostSpi.class).withPropertyValues("dirsync.workos.webhook-secret=whsec_1")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(WebhookInboxRunner.class);
                    assertThat(context.getBean(WorkosSource.class).inbox()).isEmpty();
                });
        runner.withUserConfiguration(HostSpi.class).withPropertyValues("dirsync.workos.webhook-secret=whsec_1",
                        "dirsync.workos.webhook-intake=inbox", "dirsync.workos.inbox.threads=1")
                .run(context -> {
                    assertThat(context).hasSingleBean(WebhookInboxRunner.class);
                    assertThat(context.getBean(WorkosSource.class).inbox()).isPresent();
                });
    }

    @Test
    void theAdminApiNeedsItsSwitchAndAnAdminAccessBean() {
        runner.withUserConfiguration(HostSpi.class).withPropertyValues("dirsync.admin.enabled=true").run(context -> {
            assertThat(context).hasFailed();
            MissingSpiBeanException e = (MissingSpiBeanException) rootCause(context.getStartupFailure());
            assertThat(e.missing()).containsExactly("AdminAccess");
            assertThat(e.getMessage()).contains("dirsync.admin.enabled=true but no AdminAccess bean found");
        });
        runner.withUserConfiguration(HostSpi.class)
                .withBean(AdminAccess.class, () -> r -> AdminDecision.allow("test"))
                .withPropertyValues("dirsync.admin.enabled=true", "dirsync.admin.api-path=/ops/dirsync")
                .run(context -> assertThat(context.getBean(DirsyncServlets.class).mounts())
                        .extracting(DirsyncServlets.Mount::urlPattern).containsExactly("/ops/dirsync/*", "/dirsync/*"));
        runner.withUserConfiguration(HostSpi.class)
                .withBean(AdminAccess.class, () -> r -> AdminDecision.allow("test"))
                .withPropertyValues("dirsync.admin.enabled=true", "dirsync.admin.ui-path=")
                .run(context -> assertThat(context.getBean(DirsyncServlets.class).mounts())
                        .as("an empty ui-path leaves the UI out")
                        .extracting(DirsyncServlets.Mount::urlPattern).containsExactly("/dirsync/api/*"));
    }

    @Test
    void aCustomizerAdjustsWhatPropertiesCannot() {
        runner.withUserConfiguration(HostSpi.class)
                .withBean(AdminAccess.class, () -> r -> AdminDecision.allow("test"))
                .withBean(DirsyncCustomizer.class, () -> new DirsyncCustomizer() {
                    @Override
                    public void customize(DirsyncServlets.Builder builder) {
                        builder.adminApiPath("/customized");
                    }
                })
                .withPropertyValues("dirsync.admin.enabled=true")
                .run(context -> assertThat(context.getBean(DirsyncServlets.class).mounts())
                        .extracting(DirsyncServlets.Mount::urlPattern).containsExactly("/customized/*", "/dirsync/*"));
    }

    @Test
    void aHostsOwnDirectorySyncWins() {
        DirectorySync own = DirectorySync.builder().userStore(new InMemoryUserStore())
                .sessionRevoker(SessionRevoker.NONE).apiKeyRevoker(ApiKeyRevoker.NONE).build();
        runner.withBean(DirectorySync.class, () -> own).run(context -> {
            assertThat(context).hasNotFailed(); // no SPI beans needed: the host built the engine itself
            assertThat(context.getBean(DirectorySync.class)).isSameAs(own);
        });
    }

    @Test
    void theStateGoesIntoTheApplicationsDataSourceWithTheConfiguredPrefix() {
        runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withUserConfiguration(HostSpi.class)
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:starter_prefix;DB_CLOSE_DELAY=-1",
                        "dirsync.storage.table-prefix=sso_")
                .run(context -> {
                    assertThat(context).hasSingleBean(SpringTransactionStateStore.class);
                    assertThat(context.getBean(SpringTransactionStateStore.class).jdbi().tablePrefix())
                            .isEqualTo("sso_");
                    DirectorySync sync = context.getBean(DirectorySync.class);
                    sync.createOrganization("acme", "Acme");
                    assertThat(sync.organization("acme")).isPresent();
                    javax.sql.DataSource ds = context.getBean(javax.sql.DataSource.class);
                    try (var c = ds.getConnection(); var rs = c.createStatement().executeQuery(
                            "select count(*) from sso_organizations")) {
                        rs.next();
                        assertThat(rs.getInt(1)).isEqualTo(1);
                    }
                });
    }

    @Test
    void aLargeMappingChangeRunsAsABackgroundJobOnDbSchedulerStartedAndStoppedWithTheContext() {
        runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withUserConfiguration(HostSpi.class)
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:starter_jobs;DB_CLOSE_DELAY=-1",
                        "dirsync.jobs.poll-interval=200ms")
                .run(context -> {
                    assertThat(context).hasSingleBean(dev.dirsync.jdbi.DbSchedulerJobs.class)
                            .hasSingleBean(DirsyncJobsLifecycle.class);
                    assertThat(context.getBean(DirsyncJobsLifecycle.class).isRunning()).isTrue();
                    DirectorySync sync = context.getBean(DirectorySync.class);
                    sync.createOrganization("big", "Big");
                    java.util.List<dev.dirsync.core.event.SourceEvent> events = new java.util.ArrayList<>();
                    for (int i = 0; i < 120; i++) {
                        events.add(new dev.dirsync.core.event.SourceEvent.UserCreated(new dev.dirsync.core.event.EventMeta(
                                "e" + i, "big", "scim", dev.dirsync.core.event.Source.scim("Okta"),
                                java.time.Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i)),
                                dev.dirsync.core.model.DirectoryUser.builder("u" + i, "scim").email("u" + i + "@big.test")
                                        .build()));
                    }
                    sync.acceptToMirror("big", events);

                    dev.dirsync.core.job.Job job = sync.updateSettings("big", x -> x.withDefaultRole("viewer"), null,
                            dev.dirsync.core.event.Source.admin("a@big.test")).job();

                    assertThat(job).as("handed to db-scheduler, not run in the call").isNotNull();
                    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    while (!sync.job("big", job.id()).orElseThrow().finished() && System.nanoTime() < until) {
                        Thread.sleep(100);
                    }
                    assertThat(sync.job("big", job.id()).orElseThrow().status())
                            .isEqualTo(dev.dirsync.core.job.Job.Status.DONE);
                    assertThat(sync.projections("big")).hasSize(120);
                });
    }

    @Test
    void backgroundJobsCanBeSwitchedOff() {
        runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withUserConfiguration(HostSpi.class)
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:starter_nojobs;DB_CLOSE_DELAY=-1",
                        "dirsync.jobs.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(dev.dirsync.jdbi.DbSchedulerJobs.class)
                        .doesNotHaveBean(DirsyncJobsLifecycle.class).hasSingleBean(DirectorySync.class));
    }

    @Test
    void propertiesAreBound() {
        runner.withUserConfiguration(HostSpi.class).withPropertyValues(
                "dirsync.workos.api-key=sk_live_x", "dirsync.workos.webhook-secret=whsec_new",
                "dirsync.workos.previous-webhook-secret=whsec_old", "dirsync.workos.poll.interval=5s",
                "dirsync.workos.webhook-rate-limit.burst=10", "dirsync.workos.webhook-rate-limit.per-second=2.5",
                "dirsync.scim.enabled=true", "dirsync.scim.base-path=/identity/scim",
                "dirsync.storage.migration-wait=30s", "dirsync.workos.api-base-url=http://127.0.0.1:9")
                .run(context -> {
                    DirsyncProperties p = context.getBean(DirsyncProperties.class);
                    assertThat(p.getWorkos().webhookSecrets()).containsExactly("whsec_new", "whsec_old");
                    assertThat(p.getWorkos().getPoll().getInterval()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(p.getWorkos().getWebhookRateLimit().getBurst()).isEqualTo(10);
                    assertThat(p.getWorkos().getWebhookRateLimit().getPerSecond()).isEqualTo(2.5);
                    assertThat(p.getScim().isEnabled()).isTrue();
                    assertThat(p.getScim().getBasePath()).isEqualTo("/identity/scim");
                    assertThat(p.getStorage().getMigrationWait()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(p.getWorkos().getApiBaseUrl()).hasToString("http://127.0.0.1:9");
                });
    }

    @Test
    void pollingNeedsAnApiKey() {
        runner.withUserConfiguration(HostSpi.class)
                .withPropertyValues("dirsync.workos.webhook-secret=whsec_1", "dirsync.workos.poll.enabled=true")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(rootCause(context.getStartupFailure()))
                            .hasMessageContaining("dirsync.workos.poll.enabled=true needs dirsync.workos.api-key");
                });
    }

    @Test
    void thePollerStartsWhenTheApplicationIsReadyAndStopsWithTheContext() {
        List<EventsPollerRunner> seen = new ArrayList<>();
        runner.withUserConfiguration(HostSpi.class)
                .withPropertyValues("dirsync.workos.api-key=sk_test", "dirsync.workos.poll.enabled=true",
                        "dirsync.workos.api-base-url=http://127.0.0.1:9", "dirsync.workos.poll.interval=1h",
                        "dirsync.workos.max-retries=0")
                .run(context -> {
                    EventsPollerRunner poller = context.getBean(EventsPollerRunner.class);
                    seen.add(poller);
                    assertThat(poller.isRunning()).isFalse(); // context refreshed, but not yet ready
                    context.publishEvent(new ApplicationReadyEvent(new org.springframework.boot.SpringApplication(),
                            new String[0], context, Duration.ZERO));
                    assertThat(poller.isRunning()).isTrue();
                });
        assertThat(seen).singleElement().satisfies(p -> assertThat(p.isRunning()).isFalse());
    }

    @Test
    void healthAlertsAndDailySummariesRunOnceTheApplicationIsReadyUnlessSwitchedOff() {
        List<AlertsRunner> seen = new ArrayList<>();
        runner.withUserConfiguration(HostSpi.class).run(context -> {
            AlertsRunner alerts = context.getBean(AlertsRunner.class);
            seen.add(alerts);
            assertThat(alerts.isRunning()).isFalse();
            context.publishEvent(new ApplicationReadyEvent(new org.springframework.boot.SpringApplication(),
                    new String[0], context, Duration.ZERO));
            assertThat(alerts.isRunning()).isTrue();
        });
        assertThat(seen).singleElement().satisfies(a -> assertThat(a.isRunning()).isFalse());
        runner.withUserConfiguration(HostSpi.class).withPropertyValues("dirsync.alerts.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(AlertsRunner.class));
        runner.withUserConfiguration(HostSpi.class).withPropertyValues("dirsync.alerts.check-interval=1m",
                "dirsync.alerts.daily-summary-at=06:30").run(context -> {
                    DirsyncProperties p = context.getBean(DirsyncProperties.class);
                    assertThat(p.getAlerts().getCheckInterval()).isEqualTo(Duration.ofMinutes(1));
                    assertThat(p.getAlerts().getDailySummaryAt()).isEqualTo(java.time.LocalTime.of(6, 30));
                });
    }

    @Test
    void theDriftCheckRunsOnceTheApplicationIsReadyUnlessSwitchedOff() {
        List<DriftRunner> seen = new ArrayList<>();
        runner.withUserConfiguration(HostSpi.class).run(context -> {
            DriftRunner drift = context.getBean(DriftRunner.class);
            seen.add(drift);
            assertThat(drift.isRunning()).isFalse();
            context.publishEvent(new ApplicationReadyEvent(new org.springframework.boot.SpringApplication(),
                    new String[0], context, Duration.ZERO));
            assertThat(drift.isRunning()).isTrue();
        });
        assertThat(seen).singleElement().satisfies(d -> assertThat(d.isRunning()).isFalse());
        runner.withUserConfiguration(HostSpi.class).withPropertyValues("dirsync.drift.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DriftRunner.class));
        runner.withUserConfiguration(HostSpi.class).withPropertyValues("dirsync.drift.check-interval=15m")
                .run(context -> assertThat(context.getBean(DirsyncProperties.class).getDrift().getCheckInterval())
                        .isEqualTo(Duration.ofMinutes(15)));
    }

    @Test
    void documentedDefaultsInTheIdeMetadataMatchTheLibraryDefaults() throws Exception {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("configuration metadata generated at build time").isNotNull();
            metadata = new ObjectMapper().readTree(in);
        }
        BeanWrapperImpl settings = new BeanWrapperImpl(new DirsyncSettings());
        ApplicationConversionService conversion = new ApplicationConversionService();
        int checked = 0;
        for (JsonNode p : metadata.path("properties")) {
            String name = p.path("name").asText();
            String path = beanPath(name.substring("dirsync.".length()));
            Object actual = settings.getPropertyValue(path);
            if (!p.has("defaultValue")) {
                assertThat(actual).as(name + " has no documented default, so none in DirsyncSettings").isNull();
                continue;
            }
            Object documented = conversion.convert(p.path("defaultValue").asText(),
                    settings.getPropertyType(path));
            assertThat(documented).as(name).isEqualTo(actual);
            checked++;
        }
        assertThat(checked).isGreaterThan(20);
    }

    private static String beanPath(String kebab) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char ch : kebab.toCharArray()) {
            if (ch == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        return out.toString();
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }
}
