package dev.dirsync.jdbi;

import com.zaxxer.hikari.HikariDataSource;
import dev.dirsync.core.DirectorySync;
import dev.dirsync.core.event.EventMeta;
import dev.dirsync.core.event.Source;
import dev.dirsync.core.event.SourceEvent;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.GroupMapping;
import dev.dirsync.core.model.OrganizationSettings;
import dev.dirsync.core.spi.ApiKeyRevoker;
import dev.dirsync.core.spi.SessionRevoker;
import dev.dirsync.core.state.StateStore;
import dev.dirsync.core.state.memory.InMemoryStateStore;
import dev.dirsync.core.testkit.InMemoryUserStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A load driver (not a test): events per second through the whole engine — ledger, mirror, projection, audit,
 * host SPI — on each state store, as webhooks (one transaction per event) and as a bulk import (mirror only,
 * then one re-projection). Prints the median of the runs. Run it with:
 * <pre>
 * mvn -B -q -pl dirsync-jdbi -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt \
 *   -Dmdep.includeScope=test
 * java -cp dirsync-jdbi/target/test-classes:dirsync-jdbi/target/classes:dirsync-core/target/classes:\
 * dirsync-core/target/test-classes:$(cat dirsync-jdbi/target/cp.txt)  dev.dirsync.jdbi.EngineThroughput 1000 5 [memory|h2|postgres|mariadb]
 * </pre>
 */
public final class EngineThroughput {
    private static final String ORG = "bench";
    private static final String DIR = "dir";

    public static void main(String[] args) {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String only = args.length > 2 ? args[2] : "";
        System.out.printf("%-10s %-8s %8s %14s%n", "store", "path", "events", "events/s (median of " + runs + ")");
        if (only.isEmpty() || only.equals("memory")) {
            measure("memory", users, runs, InMemoryStateStore::new);
        }
        for (TestDatabase db : TestDatabase.values()) {
            if (!only.isEmpty() && !only.equalsIgnoreCase(db.name())) {
                continue;
            }
            HikariDataSource ds = TestDatabase.pool(db.newUrl(), 4);
            try {
                List<String> prefixes = new ArrayList<>();
                measure(db.name().toLowerCase(java.util.Locale.ROOT), users, runs, () -> {
                    String p = TestDatabase.newPrefix();
                    prefixes.add(p);
                    return JdbiStateStore.builder(ds).tablePrefix(p).build();
                });
                prefixes.forEach(p -> TestDatabase.dropTables(ds, p));
            } finally {
                ds.close();
            }
        }
    }

    private static void measure(String name, int users, int runs, Supplier<StateStore> stores) {
        for (boolean bulk : new boolean[]{false, true}) {
            List<Double> rates = new ArrayList<>();
            int events = 0;
            for (int r = 0; r < runs + 1; r++) { // the first run warms the JIT and the connection pool
                List<SourceEvent> batch = events(users);
                events = batch.size();
                DirectorySync sync = DirectorySync.builder().stateStore(stores.get()).userStore(new InMemoryUserStore())
                        .sessionRevoker(SessionRevoker.NONE).apiKeyRevoker(ApiKeyRevoker.NONE).build();
                sync.createOrganization(ORG, "Bench", null, OrganizationSettings.defaults()
                        .withGroupMapping(new GroupMapping("g0", "admin", Set.of("eng")))
                        .withGroupMapping(GroupMapping.workspaces("g1", "sales")));
                long t0 = System.nanoTime();
                if (bulk) { // pages of 100, as the WorkOS importer sends them
                    for (int from = 0; from < batch.size(); from += 100) {
                        sync.acceptToMirror(ORG, batch.subList(from, Math.min(batch.size(), from + 100)));
                    }
                } else {
                    for (SourceEvent e : batch) {
                        sync.accept(e);
                    }
                }
                if (bulk) {
                    sync.reproject(ORG);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (r > 0) {
                    rates.add(batch.size() / seconds);
                }
            }
            Collections.sort(rates);
            System.out.printf("%-10s %-8s %8d %14.0f%n", name, bulk ? "bulk" : "webhook", events,
                    rates.get(rates.size() / 2));
        }
    }

    /** Users, each created and put in one of two mapped groups: two events per user. */
    private static List<SourceEvent> events(int users) {
        List<SourceEvent> out = new ArrayList<>();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < users; i++) {
            String id = String.format("u%05d", i);
            out.add(new SourceEvent.UserCreated(meta("c" + id, t.plusMillis(2L * i)),
                    DirectoryUser.builder(id, DIR).email(id + "@bench.test").givenName("U").familyName(id)
                            .department("R&D").title("Engineer").build()));
            out.add(new SourceEvent.UserAddedToGroup(meta("m" + id, t.plusMillis(2L * i + 1)), id, "g" + (i % 2)));
        }
        return out;
    }

    private static EventMeta meta(String id, Instant at) {
        return new EventMeta(id, ORG, DIR, Source.workos("Okta"), at);
    }
}
