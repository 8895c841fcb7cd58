package dev.dirsync.spring.boot;

import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.SessionRevoker;
import dev.dirsync.core.spi.UserStore;
import dev.dirsync.core.state.StateStore;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.testkit.MutableClock;
import dev.dirsync.core.testkit.OutageStateStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code dirsync} health indicator: one overview of every organization in SyncHealth's vocabulary, counts always,
 * organization ids only where the health endpoint shows details to authorized callers alone, cached briefly.
 */
class DirsyncHealthTest {
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DirsyncAutoConfiguration.class, DirsyncHealthAutoConfiguration.class))
            .withUserConfiguration(Host.class);

    @Configuration(proxyBeanMethods = false)
    static class Host {
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

        @Bean
        MutableClock clock() {
            return new MutableClock(T0);
        }

        @Bean
        DirsyncCustomizer clockCustomizer(MutableClock clock) {
            return new DirsyncCustomizer() {
                @Override
                public void customize(DirectorySync.Builder builder) {
                    builder.clock(clock);
                }
            };
        }
    }

    /** beta's directory went silent 8 days ago (stale), acme's sent an event now (healthy), gamma has none. */
    private static void threeOrganizations(AssertableApplicationContext context) {
        DirectorySync sync = context.getBean(DirectorySync.class);
        MutableClock clock = context.getBean(MutableClock.class);
        sync.createOrganization("gamma", "Gamma");
        sync.createOrganization("beta", "Beta");
        sync.accept(activated("beta", "event_b1"));
        clock.advance(Duration.ofDays(8));
        sync.createOrganization("acme", "Acme");
        sync.accept(activated("acme", "event_a1"));
    }

    private static SourceEvent activated(String org, String eventId) {
        return new SourceEvent.DirectoryActivated(new EventMeta(eventId, org, "directory_" + org,
                Source.workos("Okta"), T0), "Okta");
    }

    private static Health health(AssertableApplicationContext context) {
        assertThat(context).hasNotFailed();
        return context.getBean(DirsyncHealthIndicator.class).health();
    }

    @Test
    void countsEveryStatusButNamesNoOrganizationByDefault() {
        runner.run(context -> {
            threeOrganizations(context);
            Health h = health(context);
            assertThat(h.getStatus()).as("a customer's stale directory keeps the application UP").isEqualTo(Status.UP);
            assertThat(h.getDetails()).containsOnlyKeys("counts");
            assertThat(h.getDetails().get("counts"))
                    .isEqualTo(Map.of("healthy", 1, "stale", 1, "broken", 0, "not_connected", 1));
            assertThat(h.toString()).doesNotContain("acme", "beta", "gamma");
        });
    }

    @Test
    void namesOrganizationsWorstFirstWhenOnlyAuthorizedCallersSeeDetails() {
        runner.withPropertyValues("management.endpoint.health.show-details=when-authorized").run(context -> {
            threeOrganizations(context);
            Map<String, Object> details = health(context).getDetails();
            assertThat(details.get("organizations")).isInstanceOf(Map.class);
            assertThat(((Map<?, ?>) details.get("organizations")).entrySet()).extracting(Object::toString)
                    .containsExactly("beta=stale", "acme=healthy", "gamma=not_connected");
        });
    }

    @Test
    void namesNoOrganizationWhereAnonymousCallersSeeDetails() {
        runner.withPropertyValues("management.endpoint.health.show-details=always")
                .run(context -> {
                    threeOrganizations(context);
                    assertThat(health(context).getDetails()).containsOnlyKeys("counts");
                });
        // the endpoint restricts details, but a health group shows them to everyone
        runner.withPropertyValues("management.endpoint.health.show-details=when-authorized",
                        "management.endpoint.health.group.probes.include=dirsync",
                        "management.endpoint.health.group.probes.show-details=ALWAYS")
                .run(context -> {
                    threeOrganizations(context);
                    assertThat(health(context).getDetails()).containsOnlyKeys("counts");
                });
    }

    @Test
    void theHostCanListOrganizationsAlwaysOrNever() {
        runner.withPropertyValues("dirsync.health.organizations=always").run(context -> {
            threeOrganizations(context);
            assertThat(health(context).getDetails()).containsKeys("counts", "organizations");
        });
        runner.withPropertyValues("dirsync.health.organizations=never",
                "management.endpoint.health.show-details=when-authorized").run(context -> {
            threeOrganizations(context);
            assertThat(health(context).getDetails()).containsOnlyKeys("counts");
        });
    }

    @Test
    void anAnswerIsReusedForTheCacheTimeToLive() {
        runner.withPropertyValues("dirsync.health.cache-time-to-live=1h").run(context -> {
            threeOrganizations(context);
            Object before = health(context).getDetails().get("counts");
            context.getBean(DirectorySync.class).createOrganization("delta", "Delta");
            assertThat(health(context).getDetails().get("counts")).isEqualTo(before);
        });
        runner.withPropertyValues("dirsync.health.cache-time-to-live=0s").run(context -> {
            threeOrganizations(context);
            health(context);
            context.getBean(DirectorySync.class).createOrganization("delta", "Delta");
            assertThat(health(context).getDetails().get("counts"))
                    .isEqualTo(Map.of("healthy", 1, "stale", 1, "broken", 0, "not_connected", 2));
        });
    }

    @Test
    void anUnreachableStateStoreIsDown() {
        OutageStateStore store = new OutageStateStore();
        runner.withBean(StateStore.class, () -> store).withPropertyValues("dirsync.health.cache-time-to-live=0s")
                .run(context -> {
                    context.getBean(DirectorySync.class).createOrganization("acme", "Acme");
                    assertThat(health(context).getStatus()).isEqualTo(Status.UP);
                    store.down(true);
                    Health h = health(context);
                    assertThat(h.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(h.getDetails().get("error").toString()).contains("connection refused");
                });
    }

    @Test
    void theIndicatorCanBeSwitchedOff() {
        runner.withPropertyValues("management.health.dirsync.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(DirsyncHealthIndicator.class));
    }
}
