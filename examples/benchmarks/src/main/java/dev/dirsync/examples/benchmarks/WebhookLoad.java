package dev.dirsync.examples.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dirsync.core.workos.WebhookVerifier;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP load driver: plays a WorkOS first sync as signed webhooks against a receiver (the demo app, or the
 * {@link FloorServer}) with N concurrent senders, and reports events per second and latency percentiles.
 *
 * <p>The company: {@code groups} directory groups (the demo's five mapped groups among them), then {@code users}
 * users, each sent as {@code dsync.user.created} followed by its memberships: one generated (unmapped) group, one of
 * the demo's team groups (Engineering, Sales, Support, Contractors: workspaces and a role), and one user in a
 * thousand joins Admins. So 10,000 users make about 20,000 memberships in 200 groups, the first sync.
 * A sender sends one user's events in order; senders take users from a shared counter.
 *
 * <p>With {@code --probe=N}, one sender then plays N more users through their life (created, added to a group,
 * updated, removed from the group, deleted) and the per-type p50 is reported: latency at this organization size.
 *
 * <p>With several comma-separated {@code --url}s (scale-out: several instances on one database), every event is
 * delivered to each of them at the same time, as the same signed body with the same event id, and its latency is
 * the slowest of the answers: the instances race to apply it, and it must be applied once. {@code --run} fixes the
 * user and event ids, so two runs with the same {@code --run} build the same directory (to compare final states).
 *
 * <p>With {@code --actuator=http://127.0.0.1:38080} (the demo with {@code dirsync.workos.webhook-intake=inbox}),
 * answered is not applied: after setup, after the warmup and after the timed phase the driver waits until the
 * demo's {@code dirsync.inbox.waiting} gauge reads 0, and prints an {@code APPLIED} line: events per second from
 * the timed phase's first send until its inbox was empty, and whether the engine reported an outcome for every
 * event sent ({@code dirsync.engine.events}) with none parked ({@code complete=true}).
 *
 * <pre>
 * WebhookLoad --url=http://127.0.0.1:38080/api/webhooks/workos --senders=8 --users=6000 [--warmup=500] [--probe=200]
 *             [--run=ID] [--url=http://a/api/webhooks/workos,http://b/api/webhooks/workos]
 *             [--actuator=http://127.0.0.1:38080]
 * </pre>
 */
public final class WebhookLoad {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String WORKOS_ORG = "org_01DEMOACME000000000000000";
    static final String DIRECTORY = "directory_01DEMOOKTA00000000000000";
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    /** The demo's groups (DemoCompany): Admins, then the teams. */
    static final String ADMINS = "directory_group_01DEMOADMINS";
    static final String[] TEAMS = {"directory_group_01DEMOENGINEERING", "directory_group_01DEMOSALES",
            "directory_group_01DEMOSUPPORT", "directory_group_01DEMOCONTRACTORS"};

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(60)).build(); // generous: the benchmark machine is shared and loaded
    private final List<URI> urls;
    private final String secret;
    private final String run;
    private final int generatedGroups;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger errors = new AtomicInteger();
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();

    private WebhookLoad(List<URI> urls, String secret, String run, int groups) {
        this.urls = List.copyOf(urls);
        this.secret = secret;
        this.run = run;
        this.generatedGroups = Math.max(1, groups - 1 - TEAMS.length);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Args.parse(args);
        List<URI> urls = Arrays.stream(a.getOrDefault("url", "http://127.0.0.1:38080/api/webhooks/workos").split(","))
                .map(String::trim).filter(u -> !u.isEmpty()).map(URI::create).toList();
        int senders = Integer.parseInt(a.getOrDefault("senders", "8"));
        int users = Integer.parseInt(a.getOrDefault("users", "2000"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "0"));
        int probe = Integer.parseInt(a.getOrDefault("probe", "0"));
        int groups = Integer.parseInt(a.getOrDefault("groups", "200"));
        String run = a.getOrDefault("run", UUID.randomUUID().toString().substring(0, 8));
        WebhookLoad load = new WebhookLoad(urls, a.getOrDefault("secret", "whsec_demo_local_only"), run, groups);

        String actuator = a.get("actuator");
        load.setup();
        load.drained(actuator);
        if (warmup > 0) {
            Result w = load.firstSync("w", warmup, senders);
            System.out.println("warmup " + w.line());
            load.drained(actuator);
        }
        long sentBefore = load.sequence.get();
        long t0 = System.nanoTime();
        Result r = load.firstSync("u", users, senders);
        System.out.println("RESULT " + r.line() + String.format(Locale.ROOT, " senders=%d users=%d", senders, users));
        if (actuator != null) {
            load.drained(actuator);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long events = load.sequence.get() - sentBefore;
            long outcomes = (long) load.metric(actuator, "dirsync.engine.events");
            long parked = (long) load.metric(actuator, "dirsync.inbox.parked");
            System.out.println(String.format(Locale.ROOT, "APPLIED events=%d seconds=%.2f applied_per_s=%.1f "
                            + "drain_after_answers_s=%.2f engine_outcomes=%d sent=%d parked=%d complete=%b", events,
                    seconds, events / seconds, seconds - r.seconds(), outcomes, load.sequence.get(), parked,
                    outcomes >= load.sequence.get() && parked == 0));
        }
        if (probe > 0) {
            load.probe(probe);
        }
        if (!load.statuses.isEmpty()) {
            System.out.println("non-2xx answers by status: " + load.statuses);
        }
        System.exit(load.errors.get() == 0 ? 0 : 1);
    }

    /** Waits until the demo's webhook inbox is empty (nothing to wait for without {@code --actuator}). */
    private void drained(String actuator) throws Exception {
        if (actuator == null) {
            return;
        }
        long until = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (metric(actuator, "dirsync.inbox.waiting") > 0) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("the inbox did not drain within 30 minutes");
            }
            Thread.sleep(20);
        }
    }

    /** A meter's value (a gauge's VALUE, a counter's COUNT) from Actuator's metrics endpoint. */
    private double metric(String actuator, String name) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(actuator + "/actuator/metrics/" + name))
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 404) {
            return 0; // a counter nobody incremented yet
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException(name + ": HTTP " + r.statusCode() + " " + r.body());
        }
        for (var m : JSON.readTree(r.body()).path("measurements")) {
            return m.path("value").asDouble();
        }
        return 0;
    }

    /** The directory and its groups, sequentially (not timed). */
    private void setup() throws Exception {
        send("dsync.activated", directory());
        send("dsync.group.created", group(ADMINS));
        for (String t : TEAMS) {
            send("dsync.group.created", group(t));
        }
        for (int g = 0; g < generatedGroups; g++) {
            send("dsync.group.created", group(generatedGroup(g)));
        }
    }

    private record Result(long events, double seconds, long[] latencies, int errors) {
        String line() {
            long[] l = latencies.clone();
            Arrays.sort(l);
            return String.format(Locale.ROOT, "events=%d seconds=%.2f events_per_s=%.1f p50_ms=%.2f p99_ms=%.2f errors=%d",
                    events, seconds, events / seconds, pct(l, 0.50), pct(l, 0.99), errors);
        }
    }

    private Result firstSync(String phase, int users, int senders) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<long[]> perSender = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        int errorsBefore = errors.get();
        long start = System.nanoTime();
        for (int t = 0; t < senders; t++) {
            long[] lat = new long[users * 4 + 16];
            int[] n = new int[1];
            perSender.add(lat);
            counts.add(n);
            Thread th = new Thread(() -> {
                try {
                    for (int i; (i = next.getAndIncrement()) < users; ) {
                        String id = userId(phase, i);
                        lat[n[0]++] = send("dsync.user.created", user(id, i, "active", "Engineer"));
                        lat[n[0]++] = send("dsync.group.user_added", membership(id, i, generatedGroup(i % generatedGroups)));
                        lat[n[0]++] = send("dsync.group.user_added", membership(id, i, TEAMS[i % TEAMS.length]));
                        if (i % 1000 == 1) {
                            lat[n[0]++] = send("dsync.group.user_added", membership(id, i, ADMINS));
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "sender-" + t);
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long total = counts.stream().mapToLong(c -> c[0]).sum();
        long[] all = new long[(int) total];
        int k = 0;
        for (int t = 0; t < senders; t++) {
            System.arraycopy(perSender.get(t), 0, all, k, counts.get(t)[0]);
            k += counts.get(t)[0];
        }
        return new Result(total, seconds, all, errors.get() - errorsBefore);
    }

    /** One sender, users through their whole life: per-type latency at the organization's current size. */
    private void probe(int n) throws Exception {
        String[] types = {"dsync.user.created", "dsync.group.user_added", "dsync.user.updated",
                "dsync.group.user_removed", "dsync.user.deleted"};
        long[][] lat = new long[types.length][n];
        for (int i = 0; i < n; i++) {
            String id = userId("p", i);
            String g = generatedGroup(i % generatedGroups);
            lat[0][i] = send(types[0], user(id, i, "active", "Engineer"));
            lat[1][i] = send(types[1], membership(id, i, g));
            lat[2][i] = send(types[2], user(id, i, "active", "Senior Engineer"));
            lat[3][i] = send(types[3], membership(id, i, g, "Senior Engineer"));
            lat[4][i] = send(types[4], user(id, i, "inactive", "Senior Engineer"));
        }
        for (int t = 0; t < types.length; t++) {
            long[] l = lat[t].clone();
            Arrays.sort(l);
            System.out.println(String.format(Locale.ROOT, "PROBE type=%s n=%d p50_ms=%.2f p99_ms=%.2f", types[t], n,
                    pct(l, 0.5), pct(l, 0.99)));
        }
    }

    /** Sends one signed envelope; returns its latency in nanoseconds. */
    private long send(String type, ObjectNode data) throws Exception {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("object", "event").put("id", "event_bench_" + run + "_" + sequence.incrementAndGet())
                .put("event", type);
        envelope.set("data", data);
        envelope.put("created_at", Instant.now().toString());
        String body = JSON.writeValueAsString(envelope);
        String signature = WebhookVerifier.sign(body, secret, System.currentTimeMillis());
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>(urls.size());
        long t0 = System.nanoTime();
        for (URI url : urls) { // to every instance at once: with several, they race for the same event
            HttpRequest req = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .header("WorkOS-Signature", signature)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            answers.add(http.sendAsync(req, HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> r = answer.get();
            if (r.statusCode() / 100 != 2) {
                if (errors.incrementAndGet() <= 5) {
                    System.err.println(type + " answered " + r.statusCode() + " at " + r.uri() + ": " + r.body());
                }
                statuses.merge(Integer.toString(r.statusCode()), 1, Integer::sum);
            }
        }
        long took = System.nanoTime() - t0;
        return took;
    }

    private String userId(String phase, int i) {
        return "directory_user_bench_" + run + "_" + phase + i;
    }

    static String generatedGroup(int g) {
        return "directory_group_bench_" + g;
    }

    private ObjectNode directory() {
        ObjectNode d = JSON.createObjectNode();
        d.put("object", "directory").put("id", DIRECTORY).put("organization_id", WORKOS_ORG).put("name", "Acme Okta")
                .put("state", "active").put("type", "okta scim v2.0").put("created_at", Instant.now().toString())
                .put("updated_at", Instant.now().toString());
        return d;
    }

    private static ObjectNode group(String id) {
        String name = id.substring(id.lastIndexOf('_') + 1);
        ObjectNode o = JSON.createObjectNode();
        o.put("object", "directory_group").put("id", id).put("idp_id", "00g" + id.hashCode())
                .put("directory_id", DIRECTORY).put("organization_id", WORKOS_ORG).put("name", name)
                .put("created_at", "2026-01-05T09:00:00.000Z").put("updated_at", "2026-01-05T09:00:00.000Z");
        o.putObject("raw_attributes").put("displayName", name);
        return o;
    }

    private static ObjectNode user(String id, int i, String state, String title) {
        String first = "First" + i;
        String last = "Last" + id.substring(id.length() - Math.min(6, id.length()));
        String email = id.replace("directory_user_", "") + "@acme.test";
        ObjectNode u = JSON.createObjectNode();
        u.put("object", "directory_user").put("id", id).put("idp_id", "00u" + id.hashCode())
                .put("directory_id", DIRECTORY).put("organization_id", WORKOS_ORG).put("first_name", first)
                .put("last_name", last).put("email", email).put("state", state)
                .put("created_at", "2026-01-05T09:00:00.000Z").put("updated_at", Instant.now().toString())
                .put("username", email).put("job_title", title);
        u.putArray("emails").addObject().put("primary", true).put("type", "work").put("value", email);
        ObjectNode raw = u.putObject("raw_attributes");
        raw.put("userName", email).put("title", title).put("active", "active".equals(state));
        raw.putObject("name").put("givenName", first).put("familyName", last);
        raw.putObject(ENTERPRISE).put("department", "Engineering");
        u.putObject("custom_attributes").put("department_name", "Engineering");
        u.putObject("role").put("slug", "member");
        return u;
    }

    private static ObjectNode membership(String userId, int i, String groupId) {
        return membership(userId, i, groupId, "Engineer");
    }

    /** WorkOS sends the user's and the group's current snapshots with a membership event. */
    private static ObjectNode membership(String userId, int i, String groupId, String title) {
        ObjectNode m = JSON.createObjectNode();
        m.put("directory_id", DIRECTORY);
        m.set("user", user(userId, i, "active", title));
        m.set("group", group(groupId));
        return m;
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
        return sorted[i] / 1e6;
    }
}
