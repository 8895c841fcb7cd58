package dev.dirsync.examples.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.dirsync.core.model.DirectoryGroup;
import dev.dirsync.core.model.DirectoryUser;
import dev.dirsync.core.model.Email;
import dev.dirsync.core.model.SourceVersion;
import dev.dirsync.core.state.MirrorGroup;
import dev.dirsync.core.state.MirrorMembership;
import dev.dirsync.core.state.MirrorUser;
import dev.dirsync.jdbi.JdbiStateStore;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seeds a SCIM directory of the demo's organization straight into dirsync's tables (the demo stopped), so that
 * the read benchmark ({@link ScimReadLoad}) can start from 100,000 users without a first sync over HTTP: users
 * {@code u000000..}, userName {@code user<i>@bench.test}, externalId {@code ext-<i>}, one work email, displayName
 * {@code User <i>}, one of ten titles ({@code Title <i % 10>}), every twentieth inactive, lastModified
 * {@link #T0} + i seconds; group {@code g-big} ("Everyone") with the first {@code --members} users, group
 * {@code g-small} with ten. The rows are what a SCIM POST would have stored (the same raw attributes).
 *
 * <p>Options: {@code --url --user --password} (JDBC), {@code --organization} (default acme), {@code --directory}
 * (default bench-scim), {@code --users} (default 1000), {@code --members} (default min(users, 50000)).
 */
public final class ScimSeed {
    /** lastModified of user 0; user i is i seconds later. */
    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int BATCH = 2_000;

    private ScimSeed() {
    }

    public static void main(String[] argv) {
        Map<String, String> a = Args.parse(argv);
        String org = a.getOrDefault("organization", "acme");
        String dir = a.getOrDefault("directory", "bench-scim");
        int users = Integer.parseInt(a.getOrDefault("users", "1000"));
        int members = Integer.parseInt(a.getOrDefault("members", String.valueOf(Math.min(users, 50_000))));
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(a.get("url"));
        c.setUsername(a.getOrDefault("user", "sa"));
        c.setPassword(a.getOrDefault("password", "").equals("-") ? "" : a.getOrDefault("password", ""));
        c.setMaximumPoolSize(2);
        long start = System.nanoTime();
        try (HikariDataSource ds = new HikariDataSource(c)) {
            JdbiStateStore store = JdbiStateStore.builder(ds).build();
            store.inTransaction(t -> {
                if (t.organizations().find(org).isEmpty()) {
                    throw new IllegalStateException("organization " + org + " does not exist: start the demo once first");
                }
                t.mirror().putGroup(new MirrorGroup(org, DirectoryGroup.of("g-big", dir, "Everyone"),
                        new SourceVersion(T0, "seed"), false));
                t.mirror().putGroup(new MirrorGroup(org, DirectoryGroup.of("g-small", dir, "Ten"),
                        new SourceVersion(T0, "seed"), false));
                return null;
            });
            for (int from = 0; from < users; from += BATCH) {
                int first = from;
                store.inTransaction(t -> {
                    for (int i = first; i < Math.min(users, first + BATCH); i++) {
                        String id = "u%06d".formatted(i);
                        t.mirror().putUser(new MirrorUser(org, user(id, dir, i), new SourceVersion(T0.plusSeconds(i),
                                "seed"), false));
                        if (i < members) {
                            t.mirror().putMembership(new MirrorMembership(org, dir, "g-big", id, true,
                                    new SourceVersion(T0, "seed")));
                        }
                        if (i < 10) {
                            t.mirror().putMembership(new MirrorMembership(org, dir, "g-small", id, true,
                                    new SourceVersion(T0, "seed")));
                        }
                    }
                    return null;
                });
            }
        }
        System.out.printf("SEEDED organization=%s directory=%s users=%d members=%d seconds=%.1f%n", org, dir, users,
                members, (System.nanoTime() - start) / 1e9);
    }

    static DirectoryUser user(String id, String dir, int i) {
        String userName = "user" + i + "@bench.test";
        String title = "Title " + (i % 10);
        boolean active = i % 20 != 0;
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"));
        raw.put("userName", userName);
        raw.put("externalId", "ext-" + i);
        raw.put("name", Map.of("givenName", "User", "familyName", String.valueOf(i)));
        raw.put("displayName", "User " + i);
        raw.put("emails", List.of(Map.of("value", userName, "type", "work", "primary", true)));
        raw.put("title", title);
        raw.put("active", active);
        raw.put("meta.created", T0.plusSeconds(i).toString()); // where dirsync's SCIM endpoint keeps meta.created
        return DirectoryUser.builder(id, dir).userName(userName).idpId("ext-" + i)
                .emails(List.of(new Email(userName, "work", true))).givenName("User").familyName(String.valueOf(i))
                .title(title).active(active).rawAttributes(raw).build();
    }
}
