package dev.dirsync.examples.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP load driver for a SCIM first sync, as an IdP pushes it to dirsync's SCIM endpoint (the demo app): creates a
 * fresh organization through the admin API (platform token), issues it a SCIM token, then
 * <ol>
 *   <li>users, timed: {@code --mode=post} sends one {@code POST /Users} per user over {@code --connections}
 *       concurrent connections (Okta's way); {@code --mode=bulk} sends {@code POST /Bulk} requests of
 *       {@code --bulk} {@code POST /Users} operations each;</li>
 *   <li>groups with memberships, timed separately: {@code POST /Groups}, then {@code PATCH} adding members in chunks
 *       of {@code --chunk} (each user joins two of {@code --groups} groups).</li>
 * </ol>
 * Users carry userName, emails, name, title, the enterprise extension's department and manager, and active. Reports
 * users/s, p50/p99 per request, non-2xx answers, the machine's load average, and, with {@code --gc-log} (the demo
 * run with {@code -Xlog:gc:file=...}), the largest heap left after a collection.
 *
 * <pre>
 * ScimLoad --url=http://127.0.0.1:38080 --platform-token=... --mode=post|bulk --users=10000 [--connections=8]
 *          [--bulk=500] [--groups=200] [--chunk=100] [--gc-log=target/bench/gc.log]
 * </pre>
 */
public final class ScimLoad {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final String BULK = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
    private static final String PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private String scim = "";
    private String token = "";
    private final AtomicInteger errors = new AtomicInteger();
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    /** The server's id of each user, from the answer that created it. */
    private String[] userIds = new String[0];

    private ScimLoad(String base) {
        this.base = base;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Args.parse(args);
        String url = a.getOrDefault("url", "http://127.0.0.1:38080");
        String mode = a.getOrDefault("mode", "post");
        int users = Integer.parseInt(a.getOrDefault("users", "10000"));
        int connections = Integer.parseInt(a.getOrDefault("connections", mode.equals("bulk") ? "1" : "8"));
        int bulk = Integer.parseInt(a.getOrDefault("bulk", "500"));
        int groups = Integer.parseInt(a.getOrDefault("groups", Integer.toString(Math.max(1, users / 50))));
        int chunk = Integer.parseInt(a.getOrDefault("chunk", "100"));
        String org = a.getOrDefault("org", "bench-" + UUID.randomUUID().toString().substring(0, 8));
        if (!mode.equals("post") && !mode.equals("bulk")) {
            throw new IllegalArgumentException("--mode is post or bulk, got " + mode);
        }
        ScimLoad load = new ScimLoad(url);
        load.setup(org, a.getOrDefault("platform-token", "bench-platform-token"));
        String loadBefore = loadAverage();

        long t0 = System.nanoTime();
        Result u = mode.equals("post") ? load.postUsers(users, connections) : load.bulkUsers(users, bulk, connections);
        double userSeconds = (System.nanoTime() - t0) / 1e9;
        String loadAfterUsers = loadAverage();
        System.out.println(String.format(Locale.ROOT, "RESULT mode=%s users=%d connections=%d%s seconds=%.2f "
                        + "users_per_s=%.1f p50_ms=%.2f p99_ms=%.2f requests=%d errors=%d load_before=%s load_after=%s",
                mode, users, connections, mode.equals("bulk") ? " bulk=" + bulk : "", userSeconds, users / userSeconds,
                u.pct(0.5), u.pct(0.99), u.latencies.length, u.errors, loadBefore, loadAfterUsers));

        if (groups > 0) {
            long g0 = System.nanoTime();
            Result g = load.groups(users, groups, chunk, connections);
            double groupSeconds = (System.nanoTime() - g0) / 1e9;
            System.out.println(String.format(Locale.ROOT, "GROUPS groups=%d memberships=%d seconds=%.2f "
                            + "memberships_per_s=%.1f p50_ms=%.2f p99_ms=%.2f requests=%d errors=%d",
                    groups, 2L * users, groupSeconds, 2L * users / groupSeconds, g.pct(0.5), g.pct(0.99),
                    g.latencies.length, g.errors));
        }
        if (a.containsKey("gc-log")) {
            System.out.println("HEAP " + heapAfterGc(Path.of(a.get("gc-log"))));
        }
        if (!load.statuses.isEmpty()) {
            System.out.println("non-2xx answers by status: " + load.statuses);
        }
        System.exit(load.errors.get() == 0 ? 0 : 1);
    }

