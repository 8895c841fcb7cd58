package dev.dirsync.jdbi;

import com.zaxxer.hikari.HikariDataSource;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.DirectoryUserKey;
import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.SessionRevoker;
import dev.dirsync.core.testkit.InMemoryUserStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read-modify-write across application instances (what SCIM PATCH does): two engines on separate pools increment
 * one attribute concurrently through {@code acceptComputed}; the organization row lock makes every increment
 * count, so none is lost.
 */
abstract class AbstractComputedAcrossInstancesTest {
    private static final String ORG = "acme";
    private static final String DIR = "scim";
    private static final int PER_INSTANCE = 15;

    protected abstract TestDatabase database();

    private HikariDataSource poolA;
    private HikariDataSource poolB;
    private String prefix;

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

    private DirectorySync engine(HikariDataSource pool) {
        return DirectorySync.builder().stateStore(JdbiStateStore.builder(pool).tablePrefix(prefix).build())
                .userStore(new InMemoryUserStore()).sessionRevoker(SessionRevoker.NONE)
                .apiKeyRevoker(ApiKeyRevoker.NONE).build();
    }

    private static SourceEvent increment(dev.dirsync.core.CurrentMirror m) {
        DirectoryUser u = m.mirror().findUser(new DirectoryUserKey(ORG, DIR, "u1")).orElseThrow().user();
        int n = Integer.parseInt(String.valueOf(u.customAttributes().getOrDefault("count", "0")));
        DirectoryUser next = u.toBuilder().customAttributes(Map.of("count", String.valueOf(n + 1))).build();
        return new SourceEvent.UserUpdated(new EventMeta("scim:" + UUID.randomUUID(), ORG, DIR, Source.scim("Okta"),
                m.now()), next);
    }

    @Test
    void concurrentReadModifyWritesOnTwoInstancesLoseNoUpdate() throws Exception {
        DirectorySync a = engine(poolA);
        DirectorySync b = engine(poolB);
        a.createOrganization(ORG, "Acme");
        a.accept(new SourceEvent.UserCreated(new EventMeta("create", ORG, DIR, Source.scim("Okta"),
                java.time.Instant.parse("2026-01-01T00:00:00Z")), DirectoryUser.builder("u1", DIR).email("u1@acme.test")
                .customAttributes(Map.of("count", "0")).build()));

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < PER_INSTANCE; i++) {
                done.add(pool.submit(() -> a.acceptComputed(ORG, m -> List.of(increment(m)))));
                done.add(pool.submit(() -> b.acceptComputed(ORG, m -> List.of(increment(m)))));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        Object count = b.directoryUsers(ORG).get(0).user().customAttributes().get("count");
        assertThat(String.valueOf(count)).isEqualTo(String.valueOf(2 * PER_INSTANCE));
    }
}
