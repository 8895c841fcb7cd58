package dev.dirsync.jdbi;

import com.zaxxer.hikari.HikariDataSource;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.outcome.Outcome;
import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.SessionRevoker;
import dev.dirsync.core.spi.UserStore;
import dev.dirsync.core.testkit.InMemoryUserStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A slow host for one organization (500 ms per {@code UserStore} call) delays only that organization, on
 * PostgreSQL with a pool of HikariCP's default size: more of its deliveries in flight than the pool has
 * connections must not leave the other organization's deliveries without one.
 */
class PostgresSlowHostTest {
    private static final int POOL = 10; // HikariCP's default, the demo's
    private static final int SLOW_DELIVERIES = 2 * POOL;
    private static final int FAST_DELIVERIES = 5;
    private static final long SLOW_CALL_MILLIS = 500;

    private final String prefix = TestDatabase.newPrefix();
    private final HikariDataSource pool = TestDatabase.pool(TestDatabase.POSTGRES.newUrl(), POOL);
    private final ThreadLocal<Boolean> slowHost = ThreadLocal.withInitial(() -> false);

    @AfterEach
    void dropTables() {
        TestDatabase.dropTables(pool, prefix);
        pool.close();
    }

    /** The host's user table; each call takes 500 ms on a thread working for the slow organization. */
    private UserStore slowFor(InMemoryUserStore users) {
        return (UserStore) Proxy.newProxyInstance(UserStore.class.getClassLoader(), new Class<?>[] {UserStore.class},
                (proxy, method, args) -> {
                    if (slowHost.get()) {
                        Thread.sleep(SLOW_CALL_MILLIS);
                    }
                    try {
                        return method.invoke(users, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static SourceEvent hire(String org, int i) {
        String id = org + "-u" + i;
        return new SourceEvent.UserCreated(new EventMeta("evt-" + id, org, "dir-" + org, Source.workos("Okta"),
                Instant.parse("2026-03-02T09:00:00Z").plusSeconds(i)),
                DirectoryUser.builder(id, "dir-" + org).email(id + "@" + org + ".test").build());
    }

    @Test
    void aSlowHostForOneOrganizationDelaysOnlyThatOrganization() throws Exception {
        InMemoryUserStore users = new InMemoryUserStore();
        DirectorySync sync = DirectorySync.builder()
                .stateStore(JdbiStateStore.builder(pool).tablePrefix(prefix).build())
                .userStore(slowFor(users)).sessionRevoker(SessionRevoker.NONE).apiKeyRevoker(ApiKeyRevoker.NONE)
                .build();
        sync.createOrganization("slow", "Slow Co");
        sync.createOrganization("fast", "Fast Co");

        ExecutorService threads = Executors.newFixedThreadPool(SLOW_DELIVERIES + FAST_DELIVERIES);
        try {
            AtomicInteger slowDone = new AtomicInteger();
            CountDownLatch slowStarted = new CountDownLatch(SLOW_DELIVERIES);
            List<Future<Outcome>> slow = new ArrayList<>();
            for (int i = 0; i < SLOW_DELIVERIES; i++) {
                int n = i;
                slow.add(threads.submit(() -> {
                    slowHost.set(true);
                    slowStarted.countDown();
                    try {
                        return sync.accept(hire("slow", n));
                    } finally {
                        slowDone.incrementAndGet();
                    }
                }));
            }
            slowStarted.await();
            Thread.sleep(300); // the slow organization's deliveries are in flight, one of them in the host

            long t0 = System.nanoTime();
            List<Future<Outcome>> fast = new ArrayList<>();
            for (int i = 0; i < FAST_DELIVERIES; i++) {
                int n = i;
                fast.add(threads.submit(() -> sync.accept(hire("fast", n))));
            }
            for (Future<Outcome> f : fast) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isInstanceOf(Outcome.Applied.class);
            }
            long fastMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            int slowDoneWhenFastWere = slowDone.get();
            System.out.println("[slow host] " + FAST_DELIVERIES + " fast deliveries took " + fastMillis + " ms, while "
                    + slowDoneWhenFastWere + " of " + SLOW_DELIVERIES + " slow ones were done");
            assertThat(slowDoneWhenFastWere).as("the fast organization finished while the slow one was still at work")
                    .isLessThan(SLOW_DELIVERIES / 2);
            for (Future<Outcome> f : slow) {
                assertThat(f.get(120, TimeUnit.SECONDS)).isInstanceOf(Outcome.Applied.class);
            }
            assertThat(users.rows("slow")).hasSize(SLOW_DELIVERIES);
            assertThat(users.rows("fast")).hasSize(FAST_DELIVERIES);
        } finally {
            threads.shutdownNow();
        }
    }
}