    /** A fresh organization and its SCIM token, through the admin API (not timed). */
    private void setup(String org, String platformToken) throws Exception {
        ObjectNode o = JSON.createObjectNode().put("id", org).put("name", "Bench " + org);
        send("POST", base + "/dirsync/api/organizations", o, "Bearer " + platformToken, "application/json", 201);
        JsonNode cred = send("POST", base + "/dirsync/api/organizations/" + org + "/scim-credentials",
                JSON.createObjectNode().put("provider", "Okta"), "Bearer " + platformToken, "application/json", 201);
        scim = cred.path("scimBaseUrl").asText();
        token = cred.path("token").asText();
        if (scim.isEmpty() || token.isEmpty()) {
            throw new IllegalStateException("no SCIM token in the admin API's answer: " + cred);
        }
    }

    private record Result(long[] latencies, int errors) {
        double pct(double p) {
            long[] l = latencies.clone();
            Arrays.sort(l);
            if (l.length == 0) {
                return 0;
            }
            return l[(int) Math.min(l.length - 1, Math.max(0, Math.ceil(p * l.length) - 1))] / 1e6;
        }
    }

    /** One {@code POST /Users} per user, {@code connections} at once. */
    private Result postUsers(int users, int connections) throws Exception {
        userIds = new String[users];
        return parallel(users, connections, i -> {
            long t = System.nanoTime();
            JsonNode made = send("POST", scim + "/Users", user(i), "Bearer " + token, "application/scim+json", 201);
            long took = System.nanoTime() - t;
            userIds[i] = made.path("id").asText(null);
            return took;
        });
    }

    /** {@code POST /Bulk} of {@code size} user creations each, {@code connections} requests at once. */
    private Result bulkUsers(int users, int size, int connections) throws Exception {
        int requests = (users + size - 1) / size;
        userIds = new String[users];
        return parallel(requests, connections, r -> {
            ObjectNode req = JSON.createObjectNode();
            req.putArray("schemas").add(BULK);
            ArrayNode ops = req.putArray("Operations");
            for (int i = r * size; i < Math.min(users, (r + 1) * size); i++) {
                ops.addObject().put("method", "POST").put("path", "/Users").put("bulkId", "u" + i).set("data", user(i));
            }
            long t = System.nanoTime();
            JsonNode answer = send("POST", scim + "/Bulk", req, "Bearer " + token, "application/scim+json", 200);
            long took = System.nanoTime() - t;
            for (JsonNode op : answer.path("Operations")) {
                String location = op.path("location").asText("");
                if (op.path("bulkId").asText().startsWith("u") && !location.isEmpty()) {
                    userIds[Integer.parseInt(op.path("bulkId").asText().substring(1))] =
                            location.substring(location.lastIndexOf('/') + 1);
                }
                if (!op.path("status").asText().equals("201")) {
                    fail("bulk operation " + op.path("bulkId").asText() + " answered " + op.path("status").asText(),
                            op.path("status").asText(), op.toString());
                }
            }
            return took;
        });
    }

