package dev.dirsync.jdbi;

import com.zaxxer.hikari.HikariDataSource;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.spi.AdminNotice;
import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.SessionRevoker;
import dev.dirsync.core.testkit.InMemoryUserStore;
import dev.dirsync.core.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health alerts and daily summaries from several application instances on one database: every instance runs the
 * schedule, the admins hear each alert and each summary once.
 */
abstract class AbstractAlertsAcrossInstancesTest {
    private static final String ORG = "acme";

    protected abstract TestDatabase database();

    private HikariDataSource poolA;
    private HikariDataSource poolB;
    private String prefix;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
    private final List<AdminNotice> heard = Collections.synchronizedList(new ArrayList<>());
    private final InMemoryUserStore users = new InMemoryUserStore(); // the host's one user table

    @BeforeEach
    void start() {
        String url = database().newUrl();
        prefix = TestDatabase.newPrefix();
        poolA = TestDatabase.pool(url, 4);
        poolB = TestDatabase.pool(url, 4);
    }

    @AfterEach
    void stop() {
        TestDatabase.dropTables(poolA, prefix);
        poolA.close();
        poolB.close();
    }

    private DirectorySync instance(HikariDataSource pool) {
        return DirectorySync.builder().stateStore(JdbiStateStore.builder(pool).tablePrefix(prefix).build())
                .userStore(users).sessionRevoker(SessionRevoker.NONE)
                .apiKeyRevoker(ApiKeyRevoker.NONE).notifier(heard::add).clock(clock).build();
    }

    /** Runs the call on both instances, twice each, all at once. */
    private void everywhereAtOnce(List<DirectorySync> instances, Function<DirectorySync, List<AdminNotice>> call)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                DirectorySync s = instances.get(i % 2);
                runs.add(pool.submit(() -> {
                    go.await();
                    return call.apply(s);
                }));
            }
            go.countDown();
            for (Future<?> r : runs) {
                r.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoInstancesTellTheAdminsEachAlertAndEachSummaryOnce() throws Exception {
        DirectorySync a = instance(poolA);
        DirectorySync b = instance(poolB);
        a.createOrganization(ORG, "Acme");
        a.updateSettings(ORG, s -> s.withDailySummary(true), null, Source.admin("alice@acme.test"));
        a.accept(new SourceEvent.UserCreated(new EventMeta("e1", ORG, "okta", Source.workos("Okta"), clock.instant()),
                DirectoryUser.builder("u1", "okta").email("ada@acme.test").build()));
        heard.clear();
        List<DirectorySync> both = List.of(a, b);

        everywhereAtOnce(both, DirectorySync::checkHealth);
        assertThat(heard).as("healthy").isEmpty();
        Instant nextMorning = Instant.parse("2026-03-03T07:00:00Z");
        everywhereAtOnce(both, s -> s.sendDailySummaries(nextMorning));
        assertThat(heard).extracting(AdminNotice::kind).containsExactly(AdminNotice.Kind.DAILY_SUMMARY);
        assertThat(heard.get(0).message()).contains("ada@acme.test was added as member, via Okta");

        clock.advance(Duration.ofDays(8));
        everywhereAtOnce(both, DirectorySync::checkHealth);
        everywhereAtOnce(both, DirectorySync::checkHealth);
        assertThat(heard).extracting(AdminNotice::kind)
                .containsExactly(AdminNotice.Kind.DAILY_SUMMARY, AdminNotice.Kind.SYNC_STALE);

        b.accept(new SourceEvent.UserUpdated(new EventMeta("e2", ORG, "okta", Source.workos("Okta"), clock.instant()),
                DirectoryUser.builder("u1", "okta").email("ada@acme.test").title("Engineer").build()));
        everywhereAtOnce(both, DirectorySync::checkHealth);
        assertThat(heard).extracting(AdminNotice::kind).containsExactly(AdminNotice.Kind.DAILY_SUMMARY,
                AdminNotice.Kind.SYNC_STALE, AdminNotice.Kind.SYNC_RECOVERED);
    }
}