    /**
     * {@code groups} groups, then PATCH add members in chunks: user i joins group i % groups and group (i + 1) %
     * groups, by the ids the server answered when it created them.
     */
    private Result groups(int users, int groups, int chunk, int connections) throws Exception {
        String[] groupIds = new String[groups];
        parallel(groups, Math.max(1, connections), g -> {
            ObjectNode body = JSON.createObjectNode();
            body.putArray("schemas").add(GROUP);
            body.put("displayName", "Bench group " + g).put("externalId", "g" + g);
            JsonNode made = send("POST", scim + "/Groups", body, "Bearer " + token, "application/scim+json", 201);
            groupIds[g] = made.path("id").asText();
            return 0L;
        });
        List<List<String>> members = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < users; i++) {
            if (userIds[i] == null) {
                continue; // its creation failed (counted as an error)
            }
            members.get(i % groups).add(userIds[i]);
            members.get((i + 1) % groups).add(userIds[i]);
        }
        List<int[]> patches = new ArrayList<>(); // {group, from}: round-robin over the groups, so requests sent at
        // the same time go to different groups, as an IdP's do (it does not PATCH one group from two connections)
        int most = members.stream().mapToInt(List::size).max().orElse(0);
        for (int from = 0; from < most; from += chunk) {
            for (int g = 0; g < groups; g++) {
                if (from < members.get(g).size()) {
                    patches.add(new int[]{g, from});
                }
            }
        }
        return parallel(patches.size(), connections, p -> {
            int[] at = patches.get(p);
            List<String> ids = members.get(at[0]).subList(at[1], Math.min(members.get(at[0]).size(), at[1] + chunk));
            ObjectNode body = JSON.createObjectNode();
            body.putArray("schemas").add(PATCH);
            ArrayNode value = body.putArray("Operations").addObject().put("op", "add").put("path", "members")
                    .putArray("value");
            ids.forEach(id -> value.addObject().put("value", id));
            return timed("PATCH", scim + "/Groups/" + groupIds[at[0]] + "?excludedAttributes=members", body, 0);
        });
    }

    private interface Job {
        long run(int i) throws Exception;
    }

    /** Runs jobs 0..n-1 on {@code threads} threads taking them from a shared counter; latencies in nanoseconds. */
    private Result parallel(int n, int threads, Job job) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long[] lat = new long[n];
        int errorsBefore = errors.get();
        List<Thread> all = new ArrayList<>();
        List<Exception> failures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    for (int i; (i = next.getAndIncrement()) < n; ) {
                        lat[i] = job.run(i);
                    }
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "scim-" + t);
            all.add(th);
            th.start();
        }
        for (Thread th : all) {
            th.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        return new Result(lat, errors.get() - errorsBefore);
    }

    private long timed(String method, String url, ObjectNode body, int expected) throws Exception {
        long t = System.nanoTime();
        send(method, url, body, "Bearer " + token, "application/scim+json", expected);
        return System.nanoTime() - t;
    }

    /** Sends one request; counts an answer other than {@code expected} (0: any 2xx) as an error. */
    private JsonNode send(String method, String url, ObjectNode body, String authorization, String type, int expected)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(300))
                .header("Authorization", authorization).header("Accept", type);
        if (body == null) {
            b.GET();
        } else {
            b.header("Content-Type", type).method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        boolean ok = expected == 0 ? r.statusCode() / 100 == 2 : r.statusCode() == expected;
        if (!ok) {
            fail(method + " " + url, Integer.toString(r.statusCode()), r.body());
            if (expected != 0 && url.contains("/dirsync/api/")) {
                throw new IllegalStateException(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
            }
        }
        return r.body() == null || r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    private void fail(String what, String status, String body) {
        if (errors.incrementAndGet() <= 5) {
            System.err.println(what + " answered " + status + ": " + body);
        }
        statuses.merge(status, 1, Integer::sum);
    }

    private static String userName(int i) {
        return "user" + i + "@bench.example";
    }

    /** An Okta-shaped user: names, work email, title, department, a manager (every 20 users share one), active. */
    private static ObjectNode user(int i) {
        ObjectNode u = JSON.createObjectNode();
        u.putArray("schemas").add(USER).add(ENTERPRISE);
        u.put("userName", userName(i)).put("externalId", "00u" + i).put("title", i % 7 == 0 ? "Manager" : "Engineer")
                .put("active", true).put("displayName", "First" + i + " Last" + i);
        u.putObject("name").put("givenName", "First" + i).put("familyName", "Last" + i);
        u.putArray("emails").addObject().put("value", userName(i)).put("type", "work").put("primary", true);
        ObjectNode ext = u.putObject(ENTERPRISE);
        ext.put("department", "Department " + (i % 40)).put("employeeNumber", Integer.toString(100000 + i));
        ext.putObject("manager").put("value", "00u" + (i / 20 * 20)).put("displayName", "First" + (i / 20 * 20));
        return u;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + "," + f[1] + "," + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * The largest heap in use right after a collection, from a {@code -Xlog:gc} file
     * ({@code ... Pause Young (Normal) (G1 Evacuation Pause) 300M->120M(512M) 3.2ms}), with the number of collections.
     */
    static String heapAfterGc(Path log) throws IOException {
        Pattern p = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
        long max = 0;
        long committed = 0;
        int gcs = 0;
        for (String line : Files.readAllLines(log)) {
            Matcher m = p.matcher(line);
            if (m.find()) {
                gcs++;
                max = Math.max(max, Long.parseLong(m.group(2)));
                committed = Math.max(committed, Long.parseLong(m.group(3)));
            }
        }
        return "max_after_gc_mb=" + max + " max_committed_mb=" + committed + " collections=" + gcs;
    }
}
